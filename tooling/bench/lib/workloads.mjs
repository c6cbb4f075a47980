// @ts-check
// Finds the workloads (workloads/<id>/meta.json) and their systems (one file per system beside it).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";

/**
 * @typedef {{ label: string, unit: "ms" | "bytes" | "B" | "ops/s" | string, better: "lower" | "higher" }} Metric
 * @typedef {{ text: string, metric: string, vs?: string, atLeast?: number, valueRatioAtMost?: number, max?: number, min?: number }} Bar
 * @typedef {{ name: string, file: string, kind: "node" | "python", label: string, package?: string }} System
 * @typedef {{
 *   id: string, dir: string, title: string,
 *   params: Record<string, unknown>, quick: Record<string, unknown>, warmup: Record<string, unknown>,
 *   warmupRuns: number, timeoutMs: number, metrics: Record<string, Metric>, bars: Bar[], notes?: string,
 *   systems: System[]
 * }} Workload
 */

/** The reference system: every ratio is @x against another system. */
export const X = "x";

/**
 * Order: W1…Wn by number, then the micro-measurements M1…Mn, then anything else by name.
 * @param {string} id
 */
function sortKey(id) {
  const m = /^([a-z]+)(\d+)$/i.exec(id);
  const rank = { w: 0, m: 1 }[m?.[1]?.toLowerCase() ?? ""] ?? 2;
  return [rank, m ? Number(m[2]) : 0, id];
}

/**
 * @param {string} root the folder holding one folder per workload
 * @returns {Workload[]}
 */
export function loadWorkloads(root) {
  const ids = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, "meta.json")))
    .map((d) => d.name);
  ids.sort((a, b) => {
    const [ra, na, ia] = sortKey(a);
    const [rb, nb, ib] = sortKey(b);
    return Number(ra) - Number(rb) || Number(na) - Number(nb) || String(ia).localeCompare(String(ib));
  });
  return ids.map((name) => loadWorkload(join(root, name)));
}

/** @param {string} dir */
function loadWorkload(dir) {
  const id = basename(dir).toUpperCase();
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
  for (const key of ["title", "params"]) {
    if (!(key in meta)) throw new Error(`${dir}/meta.json lacks "${key}"`);
  }
  /** @type {Record<string, { label?: string, package?: string }>} */
  const described = meta.systems ?? {};
  const files = readdirSync(dir).filter(
    (f) => !f.startsWith("_") && (f.endsWith(".mjs") || f.endsWith(".py")),
  );
  /** @type {System[]} */
  const systems = files.map((f) => {
    const name = basename(f, extname(f));
    const info = described[name] ?? {};
    /** @type {System} */
    const system = {
      name,
      file: join(dir, f),
      kind: f.endsWith(".py") ? "python" : "node",
      label: info.label ?? name,
    };
    if (info.package) system.package = info.package;
    return system;
  });
  // @x first, then the limit, then the order meta.json gives, then the rest by name.
  const order = [X, "limit", ...Object.keys(described)];
  const rank = (/** @type {string} */ n) => (order.includes(n) ? order.indexOf(n) : order.length);
  systems.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  const names = new Set(systems.map((s) => s.name));
  if (names.size !== systems.length) throw new Error(`${dir}: two system files share a name`);
  return {
    id,
    dir,
    title: meta.title,
    params: meta.params,
    quick: meta.quick ?? meta.params,
    warmup: meta.warmup ?? meta.quick ?? meta.params,
    warmupRuns: meta.warmupRuns ?? 3,
    timeoutMs: meta.timeoutMs ?? 120_000,
    metrics: meta.metrics ?? { ms: { label: "time", unit: "ms", better: "lower" } },
    bars: meta.bars ?? [],
    notes: meta.notes,
    systems,
  };
}
