#!/usr/bin/env node
// @ts-check
/**
 * Prove that every library package installs and works on its own, as users will get it.
 *
 * For each non-private package under packages/: build it, `pnpm pack` it into a scratch folder
 * (pnpm applies `publishConfig` and turns `workspace:` ranges into versions), then in a fresh
 * scratch project `npm install` its tarball together with the tarballs of the @x packages it needs
 * (nothing is published, so those must come from here; third-party packages come from the
 * registry). There:
 *   - the installed @x packages are exactly the ones it needs, all from the local tarballs, and no
 *     more than DESIGN.md §1 allows (installing @x/sync pulls @x/sync, @x/task and @x/loop only);
 *   - `import` and `require()` both load it, with every documented export, and give one copy;
 *   - its smoke programs run, when it has them: smoke/<folder>.mjs (ESM) and smoke/<folder>.cjs.
 *
 * Usage: node tooling/pack-test/run.mjs [package folder …]   (default: every package)
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { CommandError, capture, pnpmCommand, repoRoot, turbo } from "../scripts/shell.mjs";

const here = import.meta.dirname;
const contract = JSON.parse(readFileSync(join(here, "design-contract.json"), "utf8"));
const dependencyFields = /** @type {const} */ (["dependencies", "peerDependencies", "optionalDependencies"]);

/**
 * @typedef {{ name: string; folder: string; dir: string; manifest: Record<string, any> }} Library
 * @typedef {Library & { tarball: string }} Packed  (its manifest is then the packed one)
 */

/**
 * The library packages: every packages/<folder>/package.json that is not private.
 * @returns {Library[]}
 */
function discoverPackages() {
  const packagesDir = join(repoRoot, "packages");
  const found = [];
  for (const folder of readdirSync(packagesDir).sort()) {
    const manifestPath = join(packagesDir, folder, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    if (manifest.private) continue;
    found.push({ name: String(manifest.name), folder, dir: join(packagesDir, folder), manifest });
  }
  return found;
}

/** Results, counted for the closing line. */
let passed = 0;
let failed = 0;

/**
 * Run one named check; a failure is reported and counted, and the run goes on.
 * @param {string} title
 * @param {() => void} body throws to fail
 * @returns {boolean} whether it passed
 */
function check(title, body) {
  try {
    body();
    passed += 1;
    console.log(`  ✓ ${title}`);
    return true;
  } catch (error) {
    failed += 1;
    console.log(`  ✗ ${title}`);
    const output = error instanceof CommandError ? error.output.trimEnd() : "";
    const message = error instanceof Error ? error.message : String(error);
    for (const line of (output || message).split("\n")) console.log(`      ${line}`);
    return false;
  }
}

/**
 * The @x packages that `name` needs at run time, itself included, following the dependencies and
 * peers of the given manifests (the workspace's, or the packed ones).
 * @param {string} name
 * @param {Map<string, Library>} packages
 * @returns {string[]}
 */
function closure(name, packages) {
  const seen = new Set([name]);
  const queue = [name];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const manifest = packages.get(next)?.manifest;
    if (!manifest) throw new Error(`${name} needs ${next}, which is not a library package under packages/`);
    for (const field of dependencyFields) {
      for (const dependency of Object.keys(manifest[field] ?? {})) {
        if (dependency.startsWith("@x/") && !seen.has(dependency)) {
          seen.add(dependency);
          queue.push(dependency);
        }
      }
    }
  }
  return [...seen].sort();
}

/**
 * The manifest inside a tarball, as npm will read it.
 * @param {string} tarball
 */
function packedManifest(tarball) {
  return JSON.parse(capture("tar", ["-xzOf", tarball, "package/package.json"]));
}

const wanted = process.argv.slice(2);
const all = discoverPackages();
const chosen = wanted.length === 0 ? all : all.filter((pkg) => wanted.includes(pkg.folder));
if (chosen.length === 0) {
  console.error(wanted.length ? `no library package named ${wanted.join(", ")}` : "no library package found");
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), "x-pack-test-"));
const tarballs = join(scratch, "tarballs");
mkdirSync(tarballs);
const [pnpm, ...pnpmArgs] = pnpmCommand();

try {
  // The chosen packages and the @x packages they need: the ones to build and pack.
  const workspace = new Map(all.map((pkg) => [pkg.name, pkg]));
  const needed = new Set(chosen.flatMap((pkg) => closure(pkg.name, workspace)));
  const toPack = all.filter((pkg) => needed.has(pkg.name));
  console.log(`Building ${toPack.map((pkg) => pkg.name).join(", ")}`);
  turbo(["run", "build", "--output-logs=errors-only", ...toPack.map((pkg) => `--filter=${pkg.name}`)]);

  /** @type {Map<string, Packed>} */
  const packed = new Map();
  for (const pkg of toPack) {
    const before = new Set(readdirSync(tarballs));
    capture(pnpm, [...pnpmArgs, "pack", "--pack-destination", tarballs], { cwd: pkg.dir });
    const added = readdirSync(tarballs).filter((file) => !before.has(file));
    if (added.length !== 1) throw new Error(`pnpm pack of ${pkg.name} left ${added.length} new tarballs`);
    const tarball = join(tarballs, /** @type {string} */ (added[0]));
    packed.set(pkg.name, { ...pkg, tarball, manifest: packedManifest(tarball) });
  }

  for (const pkg of chosen) {
    const self = /** @type {Packed} */ (packed.get(pkg.name));
    console.log(`\n${pkg.name}  (${basename(self.tarball)})`);
    const allowed = contract.installs[pkg.name];
    const needs = closure(pkg.name, packed);
    const project = join(scratch, `install-${pkg.folder}`);
    mkdirSync(project);

    check("the packed package.json is the published one", () => {
      const problems = [];
      const text = JSON.stringify(self.manifest);
      if (text.includes("workspace:"))
        problems.push("a workspace: range was left in the packed package.json");
      if (text.includes("@x/source")) problems.push("the @x/source condition was left in the packed exports");
      const runtime = { ...self.manifest.dependencies, ...self.manifest.optionalDependencies };
      const umbrella = Boolean(contract.packages[pkg.name]?.reexports);
      if (pkg.name !== "@x/loop" && !umbrella && runtime["@x/loop"]) {
        problems.push("@x/loop must be a peerDependency (one loop core per process), not a dependency");
      }
      if (allowed) {
        const foreign = Object.keys(runtime).filter((name) => !name.startsWith("@x/"));
        const unexpected = foreign.filter((name) => !allowed.thirdParty.includes(name));
        if (unexpected.length)
          problems.push(`third-party runtime dependencies DESIGN.md does not allow: ${unexpected}`);
      } else {
        problems.push(`${pkg.name} has no "installs" entry in tooling/pack-test/design-contract.json`);
      }
      if (problems.length) throw new Error(problems.join("\n"));
    });

    const installed = check(`npm install of ${needs.join(" + ")} from the local tarballs`, () => {
      writeFileSync(
        join(project, "package.json"),
        `${JSON.stringify({ name: `x-pack-test-${pkg.folder}`, version: "0.0.0", private: true }, null, 2)}\n`,
      );
      const specs = needs.map((name) => /** @type {Packed} */ (packed.get(name)).tarball);
      capture(
        "npm",
        ["install", ...specs, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
        {
          cwd: project,
        },
      );
    });
    if (!installed) continue;

    check("it pulls only the @x packages it needs, all from the tarballs", () => {
      const scope = join(project, "node_modules", "@x");
      const installed = existsSync(scope)
        ? readdirSync(scope)
            .map((folder) => `@x/${folder}`)
            .sort()
        : [];
      if (installed.join() !== needs.join()) {
        throw new Error(`installed ${installed.join(", ") || "nothing"}; expected ${needs.join(", ")}`);
      }
      const beyond = installed.filter((name) => !allowed?.x.includes(name));
      if (beyond.length) throw new Error(`DESIGN.md §1 allows ${allowed?.x.join(", ")}; also got ${beyond}`);
      const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8"));
      for (const name of installed) {
        const resolved = String(lock.packages?.[`node_modules/${name}`]?.resolved ?? "");
        if (!resolved.startsWith("file:"))
          throw new Error(`${name} came from "${resolved}", not a local tarball`);
      }
    });

    cpSync(here, join(project, "pack-test"), {
      recursive: true,
      filter: (source) => !source.endsWith("run.mjs"),
    });
    const scripts = join(project, "pack-test");
    check("import() loads it, with every documented export and type", () => {
      capture(process.execPath, [join(scripts, "exports.mjs"), pkg.name], {
        cwd: project,
        timeoutMs: 60_000,
      });
    });
    check("require() loads it, the same module as import()", () => {
      capture(process.execPath, [join(scripts, "exports.cjs"), pkg.name], {
        cwd: project,
        timeoutMs: 60_000,
      });
    });
    for (const extension of ["mjs", "cjs"]) {
      const smoke = join(scripts, "smoke", `${pkg.folder}.${extension}`);
      if (!existsSync(smoke)) {
        console.log(`  - no smoke/${pkg.folder}.${extension} yet`);
        continue;
      }
      check(`smoke/${pkg.folder}.${extension} runs`, () => {
        capture(process.execPath, [smoke], { cwd: project, timeoutMs: 60_000 });
      });
    }
  }
} catch (error) {
  failed += 1;
  const output = error instanceof CommandError ? `${error.output.trimEnd()}\n` : "";
  console.error(
    `\n${output}pack-test could not go on: ${error instanceof Error ? error.message : String(error)}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log(`\npack-test: ${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
