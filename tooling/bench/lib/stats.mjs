// @ts-check
// Medians, ratios against @x, and the bars of BENCH.md.

/** @typedef {import("./workloads.mjs").Metric} Metric */
/** @typedef {import("./workloads.mjs").Bar} Bar */

/**
 * @param {number[]} values
 * @returns {{ median: number, min: number, max: number, n: number }}
 */
export function summarize(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  const median = v.length % 2 ? /** @type {number} */ (v[mid]) : (Number(v[mid - 1]) + Number(v[mid])) / 2;
  return { median, min: Number(v[0]), max: Number(v[v.length - 1]), n: v.length };
}

/**
 * How many times better @x is than another system on a metric: > 1 means @x is better.
 * For a lower-is-better metric (time, bytes) that is their median ÷ @x's median; for a rate, the inverse.
 * Undefined when either median is not positive (a ratio of those means nothing).
 * @param {number} x @x's median
 * @param {number} other the other system's median
 * @param {Metric} metric
 */
export function advantage(x, other, metric) {
  if (!(x > 0 && other > 0)) return undefined;
  return metric.better === "higher" ? x / other : other / x;
}

/**
 * The words for "better" and "worse" on a metric: faster/slower for time and rates, less/more otherwise.
 * @param {Metric & { words?: [string, string] }} metric
 * @returns {[string, string]}
 */
export function words(metric) {
  if (metric.words) return metric.words;
  if (metric.unit === "ms" || metric.unit === "ops/s") return ["faster", "slower"];
  return ["less", "more"];
}

/**
 * "6.70× faster" / "2.10× slower" — always a factor ≥ 1 with the word that says which way.
 * @param {number | undefined} adv from `advantage`
 * @param {Metric} metric
 */
export function phrase(adv, metric) {
  if (adv === undefined) return "n/a";
  const [better, worse] = words(metric);
  return adv >= 1 ? `${factor(adv)} ${better}` : `${factor(1 / adv)} ${worse}`;
}

/** @param {number} f */
export function factor(f) {
  return `${f >= 100 ? f.toFixed(0) : f >= 10 ? f.toFixed(1) : f.toFixed(2)}×`;
}

/**
 * Judge one bar on the medians.
 * @param {Bar} bar
 * @param {Record<string, number>} medians system name → median of `bar.metric`
 * @param {Metric} metric
 * @param {string} x the reference system's name
 * @param {string} [vsName] how to name `bar.vs` in the detail
 * @returns {{ status: "PASS" | "FAIL" | "n/a", detail: string }}
 */
export function judge(bar, medians, metric, x, vsName = bar.vs) {
  const mx = medians[x];
  if (mx === undefined) return { status: "n/a", detail: "@x did not run" };
  if (bar.max !== undefined || bar.min !== undefined) {
    const ok = (bar.max === undefined || mx <= bar.max) && (bar.min === undefined || mx >= bar.min);
    return { status: ok ? "PASS" : "FAIL", detail: `@x: ${formatValue(mx, metric)}` };
  }
  if (!bar.vs) throw new Error(`bar "${bar.text}" needs "vs", "max" or "min"`);
  const mv = medians[bar.vs];
  if (mv === undefined) return { status: "n/a", detail: `${vsName} did not run` };
  const medians2 = `median ${formatValue(mx, metric)} vs ${formatValue(mv, metric)}`;
  if (bar.valueRatioAtMost !== undefined) {
    if (!(mv > 0)) return { status: "n/a", detail: `${vsName}'s median is not positive (${medians2})` };
    const r = mx / mv;
    return {
      status: r <= bar.valueRatioAtMost ? "PASS" : "FAIL",
      detail: `@x's ${metric.label} is ${r.toFixed(2)}× ${vsName}'s (${medians2})`,
    };
  }
  if (bar.atLeast !== undefined) {
    const adv = advantage(mx, mv, metric);
    if (adv === undefined) return { status: "n/a", detail: `a median is not positive (${medians2})` };
    return {
      status: adv >= bar.atLeast ? "PASS" : "FAIL",
      detail: `@x is ${phrase(adv, metric)} than ${vsName} (${medians2})`,
    };
  }
  throw new Error(`bar "${bar.text}" needs "atLeast", "valueRatioAtMost", "max" or "min"`);
}

/**
 * @param {number} v
 * @param {Metric} metric
 */
export function formatValue(v, metric) {
  switch (metric.unit) {
    case "ms":
      return `${round(v)} ms`;
    case "bytes":
      return `${(v / 2 ** 20).toFixed(1)} MiB`;
    case "B":
      return `${Math.round(v)} B`;
    case "ops/s":
      return v >= 1e6 ? `${(v / 1e6).toFixed(2)} M/s` : `${(v / 1e3).toFixed(1)} k/s`;
    default:
      return `${round(v)} ${metric.unit}`;
  }
}

/**
 * The same number without its unit (for min–max ranges).
 * @param {number} v
 * @param {Metric} metric
 */
export function formatBare(v, metric) {
  return formatValue(v, metric).replace(/ [^ ]+$/, "");
}

/** @param {number} v */
function round(v) {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}
