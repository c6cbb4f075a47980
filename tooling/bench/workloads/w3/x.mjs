// @ts-check
// W3 on @x: one task per job; each takes a permit of a Semaphore(16), yields once (sleep(0)) and
// returns its index; the tasks are awaited together.
import { run } from "@x/loop";
import { Semaphore } from "@x/sync";
import { createTask, sleep } from "@x/task";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number, concurrency: number }} params */
export default async function w3({ n, concurrency }) {
  const sum = await run(async () => {
    const semaphore = new Semaphore(concurrency);
    const tasks = [];
    for (let i = 0; i < n; i++) {
      tasks.push(
        createTask(async () => {
          const permit = await semaphore.acquire();
          try {
            await sleep(0);
            return i;
          } finally {
            permit.release();
          }
        }),
      );
    }
    const results = await Promise.all(tasks);
    let s = 0;
    for (const r of results) s += r;
    return s;
  });
  expectEqual(sum, sumBelow(n), "W3 @x sum");
}
