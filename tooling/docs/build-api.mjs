#!/usr/bin/env node
// @ts-check
/**
 * Build the API reference in docs/api with TypeDoc, from the TypeScript sources of every library
 * package (packages/*, private ones excepted), and fail when the doc coverage is incomplete: an
 * undocumented public export, a public signature that names a type the package does not export, or
 * a `{@link}` that resolves to nothing (see typedoc.config.mjs).
 *
 * Before TypeDoc runs, each package's entry points are checked against its `exports`: every
 * export's `@x/source` file must be one of the `src/**\/index.ts` files TypeDoc documents and the
 * other way round, so a new subpath export cannot go undocumented. A package whose exports point
 * at sources that do not exist yet (a scaffolded package) is skipped, and said so.
 *
 * Usage: node tooling/docs/build-api.mjs   (the root's `pnpm docs`)
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
const packagesDir = join(repoRoot, "packages");

/**
 * The `@x/source` files a package's `exports` point at, relative to the package folder.
 * @param {Record<string, unknown>} manifest
 * @returns {string[]}
 */
function exportedSources(manifest) {
  const exportsField = manifest.exports;
  if (typeof exportsField !== "object" || exportsField === null) return [];
  const sources = [];
  for (const [subpath, target] of Object.entries(exportsField)) {
    if (subpath === "./package.json" || typeof target !== "object" || target === null) continue;
    const source = /** @type {Record<string, unknown>} */ (target)["@x/source"];
    if (typeof source === "string") sources.push(source.replace(/^\.\//, ""));
  }
  return sources.sort();
}

/**
 * The files TypeDoc takes as the package's entry points: src/index.ts and src/<dir>/index.ts at
 * any depth (mirrors `packageOptions.entryPoints`).
 * @param {string} packageDir
 * @returns {string[]}
 */
function globbedEntryPoints(packageDir) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} dir */
  const walk = (dir) => {
    for (const name of readdirSync(join(packageDir, dir))) {
      const path = join(dir, name);
      if (statSync(join(packageDir, path)).isDirectory()) {
        walk(path);
      } else if (name === "index.ts") {
        found.push(path.split("\\").join("/"));
      }
    }
  };
  if (existsSync(join(packageDir, "src"))) walk("src");
  return found.sort();
}

/** @type {{ dir: string; name: string }[]} */
const documented = [];
/** @type {string[]} */
const problems = [];
for (const folder of readdirSync(packagesDir).sort()) {
  const packageDir = join(packagesDir, folder);
  const manifestPath = join(packageDir, "package.json");
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (manifest.private) continue;
  const sources = exportedSources(manifest);
  const present = sources.filter((source) => existsSync(join(packageDir, source)));
  if (present.length === 0) {
    console.log(`${manifest.name}: skipped, none of its exported sources exists yet (${sources.join(", ")})`);
    continue;
  }
  if (present.length < sources.length) {
    const missing = sources.filter((source) => !present.includes(source));
    problems.push(`${manifest.name}: its exports point at missing sources: ${missing.join(", ")}`);
  }
  const globbed = globbedEntryPoints(packageDir);
  const undocumented = present.filter((source) => !globbed.includes(source));
  const notExported = globbed.filter((source) => !sources.includes(source));
  if (undocumented.length > 0) {
    problems.push(
      `${manifest.name}: exported sources that are not src/**/index.ts, so TypeDoc would miss them: ${undocumented.join(", ")}`,
    );
  }
  if (notExported.length > 0) {
    problems.push(
      `${manifest.name}: ${notExported.join(", ")} would be documented as entry points, but no export points at them: rename them (only the files that exports point at may be called index.ts)`,
    );
  }
  documented.push({ dir: packageDir, name: manifest.name });
}
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}

const require = createRequire(import.meta.url);
const typedocManifestPath = require.resolve("typedoc/package.json");
const typedocManifest = JSON.parse(readFileSync(typedocManifestPath, "utf8"));
const typedocBin = join(dirname(typedocManifestPath), typedocManifest.bin.typedoc);

const args = [typedocBin, "--options", join(here, "typedoc.config.mjs")];
for (const { dir, name } of documented) {
  args.push("--entryPoints", dir, "--packagesRequiringDocumentation", name);
}
console.log(`TypeDoc ${typedocManifest.version}: ${documented.map((p) => p.name).join(", ")}`);
const result = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: "inherit" });
if (result.status !== 0) {
  console.error(
    `\nThe API reference failed (TypeDoc exited with ${result.status ?? result.signal}): every public export needs a doc comment, every type a public signature names must be exported, and every {@link} must resolve — see the warnings above.`,
  );
  process.exit(result.status ?? 1);
}
console.log(`API reference written to ${relative(process.cwd(), join(repoRoot, "docs", "api")) || "."}`);
