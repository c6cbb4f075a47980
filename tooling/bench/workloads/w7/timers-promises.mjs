// @ts-check
// W7 on node:timers/promises: one promise-returning setTimeout per sleep, Promise.all.
import { setTimeout as delay } from "node:timers/promises";
import { expectEqual } from "../../lib/check.mjs";
import { delays } from "./_delays.mjs";

/** @param {{ n: number, spanMs: number }} params */
export default async function w7({ n, spanMs }) {
  const ds = delays(n, spanMs);
  const t0 = performance.now();
  const results = await Promise.all(ds.map((d) => delay(d)));
  const wall = performance.now() - t0;
  expectEqual(results.length, n, "W7 timers/promises sleeps ended");
  if (wall < spanMs - 1)
    throw new Error(`W7 timers/promises: sleeps up to ${spanMs} ms ended after ${wall} ms`);
  return { overheadMs: wall - spanMs };
}
