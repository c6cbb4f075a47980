// @ts-check
// W7 on @x: n sleep(d) promises awaited together inside run() — the same shape as the
// timers/promises peer (JavaScript promises run concurrently without a task each). The asyncio
// shape, one task per sleep, is measured as the system "x-tasks".
import { run } from "@x/loop";
import { sleep } from "@x/task";
import { expectEqual } from "../../lib/check.mjs";
import { delays } from "./_delays.mjs";

/** @param {{ n: number, spanMs: number }} params */
export default async function w7({ n, spanMs }) {
  const ds = delays(n, spanMs);
  const t0 = performance.now();
  const results = await run(async () => {
    const sleeps = [];
    for (const d of ds) sleeps.push(sleep(d));
    return Promise.all(sleeps);
  });
  const wall = performance.now() - t0;
  expectEqual(results.length, n, "W7 @x sleeps ended");
  if (wall < spanMs - 1) throw new Error(`W7 @x: ${n} sleeps up to ${spanMs} ms ended after ${wall} ms`);
  return { overheadMs: wall - spanMs };
}
