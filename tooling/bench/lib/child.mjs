// @ts-check
// Runs one (workload, system) JavaScript file in a fresh process: warm-up, full GC, one measured call.
//
//   node --expose-gc lib/child.mjs <system file> '<json: { params, warmup, warmupRuns }>'
//
// The system file's default export is the measured function: `async (params) => metrics | undefined`.
// It checks its own result and throws when it is wrong. This prints one JSON line on stdout:
// `{ "ms": wall time of the measured call, "rssPeakBytes": the process's peak RSS, ...metrics }`.
import { pathToFileURL } from "node:url";

const [file, specJson] = process.argv.slice(2);
if (!file || !specJson) {
  console.error("usage: node --expose-gc lib/child.mjs <system file> <json spec>");
  process.exit(2);
}
/** @type {{ params: Record<string, unknown>, warmup: Record<string, unknown>, warmupRuns: number }} */
const spec = JSON.parse(specJson);
const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);
if (!gc) throw new Error("lib/child.mjs needs --expose-gc");

const mod = await import(pathToFileURL(file).href);
/** @type {(params: Record<string, unknown>) => Promise<Record<string, number> | undefined>} */
const measured = mod.default;
if (typeof measured !== "function") throw new TypeError(`${file} has no default export to measure`);

for (let i = 0; i < spec.warmupRuns; i++) await measured(spec.warmup);
gc();
gc();

const t0 = performance.now();
const metrics = await measured(spec.params);
const ms = performance.now() - t0;
const rssPeakBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`${JSON.stringify({ ms, rssPeakBytes, ...metrics })}\n`);
