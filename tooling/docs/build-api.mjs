#!/usr/bin/env node
// @ts-check
/**
 * Build the API reference in docs/api with TypeDoc, from the TypeScript sources of every library
 * package (packages/*, private ones excepted), and fail when the doc coverage is incomplete: an
 * undocumented public export, a public signature that names a type the package does not export, or
 * a `{@link}` that resolves to nothing (see typedoc.config.mjs).
 *
 * Gaps that exist today and are the packages' owners to fix are listed, message by message (without
 * the module that leads to the symbol, so a re-export is the same gap), in known-gaps.json: they are reported on every run without failing it, and a listed gap that is gone
 * is reported so that it can be taken out. Any other validation warning fails the build.
 *
 * Before TypeDoc runs, each package's entry points are checked against its `exports`: every
 * export's `@x/source` file must be one of the `src/**\/index.ts` files TypeDoc documents and the
 * other way round, so a new subpath export cannot go undocumented. A package whose exports point
 * at sources that do not exist yet (a scaffolded package) is skipped, and said so.
 *
 * Usage: node tooling/docs/build-api.mjs   (the root's `pnpm run docs`)
 *        node tooling/docs/build-api.mjs --self-check   (TypeDoc on fixtures/undocumented, which has
 *        one gap of each kind: each must be reported)
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Application } from "typedoc";

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

const selfCheck = process.argv.includes("--self-check");
/** @type {{ dir: string; name: string; entries: string[] }[]} */
const documented = [];
/** @type {string[]} */
const problems = [];
if (selfCheck) {
  const dir = join(here, "fixtures", "undocumented");
  documented.push({
    dir,
    name: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name,
    entries: ["src/index.ts"],
  });
}
for (const folder of selfCheck ? [] : readdirSync(packagesDir).sort()) {
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
  documented.push({ dir: packageDir, name: manifest.name, entries: globbed });
}
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}

const known = selfCheck ? new Set() : knownGaps();
const app = await Application.bootstrapWithPlugins({
  options: join(here, "typedoc.config.mjs"),
  entryPoints: documented.map((p) => p.dir),
  packagesRequiringDocumentation: documented.map((p) => p.name),
  // The self-check's warnings are expected: it reports them itself, only when one is missing.
  ...(selfCheck ? { logLevel: "Error" } : {}),
});
console.log(`TypeDoc ${Application.VERSION}: ${documented.map((p) => p.name).join(", ")}`);

// Validation warnings that known-gaps.json lists are reported as known, and do not fail the build.
/** @type {Set<string>} */
const seenGaps = new Set();
/** @type {string[]} */
const reported = [];
const logger = app.logger;
const validationWarning = logger.validationWarning.bind(logger);
logger.validationWarning = (/** @type {Parameters<typeof logger.validationWarning>} */ ...args) => {
  const [message] = args;
  reported.push(String(message));
  const gap = typeof message === "string" ? withoutModule(message) : undefined;
  if (gap !== undefined && known.has(gap)) {
    seenGaps.add(gap);
    return;
  }
  validationWarning(...args);
};

const project = await app.convert();
if (!project) fail(3, "TypeDoc could not convert the packages (see the errors above).");
app.validate(project);
if (selfCheck) checkSelf();
const stale = [...known].filter((gap) => !seenGaps.has(gap));
if (seenGaps.size > 0) {
  console.log(
    `\n${seenGaps.size} known gap(s), listed in tooling/docs/known-gaps.json for their owners to fix:`,
  );
  for (const gap of seenGaps) console.log(`  - ${gap}`);
}
if (stale.length > 0) {
  console.log(
    `\n${stale.length} gap(s) of tooling/docs/known-gaps.json are fixed; take them out of the list:`,
  );
  for (const gap of stale) console.log(`  - ${gap}`);
}
if (logger.hasErrors() || logger.validationWarningCount > 0) {
  fail(
    4,
    `The API reference failed: ${logger.validationWarningCount} validation warning(s) above. Every public export needs a doc comment, every type a public signature names must be exported, and every {@link} must resolve.`,
  );
}
await app.generateOutputs(project);
if (logger.hasErrors()) fail(5, "TypeDoc could not write the API reference.");
console.log(`API reference written to ${relative(process.cwd(), join(repoRoot, "docs", "api")) || "."}`);

/**
 * `--self-check`: the fixture package has one gap of each kind, and each must have been reported
 * (a configuration that stopped reporting one would let undocumented exports through unnoticed).
 * @returns {never}
 */
function checkSelf() {
  const expected = [
    /^undocumented \(CallSignature\), defined in .*, does not have any documentation$/,
    /^Widget\.colour \(CallSignature\), defined in .*, does not have any documentation$/,
    /^HiddenOptions, defined in .*, is referenced by documented\.options but not included in the documentation$/,
    /^Failed to resolve link to "Nowhere" in comment for documented/,
  ];
  const names = [
    "an undocumented function",
    "an undocumented method",
    "a type that is not exported",
    "a broken {@link}",
  ];
  const missing = expected.flatMap((pattern, i) =>
    reported.some((message) => pattern.test(withoutModule(message))) ? [] : [names[i]],
  );
  if (missing.length > 0 || reported.length !== expected.length) {
    fail(
      1,
      `self-check failed: on the fixture package TypeDoc reported ${reported.length} validation warning(s), expected ${expected.length}; not reported: ${missing.join(", ") || "none"}\n  ${reported.join("\n  ")}`,
    );
  }
  console.log(`self-check ok: TypeDoc reports ${names.join(", ")}`);
  process.exit(0);
}

/**
 * A validation message without the module that leads to the reflection it names: the same symbol
 * re-exported by another package (the umbrella `@x/asyncio` re-exports every name) is the same gap,
 * and its message names the file that defines it. `@x/http.BasicAuth.password (Property), defined
 * in @x/http/src/options.ts, …` becomes `BasicAuth.password (Property), defined in …`.
 * @param {string} message
 */
function withoutModule(message) {
  const prefixes = documented
    .flatMap(({ name, entries }) => [
      ...(entries.length > 1
        ? entries.map(
            (entry) => `${name}.${entry.replace(/^src\//, "").replace(/\/?index\.ts$/, "") || "index"}.`,
          )
        : []),
      `${name}.`,
    ])
    .sort((a, b) => b.length - a.length);
  const prefix = prefixes.find((p) => message.startsWith(p));
  return prefix === undefined ? message : message.slice(prefix.length);
}

/**
 * The validation warnings known today, which are the packages' owners to fix: known-gaps.json,
 * `{ "gaps": ["<TypeDoc's message>", …] }`.
 * @returns {Set<string>}
 */
function knownGaps() {
  const path = join(here, "known-gaps.json");
  if (!existsSync(path)) return new Set();
  const { gaps } = JSON.parse(readFileSync(path, "utf8"));
  return new Set(Array.isArray(gaps) ? gaps.map(String) : []);
}

/**
 * @param {number} code
 * @param {string} message
 * @returns {never}
 */
function fail(code, message) {
  console.error(`\n${message}`);
  process.exit(code);
}
