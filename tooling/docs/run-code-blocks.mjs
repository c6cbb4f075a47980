#!/usr/bin/env node
// @ts-check
/**
 * Run every TypeScript and JavaScript code block of the documentation, so that no example rots.
 *
 * The blocks come from README.md (root), packages/*\/README.md and docs/**\/*.md (docs/api
 * excepted): every fenced block whose language is ts, typescript, mts, js, javascript or mjs.
 * Each one is written to its own ES module in tooling/docs/.blocks/run-<pid>/ (TypeScript stripped
 * of its types by TypeScript's `transpileModule`, `using` lowered for Node 20) and run with plain `node`,
 * so `@x/...` imports resolve through this package's node_modules to the built packages (dist),
 * exactly as a user's program would. A block passes when it exits with status 0 within the time
 * limit; nothing else is checked, unless it ends with an expected-output comment:
 *
 *     // prints:
 *     // Hello ...
 *     // ... World!
 *
 * in which case its standard output must be exactly those lines.
 *
 * A block that is not meant to run (a fragment, a block that needs the network) is marked with an
 * HTML comment on the line before its fence, which the rendered Markdown does not show:
 *
 *     <!-- not-run: a fragment of the example above -->
 *
 * Blocks that fail today in files whose owners have not fixed them yet are listed with the reason
 * in known-failures.json (file and a hash of the block's code): they are run, reported as known
 * failures and do not fail the run. One that passes again is reported so that it can be taken out
 * of the list; an edited block gets a new hash, so it must pass or be triaged again.
 *
 * Usage: node tooling/docs/run-code-blocks.mjs [--timeout=ms] [--jobs=n] [--summary=file.json]
 *          [--file=path …] [--self-check] [filter …]
 *   (the root's `pnpm docs:blocks` builds the packages first). A filter keeps the Markdown files
 *   whose path contains it; --file runs the given files (relative to the repository root) instead
 *   of the documentation; --summary writes the counts as JSON ({ passed, failed, skipped, … });
 *   --self-check runs fixtures/self-check.md and checks that the runner reports what it must.
 * Exit status: 0 when every block ran or was marked, 1 when one failed, 2 on bad usage.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
// One folder per run (several may run at once in one work tree), inside the repository so that the
// blocks resolve `@x/...` through this package's node_modules.
const scratch = join(here, ".blocks", `run-${process.pid}`);

const RUN_LANGUAGES = new Map([
  ["ts", "ts"],
  ["typescript", "ts"],
  ["mts", "ts"],
  ["js", "js"],
  ["javascript", "js"],
  ["mjs", "js"],
]);

/**
 * @typedef {object} Block
 * @property {string} file the Markdown file, relative to the repository root
 * @property {number} line the line of the opening fence (1-based)
 * @property {"ts" | "js"} language
 * @property {string} code
 * @property {string | undefined} notRun the reason given in a `<!-- not-run: … -->` marker
 * @property {string[] | undefined} prints the expected standard output lines, if any
 * @property {string} hash a short hash of the code, the key of known-failures.json
 */

/**
 * The Markdown files whose blocks run.
 * @returns {string[]} paths relative to the repository root
 */
function markdownFiles() {
  const files = ["README.md"];
  for (const name of readdirSync(join(repoRoot, "packages")).sort()) {
    if (existsSync(join(repoRoot, "packages", name, "README.md"))) files.push(`packages/${name}/README.md`);
  }
  /** @param {string} dir */
  const walk = (dir) => {
    if (!existsSync(join(repoRoot, dir))) return;
    for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (path !== "docs/api") walk(path);
      } else if (entry.name.endsWith(".md")) {
        files.push(path);
      }
    }
  };
  walk("docs");
  return files;
}

/**
 * The expected output of a block: the `//` comment lines after a line that is only `// prints:`.
 * @param {string} code
 * @returns {string[] | undefined}
 */
function expectedOutput(code) {
  const lines = code.split("\n");
  const start = lines.findIndex((line) => /^\s*\/\/ prints:\s*$/.test(line));
  if (start === -1) return undefined;
  const expected = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^\s*\/\/ ?(.*)$/.exec(line);
    if (!match) break;
    expected.push((match[1] ?? "").trimEnd());
  }
  return expected;
}

/**
 * Every fenced code block of a Markdown file in a language we run.
 * @param {string} file relative to the repository root
 * @returns {{ blocks: Block[]; errors: string[] }}
 */
function extractBlocks(file) {
  const lines = readFileSync(join(repoRoot, file), "utf8").split(/\r?\n/);
  /** @type {Block[]} */
  const blocks = [];
  /** @type {string[]} */
  const errors = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i] ?? "");
    if (!open) continue;
    const [, indent = "", fence = "```", info = ""] = open;
    const start = i;
    const body = [];
    for (i++; i < lines.length; i++) {
      const line = lines[i] ?? "";
      if (line.trimStart().startsWith(fence) && line.trim().replace(/^[`~]+/, "") === "") break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    let before = start - 1;
    while (before >= 0 && (lines[before] ?? "").trim() === "") before--;
    const marker = /^<!--\s*not-run(?::\s*(.*?))?\s*-->$/.exec((lines[before] ?? "").trim());
    const language = RUN_LANGUAGES.get(info.toLowerCase());
    if (marker && !(marker[1] ?? "").trim()) {
      errors.push(`${file}:${start + 1}: a not-run marker must give its reason: <!-- not-run: why -->`);
    }
    if (!language) continue;
    const code = body.join("\n");
    blocks.push({
      file,
      line: start + 1,
      language: /** @type {"ts" | "js"} */ (language),
      code,
      notRun: marker ? (marker[1] ?? "").trim() || "(no reason given)" : undefined,
      prints: expectedOutput(code),
      hash: createHash("sha256").update(code).digest("hex").slice(0, 12),
    });
  }
  return { blocks, errors };
}

const require = createRequire(import.meta.url);
/** @type {typeof import("typescript") | undefined} */
let ts;

/**
 * The block as JavaScript that Node 20 runs: TypeScript's types stripped and `using` lowered.
 * @param {Block} block
 */
function toJavaScript(block) {
  if (block.language === "js") return block.code;
  ts ??= /** @type {typeof import("typescript")} */ (require("typescript"));
  const output = ts.transpileModule(block.code, {
    fileName: "block.mts",
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      sourceMap: false,
    },
  });
  const syntaxErrors = (output.diagnostics ?? []).map((d) =>
    ts ? ts.flattenDiagnosticMessageText(d.messageText, "\n") : String(d.messageText),
  );
  if (syntaxErrors.length > 0) throw new Error(`TypeScript syntax error: ${syntaxErrors.join("; ")}`);
  return output.outputText;
}

/**
 * Run one block in its own Node process.
 * @param {Block} block
 * @param {string} path the module to run
 * @param {number} timeoutMs
 * @returns {Promise<{ ok: boolean; why?: string; ms: number }>}
 */
function runBlock(block, path, timeoutMs) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path], {
      cwd: dirname(path),
      env: { ...process.env, NODE_NO_WARNINGS: "1", FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const output = `${stdout}${stderr}`.trim();
      const tail = output ? `\n${indent(output.split("\n").slice(-25).join("\n"))}` : "";
      if (timedOut) return resolve({ ok: false, why: `did not finish within ${timeoutMs} ms${tail}`, ms });
      if (status !== 0) {
        return resolve({ ok: false, why: `exited with ${status ?? signal}${tail}`, ms });
      }
      if (block.prints) {
        const actual = stdout
          .replace(/\n$/, "")
          .split("\n")
          .map((line) => line.trimEnd());
        const expected = block.prints;
        if (actual.join("\n") !== expected.join("\n")) {
          const why = `printed\n${indent(actual.join("\n"))}\n  but its "// prints:" comment expects\n${indent(expected.join("\n"))}`;
          return resolve({ ok: false, why, ms });
        }
      }
      resolve({ ok: true, ms });
    });
  });
}

/** @param {string} text */
function indent(text) {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

/**
 * The library packages that have sources but no build (dist/) to run the blocks against.
 * @returns {string[]}
 */
function unbuiltPackages() {
  const missing = [];
  for (const name of readdirSync(join(repoRoot, "packages")).sort()) {
    const dir = join(repoRoot, "packages", name);
    if (!existsSync(join(dir, "src", "index.ts")) || !existsSync(join(dir, "package.json"))) continue;
    if (!existsSync(join(dir, "dist", "index.js"))) missing.push(`packages/${name}`);
  }
  return missing;
}

/**
 * known-failures.json: `{ "<file>": { "<hash>": "<why it fails, and whose fix it is>" } }`.
 * @returns {Record<string, Record<string, string>>}
 */
function knownFailures() {
  const path = join(here, "known-failures.json");
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, "utf8"));
}

const USAGE =
  "run-code-blocks.mjs [--timeout=ms] [--jobs=n] [--summary=file.json] [--file=path …] [--self-check] [filter …]";

/**
 * Run the blocks of fixtures/self-check.md, whose outcomes are known, and check that the runner
 * reports exactly them: a runner that passes everything would otherwise go unnoticed.
 */
async function selfCheck() {
  const summaryPath = join(tmpdir(), `x-docs-self-check-${process.pid}.json`);
  const fixture = "tooling/docs/fixtures/self-check.md";
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), `--file=${fixture}`, "--timeout=2000", `--summary=${summaryPath}`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    output += chunk;
  });
  const status = await new Promise((resolve) => child.on("close", resolve));
  rmSync(join(here, ".blocks", `run-${child.pid}`), { recursive: true, force: true });
  const expected = { passed: 3, failed: 3, skipped: 2, errors: 1 };
  const summary = existsSync(summaryPath) ? JSON.parse(readFileSync(summaryPath, "utf8")) : {};
  rmSync(summaryPath, { force: true });
  const got = {
    passed: summary.passed,
    failed: summary.failed,
    skipped: summary.skipped,
    errors: summary.errors,
  };
  if (status !== 1 || JSON.stringify(got) !== JSON.stringify(expected)) {
    console.error(
      `self-check failed: on ${fixture} the runner exited with ${status} and counted ${JSON.stringify(got)}; expected exit 1 and ${JSON.stringify(expected)}\n${output}`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(
    `self-check ok: on ${fixture} the runner passed 3 blocks and failed the 3 that throw, print the wrong thing and hang`,
  );
}

async function main() {
  let timeoutMs = 15_000;
  let jobs = Math.max(1, Math.min(4, availableParallelism()));
  /** @type {string | undefined} */
  let summaryPath;
  /** @type {string[]} */
  const filters = [];
  /** @type {string[]} */
  const only = [];
  for (const arg of process.argv.slice(2)) {
    const option = /^--(timeout|jobs)=(\d+)$/.exec(arg);
    if (option?.[1] === "timeout") timeoutMs = Number(option[2]);
    else if (option?.[1] === "jobs") jobs = Math.max(1, Number(option[2]));
    else if (arg.startsWith("--summary=")) summaryPath = arg.slice("--summary=".length);
    else if (arg.startsWith("--file=")) only.push(arg.slice("--file=".length));
    else if (arg === "--self-check") return selfCheck();
    else if (arg.startsWith("--")) {
      console.error(`unknown option ${arg}; usage: ${USAGE}`);
      process.exit(2);
    } else filters.push(arg);
  }

  const files = (only.length > 0 ? only : markdownFiles()).filter(
    (file) => filters.length === 0 || filters.some((f) => file.includes(f)),
  );
  /** @type {Block[]} */
  const blocks = [];
  /** @type {string[]} */
  const markerErrors = [];
  for (const file of files) {
    const found = extractBlocks(file);
    blocks.push(...found.blocks);
    markerErrors.push(...found.errors);
  }

  const unbuilt = unbuiltPackages();
  if (unbuilt.length > 0) {
    console.error(
      `The blocks run against the built packages, and these are not built: ${unbuilt.join(", ")}. Build first: pnpm build (or pnpm docs:blocks, which does).`,
    );
    process.exit(1);
  }

  const known = knownFailures();
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });

  const toRun = blocks.filter((block) => block.notRun === undefined);
  /** @type {{ block: Block; ok: boolean; why?: string; ms: number }[]} */
  const results = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < toRun.length) {
      const block = /** @type {Block} */ (toRun[next++]);
      const name = `${block.file.replace(/[^\w]+/g, "-")}-L${block.line}.mjs`;
      const path = join(scratch, name);
      try {
        writeFileSync(path, toJavaScript(block));
      } catch (error) {
        results.push({
          block,
          ok: false,
          why: error instanceof Error ? error.message : String(error),
          ms: 0,
        });
        continue;
      }
      results.push({ block, ...(await runBlock(block, path, timeoutMs)) });
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  const wallMs = performance.now() - started;

  const order = (/** @type {Block} */ a, /** @type {Block} */ b) =>
    a.file === b.file ? a.line - b.line : files.indexOf(a.file) - files.indexOf(b.file);
  results.sort((a, b) => order(a.block, b.block));

  let failed = 0;
  let knownFailed = 0;
  /** @type {string[]} */
  const stale = [];
  for (const { block, ok, why, ms } of results) {
    const where = `${block.file}:${block.line}`;
    const knownWhy = known[block.file]?.[block.hash];
    if (ok && knownWhy === undefined) {
      console.log(`  ok    ${where} (${Math.round(ms)} ms)`);
    } else if (ok) {
      stale.push(`${where} [${block.hash}] passes now: take it out of known-failures.json`);
      console.log(`  FIXED ${where} (${Math.round(ms)} ms) — listed in known-failures.json`);
    } else if (knownWhy !== undefined) {
      knownFailed++;
      console.log(`  known ${where} [${block.hash}] fails as known-failures.json says: ${knownWhy}`);
    } else {
      failed++;
      console.log(`  FAIL  ${where} [${block.hash}] ${why}`);
    }
  }
  for (const block of blocks.filter((b) => b.notRun !== undefined)) {
    console.log(`  skip  ${block.file}:${block.line} — not-run: ${block.notRun}`);
  }
  const seen = new Set(results.map(({ block }) => `${block.file}#${block.hash}`));
  for (const [file, entries] of Object.entries(known)) {
    for (const hash of Object.keys(entries)) {
      if (!seen.has(`${file}#${hash}`) && (filters.length === 0 || filters.some((f) => file.includes(f)))) {
        stale.push(
          `known-failures.json lists ${file} [${hash}], which is no longer a block that runs: take it out`,
        );
      }
    }
  }
  for (const line of markerErrors) console.log(`  ERROR ${line}`);
  for (const line of stale) console.log(`  STALE ${line}`);

  const skipped = blocks.length - toRun.length;
  const passed = results.filter((r) => r.ok).length;
  console.log(
    `\n${results.length} blocks run from ${files.length} files in ${(wallMs / 1000).toFixed(1)}s: ${passed} passed, ${failed} failed, ${knownFailed} known failures; ${skipped} marked not-run`,
  );
  if (summaryPath) {
    const summary = {
      files: files.length,
      passed,
      failed,
      knownFailures: knownFailed,
      skipped,
      stale: stale.length,
      errors: markerErrors.length,
    };
    writeFileSync(summaryPath, `${JSON.stringify(summary)}\n`);
  }
  if (failed > 0 || markerErrors.length > 0) {
    process.exitCode = 1;
  } else {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
