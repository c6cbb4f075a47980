// @ts-check
// `pnpm bench`: every workload of BENCH.md that exists, for @x, the limit and the peers, in one run.
//
//   node run.mjs [--only W1,W7] [--rounds N] [--node /path/to/node | --node 24] [--quick]
//                [--systems x,limit] [--cpu-prof x] [--no-build] [--no-write]
//
// Each round runs every (workload, system) once, each in a fresh child process that warms up in-process
// and then measures one call; systems are interleaved round by round (the order rotates every round).
// The report (median and min–max per system, @x's ratio against each, the bars) is printed, written to
// RESULTS.md (the section of the children's Node major version; not in --quick mode) and, as raw samples,
// to .results/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { machine, nodeVersion, packageVersions, pythonVersion } from "./lib/environment.mjs";
import { ensureNode } from "./lib/node-binary.mjs";
import { sectionHeader, updateResults, workloadBlock } from "./lib/report.mjs";
import { loadWorkloads, X } from "./lib/workloads.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const DEFAULT_ROUNDS = 7;

const { values: opts } = parseArgs({
  options: {
    only: { type: "string" },
    rounds: { type: "string" },
    node: { type: "string" },
    quick: { type: "boolean", default: false },
    systems: { type: "string" },
    "cpu-prof": { type: "string" },
    "no-build": { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (opts.help) {
  console.log(
    "node run.mjs [--only W1,W7] [--rounds N] [--node PATH|MAJOR] [--quick] [--systems x,limit] " +
      "[--cpu-prof SYSTEM] [--no-build] [--no-write]",
  );
  process.exit(0);
}

const quick = opts.quick;
const rounds = opts.rounds ? Number(opts.rounds) : quick ? 2 : DEFAULT_ROUNDS;
if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`--rounds must be a positive integer`);
const list = (/** @type {string | undefined} */ s) =>
  s
    ?.split(",")
    .map((x) => x.trim())
    .filter(Boolean);
const only = list(opts.only)?.map((s) => s.toUpperCase());
const onlySystems = list(opts.systems);

const all = loadWorkloads(join(HERE, "workloads"));
const unknown = only?.filter((id) => !all.some((w) => w.id === id)) ?? [];
if (unknown.length)
  throw new Error(`--only: no workload ${unknown.join(", ")} (have ${all.map((w) => w.id)})`);
const workloads = all.filter((w) => !only || only.includes(w.id));

const nodeBin = ensureNode(opts.node, join(HERE, ".results"));
const nodeVer = nodeVersion(nodeBin);
const major = /** @type {string} */ (nodeVer.split(".")[0]);
const python = pythonVersion();

// @x is measured as users get it: the built packages (dist), through the normal exports.
const xMissing = buildX();

/** @type {Record<string, string>} */
const versions = { ...packageVersions(HERE) };
if (python) versions.python = python;

console.log(
  `bench: Node ${nodeVer} (${nodeBin === process.execPath ? "this node" : nodeBin}), ` +
    `${python ? `CPython ${python}` : "no python3: CPython skipped"}, ${rounds} rounds${quick ? ", quick" : ""}`,
);

/** @type {Map<string, import("./lib/report.mjs").WorkloadRun>} */
const runs = new Map();
for (const w of workloads) {
  /** @type {Record<string, import("./lib/report.mjs").SystemRun>} */
  const systemRuns = {};
  for (const s of w.systems) {
    /** @type {import("./lib/report.mjs").SystemRun} */
    const r = { samples: [] };
    if (onlySystems && !onlySystems.includes(s.name)) r.skipped = "not selected (--systems)";
    else if (s.kind === "python" && !python) r.skipped = "no python3 on this machine";
    else if (s.name === X && xMissing) r.skipped = `@x is not built: ${xMissing}`;
    systemRuns[s.name] = r;
  }
  runs.set(w.id, {
    workload: w,
    rounds,
    params: quick ? w.quick : w.params,
    warmupRuns: quick ? 1 : w.warmupRuns,
    runs: systemRuns,
  });
}

const started = Date.now();
let failures = 0;
for (let round = 0; round < rounds; round++) {
  for (const run of runs.values()) {
    const w = run.workload;
    const active = w.systems.filter((s) => {
      const r = /** @type {import("./lib/report.mjs").SystemRun} */ (run.runs[s.name]);
      return !r.skipped && !r.error;
    });
    // Rotate the order every round, so that no system always runs first (or right after another).
    const order = active.map(
      (_, i) => /** @type {typeof active[number]} */ (active[(i + round) % active.length]),
    );
    for (const s of order) {
      const r = /** @type {import("./lib/report.mjs").SystemRun} */ (run.runs[s.name]);
      const result = runChild(w, s, run.params);
      const tag = `[${round + 1}/${rounds}] ${w.id} ${s.name.padEnd(16)}`;
      if ("error" in result) {
        r.error = result.error;
        failures++;
        console.error(`${tag} FAILED (dropped from the next rounds):\n${result.detail}`);
        continue;
      }
      r.samples.push(result.sample);
      const shown = Object.keys(w.metrics)
        .filter((k) => k in result.sample)
        .map((k) => `${k}=${round2(/** @type {number} */ (result.sample[k]))}`)
        .join(" ");
      console.log(`${tag} ${shown}`);
    }
  }
}
const elapsed = ((Date.now() - started) / 1000).toFixed(0);

const date = new Date().toISOString().slice(0, 10);
/** @type {Map<string, string>} */
const blocks = new Map();
console.log("");
for (const run of runs.values()) {
  const { text } = workloadBlock(run, { date, versions, quick });
  blocks.set(run.workload.id, text);
  console.log(`${text}\n`);
}
console.log(`bench: ${elapsed} s for ${rounds} rounds of ${workloads.map((w) => w.id).join(", ")}`);

const header = sectionHeader({ nodeVersion: nodeVer, machine: machine(HERE), versions, date, rounds, quick });
mkdirSync(join(HERE, ".results"), { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const raw = join(HERE, ".results", `${stamp}-node${major}${quick ? "-quick" : ""}.json`);
writeFileSync(
  raw,
  JSON.stringify({ nodeVersion: nodeVer, versions, date, rounds, quick, runs: [...runs.values()] }, null, 1),
);
console.log(`bench: raw samples in ${relative(process.cwd(), raw)}`);
if (quick || opts["no-write"]) {
  console.log("bench: RESULTS.md left as it was (quick mode or --no-write)");
} else {
  updateResults(
    join(HERE, "RESULTS.md"),
    major,
    header,
    blocks,
    all.map((w) => w.id),
  );
  console.log(
    `bench: wrote the Node ${major} section of ${relative(process.cwd(), join(HERE, "RESULTS.md"))}`,
  );
}
if (failures) {
  console.error(`bench: ${failures} system run(s) FAILED — see above`);
  process.exitCode = 1;
}

/**
 * Run one (workload, system) in a fresh process and read its JSON line.
 * @param {import("./lib/workloads.mjs").Workload} w
 * @param {import("./lib/workloads.mjs").System} s
 * @param {Record<string, unknown>} params
 * @returns {{ sample: Record<string, number> } | { error: string, detail: string }}
 */
function runChild(w, s, params) {
  const spec = JSON.stringify({ params, warmup: w.warmup, warmupRuns: quick ? 1 : w.warmupRuns });
  const flags = [];
  if (opts["cpu-prof"] === s.name) {
    flags.push("--cpu-prof", `--cpu-prof-dir=${join(HERE, ".results", "cpuprof", `${w.id}-${s.name}`)}`);
  }
  const [cmd, args, env] =
    s.kind === "python"
      ? ["python3", [s.file, spec], { ...process.env, PYTHONPATH: join(HERE, "lib") }]
      : [nodeBin, ["--expose-gc", ...flags, join(HERE, "lib", "child.mjs"), s.file, spec], process.env];
  const p = spawnSync(cmd, args, {
    cwd: w.dir,
    env,
    encoding: "utf8",
    timeout: w.timeoutMs,
    maxBuffer: 64 * 2 ** 20,
  });
  const lastLine = p.stdout
    ?.trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (p.status !== 0 || !lastLine) {
    const why = p.error?.message ?? (p.signal ? `killed by ${p.signal}` : `exit code ${p.status}`);
    const detail = `${p.stderr ?? ""}${p.stdout ?? ""}`.trim();
    // The thrown error's own line ("Error: …", "AssertionError: …", "Error [ERR_…]: …"), else the exit.
    const firstErr =
      detail
        .split("\n")
        .reverse()
        .find((l) => /^[\w.]*(Error|Exception)( \[\w+\])?: /.test(l)) ?? why;
    return { error: firstErr.trim().slice(0, 200), detail: `${why}\n${detail}` };
  }
  return { sample: JSON.parse(lastLine) };
}

/** Build @x's packages (turbo, cached); returns why @x cannot run, or undefined when it can. */
function buildX() {
  if (!opts["no-build"]) {
    // turbo needs pnpm on PATH: use the one that `pnpm bench` puts there, else the pinned one via npx.
    const onPath = (process.env.PATH ?? "").split(delimiter).some((d) => d && existsSync(join(d, "pnpm")));
    const pinned = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).packageManager;
    const [cmd, ...pre] = onPath ? ["pnpm"] : ["npx", "-y", String(pinned).replace(/\+.*$/, "")];
    const b = spawnSync(
      cmd,
      [...pre, "exec", "turbo", "run", "build", "--filter=@x/bench^...", "--output-logs=errors-only"],
      {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          PATH: [join(ROOT, "node_modules", ".bin"), process.env.PATH].join(delimiter),
          TURBO_TELEMETRY_DISABLED: "1",
        },
      },
    );
    if (b.status !== 0) {
      console.error(`bench: building @x failed; @x is skipped.\n${b.stdout}${b.stderr}${b.error ?? ""}`);
      return "its build failed";
    }
  }
  for (const pkg of ["@x/loop", "@x/task"]) {
    let file;
    try {
      file = fileURLToPath(import.meta.resolve(pkg));
    } catch {
      return `${pkg} does not resolve from tooling/bench`;
    }
    if (!existsSync(file)) return `${relative(ROOT, file)} is missing`;
  }
  return undefined;
}

/** @param {number} v */
function round2(v) {
  return Math.abs(v) >= 1e5 ? v.toExponential(3) : v.toFixed(2);
}
