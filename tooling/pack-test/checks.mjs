// @ts-check
/**
 * What the pack test asserts about one installed package's public surface, against
 * `design-contract.json` (the table of DESIGN.md §1). The entry scripts `exports.mjs` and
 * `exports.cjs` load the package (by `import` and by `require`) and hand its namespace here.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const contract = JSON.parse(readFileSync(new URL("./design-contract.json", import.meta.url), "utf8"));

/**
 * @typedef {{ classes: string[]; functions: string[]; values: string[]; types: string[] }} Surface
 */

/**
 * The documented surface of a package; the umbrella's is the union of the packages it re-exports.
 * @param {string} name
 * @returns {Surface | undefined}
 */
export function documentedSurface(name) {
  const entry = contract.packages[name];
  if (!entry) return undefined;
  if (!entry.reexports) return entry;
  /** @type {Surface} */
  const union = { classes: [], functions: [], values: [], types: [] };
  for (const source of entry.reexports) {
    const part = contract.packages[source];
    for (const kind of /** @type {const} */ (["classes", "functions", "values", "types"]))
      union[kind].push(...part[kind]);
  }
  return union;
}

/**
 * The packages whose exports the umbrella must hand out unchanged (the same objects).
 * @param {string} name
 * @returns {string[]}
 */
export function reexportedPackages(name) {
  return contract.packages[name]?.reexports ?? [];
}

/** @param {unknown} value */
function isClass(value) {
  return typeof value === "function" && /^class\b/.test(Function.prototype.toString.call(value));
}

/**
 * Check that every documented runtime export is there and of the documented kind.
 * @param {string} name the package name
 * @param {Record<string, unknown>} namespace what `import` or `require` gave
 * @returns {string[]} the problems found (empty when all is well)
 */
export function checkRuntimeExports(name, namespace) {
  const surface = documentedSurface(name);
  if (!surface) return [`${name} is not in design-contract.json: add its documented exports there`];
  const problems = [];
  for (const key of surface.classes) {
    const value = namespace[key];
    if (!isClass(value)) {
      problems.push(`${key} should be a class, got ${describe(value)}`);
    } else if (contract.errors.includes(key) && !extendsError(value)) {
      problems.push(`${key} should extend Error`);
    }
  }
  for (const key of surface.functions) {
    const value = namespace[key];
    if (typeof value !== "function" || isClass(value)) {
      problems.push(`${key} should be a function, got ${describe(value)}`);
    }
  }
  for (const key of surface.values) {
    if (namespace[key] === undefined || typeof namespace[key] === "function") {
      problems.push(`${key} should be a constant, got ${describe(namespace[key])}`);
    }
  }
  return problems;
}

/** @param {unknown} value a class */
function extendsError(value) {
  return typeof value === "function" && value.prototype instanceof Error;
}

/** @param {unknown} value */
function describe(value) {
  if (value === undefined) return "nothing (not exported)";
  if (isClass(value)) return "a class";
  return typeof value;
}

/**
 * The names that a declaration file exports, following `export * from "./x"` into sibling files.
 * Enough for the flat declarations tsup emits; not a TypeScript parser.
 * @param {string} file an absolute path to a `.d.ts` (or `.d.mts`) file
 * @param {Set<string>} [seen]
 * @returns {Set<string>}
 */
export function declaredExports(file, seen = new Set()) {
  const names = new Set();
  if (seen.has(file)) return names;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of (match[1] ?? "").split(",")) {
      const words = part
        .trim()
        .replace(/^type\s+/, "")
        .split(/\s+as\s+/);
      const exported = words.at(-1)?.trim();
      if (exported) names.add(exported);
    }
  }
  const declaration =
    /export\s+(?:declare\s+)?(?:abstract\s+)?(?:class|interface|type|function|const|let|var|enum|namespace)\s+([A-Za-z_$][\w$]*)/g;
  for (const match of text.matchAll(declaration)) names.add(/** @type {string} */ (match[1]));
  for (const match of text.matchAll(/export\s+\*\s+from\s+["']([^"']+)["']/g)) {
    const target = /** @type {string} */ (match[1]);
    if (!target.startsWith(".")) continue;
    const base = join(dirname(file), target).replace(/\.(m?js)$/, "");
    for (const candidate of [`${base}.d.ts`, `${base}.d.mts`, join(base, "index.d.ts")]) {
      try {
        for (const name of declaredExports(candidate, seen)) names.add(name);
        break;
      } catch {
        // not this spelling of the file; try the next
      }
    }
  }
  return names;
}

/**
 * Check that the package's type declarations (the `types` condition of its "." export, as
 * installed) export every documented name, types and runtime values alike.
 * @param {string} name the package name
 * @param {string} fromDir a folder whose node_modules holds the package
 * @returns {string[]} the problems found
 */
export function checkDeclaredExports(name, fromDir) {
  const surface = documentedSurface(name);
  if (!surface) return [`${name} is not in design-contract.json`];
  const require = createRequire(join(fromDir, "noop.js"));
  const manifestPath = require.resolve(`${name}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const root = manifest.exports?.["."];
  const types = typeof root === "object" && root !== null ? root.types : undefined;
  if (typeof types !== "string")
    return [`the installed package.json of ${name} has no "types" condition on "."`];
  const declared = declaredExports(join(dirname(manifestPath), types));
  const all = [...surface.classes, ...surface.functions, ...surface.values, ...surface.types];
  return all.filter((key) => !declared.has(key)).map((key) => `${key} is missing from ${types}`);
}
