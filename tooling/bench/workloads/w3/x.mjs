// @ts-check
// W3 on @x: the producer takes a permit of a Semaphore(16) before it starts each job's task, and the
// task gives it back when the job ends, so at most 16 jobs are in flight; each job yields once
// (sleep(0)) and returns its index, which its task adds to the sum. Taking all 16 permits at the end
// waits for the last jobs.
import { run } from "@x/loop";
import { Semaphore } from "@x/sync";
import { createTask, sleep } from "@x/task";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {number} i */
async function job(i) {
  await sleep(0);
  return i;
}

/** @param {{ n: number, concurrency: number }} params */
export default async function w3({ n, concurrency }) {
  const sum = await run(async () => {
    const semaphore = new Semaphore(concurrency);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const permit = await semaphore.acquire();
      createTask(async () => {
        try {
          const result = await job(i);
          s += result;
        } finally {
          permit.release();
        }
      });
    }
    for (let k = 0; k < concurrency; k++) await semaphore.acquire();
    return s;
  });
  expectEqual(sum, sumBelow(n), "W3 @x sum");
}
