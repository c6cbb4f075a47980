#!/usr/bin/env node
// @ts-check
/**
 * Everything CI checks, in order, stopping at the first failure:
 *
 *   build       turbo run build (every package)
 *   lint        biome check . (lint and format)
 *   typecheck   turbo run typecheck
 *   test        vitest run at the root, on this Node (20)
 *   package     publint --strict and attw on each library package as pnpm packs it
 *   pack-test   install the packed tarballs with plain npm and use them from ESM and CommonJS
 *   node24      vitest run again, on Node 24
 *   docs        the API reference with TypeDoc, failing on an undocumented export; every code block
 *               of the READMEs and guides run against the built packages
 *
 * Usage: pnpm run test:all [section …]   (no section: all of them)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { ensureNode24 } from "./node24.mjs";
import { repoRoot, run, turbo, workspaceEnv } from "./shell.mjs";

const require = createRequire(import.meta.url);

const env = workspaceEnv();

const scratch = mkdtempSync(join(tmpdir(), "x-test-all-"));

/** The closing line of each vitest run, repeated at the very end. */
const closingLines = /** @type {string[]} */ ([]);

/**
 * Run the whole vitest suite (the root config's projects) with the given Node binary, and
 * remember its counts as a closing line `<label>: N passed, N failed`.
 * @param {string} node the Node binary
 * @param {string} label one word naming the run
 * @param {string} [binDir] a folder to put first on PATH, so child processes get the same Node
 */
function vitest(node, label, binDir) {
  const manifestPath = require.resolve("vitest/package.json");
  const entry = join(dirname(manifestPath), require(manifestPath).bin.vitest);
  const report = join(scratch, `vitest-${label}.json`);
  const runEnv = binDir ? { ...env, PATH: [binDir, env.PATH].join(delimiter) } : env;
  run(node, [entry, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
    env: runEnv,
  });
  const counts = JSON.parse(readFileSync(report, "utf8"));
  const skipped = counts.numPendingTests + counts.numTodoTests;
  if (counts.numTotalTests === 0) throw new Error("vitest ran no test");
  closingLines.push(
    `${label}: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${skipped} skipped`,
  );
  console.log(closingLines.at(-1));
}

/** @type {{ name: string; title: string; run: () => void }[]} */
const sections = [
  {
    name: "build",
    title: "Build every package (turbo run build)",
    run: () => turbo(["run", "build", "--output-logs=new-only"]),
  },
  {
    name: "lint",
    title: "Lint and format check (biome check .)",
    run: () => run("biome", ["check", "."], { env }),
  },
  {
    name: "typecheck",
    title: "Type check every package (turbo run typecheck)",
    run: () => turbo(["run", "typecheck", "--output-logs=new-only"]),
  },
  {
    name: "test",
    title: `Tests on Node ${process.versions.node} (vitest run)`,
    run: () => vitest(process.execPath, `node${process.versions.node.split(".")[0]}`),
  },
  {
    name: "package",
    title: "Package checks: publint --strict and attw --profile esm-only on the pnpm-packed tarballs",
    run: () => turbo(["run", "check:package", "--output-logs=new-only"]),
  },
  {
    name: "pack-test",
    title: "Selective installs: the packed tarballs with plain npm, used from ESM and CommonJS",
    run: () => run(process.execPath, [join(repoRoot, "tooling", "pack-test", "run.mjs")], { env }),
  },
  {
    name: "node24",
    title: "Tests on Node 24 (vitest run)",
    run: () => {
      const { binary, version } = ensureNode24();
      console.log(`using ${binary} (${version})`);
      vitest(binary, "node24", dirname(binary));
    },
  },
  {
    name: "docs",
    title:
      "Docs: the TypeDoc API reference (an undocumented export fails) and every code block of the READMEs and guides",
    run: () => {
      // Both halves run, so one report lists every gap; the first failure is rethrown.
      let failure = /** @type {unknown} */ (undefined);
      try {
        run(process.execPath, [join(repoRoot, "tooling", "docs", "build-api.mjs"), "--self-check"], { env });
        run(process.execPath, [join(repoRoot, "tooling", "docs", "build-api.mjs")], { env });
      } catch (error) {
        failure = error;
      }
      const summaryPath = join(scratch, "code-blocks.json");
      console.log("\nCode blocks (tooling/docs/run-code-blocks.mjs):");
      try {
        run(process.execPath, [join(repoRoot, "tooling", "docs", "run-code-blocks.mjs"), "--self-check"], {
          env,
        });
        run(
          process.execPath,
          [join(repoRoot, "tooling", "docs", "run-code-blocks.mjs"), `--summary=${summaryPath}`],
          {
            env,
          },
        );
      } catch (error) {
        failure ??= error;
      }
      if (existsSync(summaryPath)) {
        const blocks = JSON.parse(readFileSync(summaryPath, "utf8"));
        closingLines.push(
          `docs: ${blocks.passed} passed, ${blocks.failed} failed, ${blocks.skipped + blocks.knownFailures} skipped`,
        );
        console.log(closingLines.at(-1));
      }
      if (failure !== undefined) throw failure;
    },
  },
];

/** @param {number} ms */
function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !sections.some((section) => section.name === name));
if (unknown.length > 0) {
  console.error(
    `unknown section(s): ${unknown.join(", ")}; the sections are ${sections.map((s) => s.name).join(", ")}`,
  );
  process.exit(2);
}
const chosen = wanted.length === 0 ? sections : sections.filter((section) => wanted.includes(section.name));

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} is too old: the workspace needs Node 20.19 or later`);
  process.exit(1);
}

/** @type {{ name: string; ms: number }[]} */
const timings = [];
const started = performance.now();
let failed = /** @type {string | undefined} */ (undefined);
for (const [index, section] of chosen.entries()) {
  console.log(`\n=== [${index + 1}/${chosen.length}] ${section.title}\n`);
  const sectionStarted = performance.now();
  try {
    section.run();
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    failed = section.name;
  }
  const ms = performance.now() - sectionStarted;
  timings.push({ name: section.name, ms });
  console.log(`\n--- ${section.name}: ${failed ? "FAILED" : "ok"} in ${seconds(ms)}`);
  if (failed) break;
}
rmSync(scratch, { recursive: true, force: true });

console.log("\n=== Summary\n");
for (const { name, ms } of timings) {
  console.log(`  ${name.padEnd(10)} ${seconds(ms).padStart(8)}${name === failed ? "  FAILED" : ""}`);
}
console.log(`  ${"total".padEnd(10)} ${seconds(performance.now() - started).padStart(8)}\n`);
if (failed) {
  console.error(`test:all failed in section "${failed}"`);
  process.exitCode = 1;
} else {
  for (const line of closingLines) console.log(line);
}
