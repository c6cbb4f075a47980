// @ts-check
// Turns the samples of one run into Markdown, and keeps RESULTS.md: one section per Node major version,
// one block per workload inside it, so that a run rewrites only what it measured.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { advantage, formatBare, formatValue, judge, phrase, summarize } from "./stats.mjs";
import { X } from "./workloads.mjs";

/** @typedef {import("./workloads.mjs").Workload} Workload */
/** @typedef {import("./workloads.mjs").System} System */
/**
 * @typedef {{ samples: Record<string, number>[], error?: string, skipped?: string }} SystemRun
 * @typedef {{ workload: Workload, rounds: number, params: Record<string, unknown>, warmupRuns: number,
 *   runs: Record<string, SystemRun> }} WorkloadRun
 */

/**
 * A Markdown table with padded columns (as the repository's formatter lays them out).
 * @param {string[]} header
 * @param {string[][]} rows
 */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => c.replaceAll("|", "\\|")));
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => [...(r[i] ?? "")].length)));
  const line = (/** @type {string[]} */ r) =>
    `| ${widths.map((w, i) => (r[i] ?? "") + " ".repeat(w - [...(r[i] ?? "")].length)).join(" | ")} |`;
  return [
    line(/** @type {string[]} */ (all[0])),
    line(widths.map((w) => "-".repeat(w))),
    ...all.slice(1).map(line),
  ];
}

/**
 * @param {Record<string, unknown>} params
 */
function formatParams(params) {
  return Object.entries(params)
    .map(([k, v]) => `${k} = ${typeof v === "number" ? v.toLocaleString("en-US") : JSON.stringify(v)}`)
    .join(", ");
}

/**
 * How a system is named in prose: @x, limit, the peer package, CPython, or the file's name.
 * @param {System} system
 */
export function systemName(system) {
  if (system.name === X) return "@x";
  if (system.package === "python") return "CPython";
  return system.package ?? system.name;
}

/**
 * @param {System} system
 * @param {Record<string, string>} versions package name → version (with "python" for CPython)
 */
function systemCell(system, versions) {
  const version = system.package ? versions[system.package] : undefined;
  const who =
    system.name === X ? "**@x**" : version ? `${systemName(system)} ${version}` : systemName(system);
  return `${who}: ${system.label}`;
}

/**
 * The Markdown block of one workload: parameters, the table, the bars.
 * @param {WorkloadRun} run
 * @param {{ date: string, versions: Record<string, string>, quick: boolean }} context
 */
export function workloadBlock(run, context) {
  const { workload: w } = run;
  const metricKeys = Object.keys(w.metrics);
  const lines = [`### ${w.id} — ${w.title}`, ""];
  lines.push(
    `${formatParams(run.params)} · ${run.rounds} round${run.rounds === 1 ? "" : "s"}, each a fresh process after ${run.warmupRuns} warm-up ` +
      `run(s) with ${formatParams(w.warmup)} · measured ${context.date}${context.quick ? " (quick mode)" : ""}`,
  );
  if (w.notes) lines.push("", w.notes);
  lines.push("");
  /** @type {Record<string, Record<string, number>>} metric → system → median */
  const medians = {};
  for (const key of metricKeys) medians[key] = {};
  const header = ["system"];
  for (const key of metricKeys) {
    const m = /** @type {import("./workloads.mjs").Metric} */ (w.metrics[key]);
    header.push(`${m.label}: median (min–max)`, "@x is … than it");
  }
  /** @type {string[][]} */
  const rows = [];
  for (const system of w.systems) {
    const r = run.runs[system.name];
    const row = [systemCell(system, context.versions)];
    if (!r || r.skipped || (r.error && r.samples.length === 0)) {
      const why = r?.skipped ?? (r?.error ? `FAILED: ${r.error}` : "did not run");
      for (const _ of metricKeys) row.push(row.length === 1 ? why : "", "");
      rows.push(row);
      continue;
    }
    for (const key of metricKeys) {
      const values = r.samples.map((s) => s[key]).filter((v) => typeof v === "number");
      if (values.length === 0) {
        row.push("—", "");
        continue;
      }
      const m = /** @type {import("./workloads.mjs").Metric} */ (w.metrics[key]);
      const s = summarize(values);
      /** @type {Record<string, number>} */ (medians[key])[system.name] = s.median;
      row.push(`${formatValue(s.median, m)} (${formatBare(s.min, m)}–${formatBare(s.max, m)})`);
      row.push("");
    }
    if (r.error) row[0] += ` — FAILED in a later round: ${r.error}`;
    rows.push(row);
  }
  // The ratio column: @x's median against each other system's.
  for (const [i, system] of w.systems.entries()) {
    metricKeys.forEach((key, k) => {
      const m = /** @type {import("./workloads.mjs").Metric} */ (w.metrics[key]);
      const med = /** @type {Record<string, number>} */ (medians[key]);
      const row = /** @type {string[]} */ (rows[i]);
      if (system.name === X || med[system.name] === undefined) return;
      const mx = med[X];
      row[2 + 2 * k] =
        mx === undefined ? "" : phrase(advantage(mx, /** @type {number} */ (med[system.name]), m), m);
    });
  }
  lines.push(...table(header, rows));
  lines.push("");
  if (w.bars.length === 0) {
    lines.push("No bar: ratios only.");
  } else {
    lines.push("Bars (BENCH.md, on the medians):", "");
    for (const bar of w.bars) {
      const m = w.metrics[bar.metric];
      if (!m) throw new Error(`${w.id}: bar "${bar.text}" names an unknown metric "${bar.metric}"`);
      const vs = w.systems.find((s) => s.name === bar.vs);
      const j = judge(
        bar,
        /** @type {Record<string, number>} */ (medians[bar.metric]),
        m,
        X,
        vs && systemName(vs),
      );
      lines.push(`- ${bar.text}: **${j.status}** — ${j.detail}`);
    }
  }
  return { text: lines.join("\n"), medians };
}

/**
 * @param {{ nodeVersion: string, machine: ReturnType<typeof import("./environment.mjs").machine>,
 *   versions: Record<string, string>, date: string, rounds: number, quick: boolean }} c
 */
export function sectionHeader(c) {
  const m = c.machine;
  const pkgs = Object.entries(c.versions)
    .map(([k, v]) => `${k === "python" ? "CPython" : k} ${v}`)
    .join(", ");
  return [
    `Last run ${c.date}: Node ${c.nodeVersion} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; ` +
      `load average at start ${m.loadavg}; commit ${m.commit}.`,
    "",
    `Versions: ${pkgs}.`,
  ].join("\n");
}

const TITLE = [
  "# Benchmark results",
  "",
  "Written by `pnpm bench` (tooling/bench/run.mjs); see BENCH.md for the workloads and the bars, and",
  "README.md here for the method. The machine is shared and noisy: only the ratios inside one run mean",
  "anything. “@x is 3.00× faster than it” means that system's median ÷ @x's median is 3 (for a rate, the",
  "inverse); “slower” is the same ratio the other way. Each Node major version has its own section, and",
  "each workload its own block in it with the date it was measured: a run rewrites only the blocks it ran.",
  "",
].join("\n");

/**
 * Parse RESULTS.md into its sections: Node major → { header, blocks: id → text }.
 * @param {string} text
 */
export function parseResults(text) {
  /** @type {Map<string, { header: string, blocks: Map<string, string> }>} */
  const sections = new Map();
  const sectionRe = /<!-- node:(\d+) begin -->\n([\s\S]*?)<!-- node:\1 end -->/g;
  for (const s of text.matchAll(sectionRe)) {
    const major = /** @type {string} */ (s[1]);
    const body = /** @type {string} */ (s[2]);
    const header = /<!-- header begin -->\n([\s\S]*?)\n<!-- header end -->/.exec(body)?.[1] ?? "";
    const blocks = new Map();
    for (const b of body.matchAll(/<!-- ([\w-]+) begin -->\n([\s\S]*?)\n<!-- \1 end -->/g)) {
      if (b[1] !== "header") blocks.set(b[1], b[2]);
    }
    sections.set(major, { header, blocks });
  }
  return sections;
}

/**
 * Rewrite the section of one Node major version in RESULTS.md with this run's header and blocks,
 * keeping the blocks of workloads this run did not measure, and every other section as it was.
 * @param {string} file
 * @param {string} major
 * @param {string} header
 * @param {Map<string, string>} blocks workload id → block
 * @param {string[]} order every known workload id, in display order
 */
export function updateResults(file, major, header, blocks, order) {
  const sections = existsSync(file) ? parseResults(readFileSync(file, "utf8")) : new Map();
  const old = sections.get(major)?.blocks ?? new Map();
  const merged = new Map([...old, ...blocks]);
  sections.set(major, { header, blocks: merged });
  const rank = (/** @type {string} */ id) => (order.includes(id) ? order.indexOf(id) : order.length);
  const out = [TITLE];
  for (const m of [...sections.keys()].sort((a, b) => Number(a) - Number(b))) {
    const s = sections.get(m);
    out.push(
      `<!-- node:${m} begin -->`,
      `## Node ${m}`,
      "",
      "<!-- header begin -->",
      s.header,
      "<!-- header end -->",
      "",
    );
    const ids = [...s.blocks.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const id of ids) out.push(`<!-- ${id} begin -->`, s.blocks.get(id), `<!-- ${id} end -->`, "");
    out.push(`<!-- node:${m} end -->`, "");
  }
  writeFileSync(file, out.join("\n"));
}
