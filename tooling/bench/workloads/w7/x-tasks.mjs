// @ts-check
// W7 on @x, the asyncio shape: one task per sleep, all awaited with Promise.all inside run().
import { run } from "@x/loop";
import { createTask, sleep } from "@x/task";
import { expectEqual } from "../../lib/check.mjs";
import { delays } from "./_delays.mjs";

/** @param {{ n: number, spanMs: number }} params */
export default async function w7({ n, spanMs }) {
  const ds = delays(n, spanMs);
  const t0 = performance.now();
  const results = await run(async () => {
    const tasks = [];
    for (const d of ds) {
      tasks.push(
        createTask(async () => {
          await sleep(d);
        }),
      );
    }
    return Promise.all(tasks);
  });
  const wall = performance.now() - t0;
  expectEqual(results.length, n, "W7 @x (tasks) sleeps ended");
  if (wall < spanMs - 1) throw new Error(`W7 @x: ${n} sleeps up to ${spanMs} ms ended after ${wall} ms`);
  return { overheadMs: wall - spanMs };
}
