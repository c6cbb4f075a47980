// @ts-check
// W6 on @x: n tasks block on one Event; set() wakes them all. Measures the rate of resumption and the
// heap per blocked task (task + wait), then the heap per wait alone (waits made outside any task).
import { run } from "@x/loop";
import { Event } from "@x/sync";
import { createTask, sleep } from "@x/task";
import { expectEqual } from "../../lib/check.mjs";

const gc = /** @type {() => void} */ (globalThis.gc);

function heapAfterGc() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** @param {{ n: number }} params */
export default async function w6({ n }) {
  const { rate, bytesPerWaiter, resumed } = await run(async () => {
    const event = new Event();
    let resumed = 0;
    /** @type {() => void} */
    let allResumed = () => {};
    const done = new Promise((resolve) => {
      allResumed = () => resolve(undefined);
    });
    const before = heapAfterGc();
    const tasks = new Array(n);
    for (let i = 0; i < n; i++) {
      tasks[i] = createTask(async () => {
        await event.wait();
        if (++resumed === n) allResumed();
      });
    }
    await sleep(0); // every task has started and is blocked in wait()
    const blocked = heapAfterGc();
    const t0 = performance.now();
    event.set();
    await done;
    const ms = performance.now() - t0;
    return { rate: n / (ms / 1000), bytesPerWaiter: (blocked - before) / n, resumed };
  });
  expectEqual(resumed, n, "W6 @x waiters resumed");

  // The wait alone: n waits on the default loop, outside any task.
  const event = new Event();
  const before = heapAfterGc();
  const waits = new Array(n);
  for (let i = 0; i < n; i++) waits[i] = event.wait();
  const after = heapAfterGc();
  event.set();
  const results = await Promise.all(waits);
  expectEqual(results.length, n, "W6 @x waits outside tasks resumed");
  return { rate, bytesPerWaiter, bytesPerWait: (after - before) / n };
}
