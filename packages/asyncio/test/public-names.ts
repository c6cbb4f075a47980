/**
 * Test helpers: the public names of a package, read from its `src/index.ts`, and the names of
 * DESIGN.md §1's table.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The five packages the umbrella re-exports, in DESIGN.md's order. */
export const PACKAGES = ["@x/loop", "@x/task", "@x/sync", "@x/gather", "@x/http"] as const;
export type PackageName = (typeof PACKAGES)[number];

/** One name an index module exports. */
export interface ExportedName {
  readonly name: string;
  /** Exported with `type` (an interface or a type alias), so absent at run time. */
  readonly typeOnly: boolean;
  /** The module it is re-exported from, as written (`"./lock.js"`, `"@x/loop"`). */
  readonly from: string;
}

const require = createRequire(import.meta.url);

/** The TypeScript source of `pkg`'s root entry point (its `@x/source` export). */
export function sourceEntry(pkg: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    exports: { ".": { "@x/source": string } };
  };
  return join(dirname(manifestPath), manifest.exports["."]["@x/source"]);
}

/**
 * The names an index module exports. Index modules re-export by explicit name (STYLE.md); anything
 * else (`export *`, a local declaration) is refused, since its names could not be listed here.
 */
export function exportedNames(file: string): ExportedName[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const names: ExportedName[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) continue;
    if (
      !ts.isExportDeclaration(statement) ||
      statement.moduleSpecifier === undefined ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      statement.exportClause === undefined ||
      !ts.isNamedExports(statement.exportClause)
    ) {
      throw new Error(`${file}: only \`export { … } from "…"\` is expected, found: ${statement.getText()}`);
    }
    for (const element of statement.exportClause.elements) {
      names.push({
        name: element.name.text,
        typeOnly: statement.isTypeOnly || element.isTypeOnly,
        from: statement.moduleSpecifier.text,
      });
    }
  }
  return names;
}

/** Where DESIGN.md is: `shared/` sits next to the repository (`../shared` from its root). */
export const DESIGN_PATH: string = fileURLToPath(new URL("../../../../shared/DESIGN.md", import.meta.url));

/** Whether DESIGN.md is there: in CI and on the team's machines (shared/ beside the repository), not in a user's clone. */
export const designAvailable: boolean = existsSync(DESIGN_PATH);

/**
 * The committed copy of DESIGN.md §1's table (tooling/pack-test/design-contract.json, also used by the
 * pack test): package → the public names it owns. A clone without DESIGN.md checks against it; where
 * DESIGN.md is there, a test checks that the two agree.
 */
export function contractTable(): Map<string, string[]> {
  const file = fileURLToPath(new URL("../../../tooling/pack-test/design-contract.json", import.meta.url));
  const contract = JSON.parse(readFileSync(file, "utf8")) as {
    packages: Record<
      string,
      { classes?: string[]; functions?: string[]; values?: string[]; types?: string[] }
    >;
  };
  const table = new Map<string, string[]>();
  for (const pkg of PACKAGES) {
    const entry = contract.packages[pkg] ?? {};
    table.set(pkg, [
      ...(entry.classes ?? []),
      ...(entry.functions ?? []),
      ...(entry.values ?? []),
      ...(entry.types ?? []),
    ]);
  }
  return table;
}

/** DESIGN.md §1's table: package → the public names it owns. */
export function designTable(): Map<string, string[]> {
  if (!designAvailable) {
    throw new Error(
      `DESIGN.md is missing: expected it at ${DESIGN_PATH} (the shared/ folder cloned next to the repository, as ../shared/DESIGN.md from its root)`,
    );
  }
  const text = readFileSync(DESIGN_PATH, "utf8");
  const start = text.search(/^## 1\./m);
  const end = text.search(/^## 2\./m);
  if (start < 0 || end < start) throw new Error(`${DESIGN_PATH}: no section "## 1." followed by "## 2."`);
  const table = new Map<string, string[]>();
  for (const line of text.slice(start, end).split("\n")) {
    const row = /^\|\s*`(@x\/[a-z]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (row === null) continue;
    const names = [...(row[2] ?? "").matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => m[1] as string);
    table.set(row[1] as string, names);
  }
  return table;
}
