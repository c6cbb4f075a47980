// @ts-check
// W7 on effect: one fiber per sleep (Effect.forEach, unbounded concurrency), each Effect.sleep(d).
import { Effect } from "effect";
import { expectEqual } from "../../lib/check.mjs";
import { delays } from "./_delays.mjs";

/** @param {{ n: number, spanMs: number }} params */
export default async function w7({ n, spanMs }) {
  const ds = delays(n, spanMs);
  const t0 = performance.now();
  const results = await Effect.runPromise(
    Effect.forEach(ds, (d) => Effect.sleep(d), { concurrency: "unbounded" }),
  );
  const wall = performance.now() - t0;
  expectEqual(results.length, n, "W7 effect sleeps ended");
  if (wall < spanMs - 1) throw new Error(`W7 effect: sleeps up to ${spanMs} ms ended after ${wall} ms`);
  return { overheadMs: wall - spanMs };
}
