// @ts-check
// W2 on @x: `tasks` tasks each take the lock `iterations` times, bump a shared counter and yield once
// (sleep(0)) while holding it.
import { run } from "@x/loop";
import { Lock } from "@x/sync";
import { createTask, sleep } from "@x/task";
import { expectEqual } from "../../lib/check.mjs";

/** @param {{ tasks: number, iterations: number }} params */
export default async function w2({ tasks, iterations }) {
  const counter = await run(async () => {
    const lock = new Lock();
    let count = 0;
    const workers = [];
    for (let t = 0; t < tasks; t++) {
      workers.push(
        createTask(async () => {
          for (let i = 0; i < iterations; i++) {
            const held = await lock.acquire();
            count++;
            await sleep(0);
            held.release();
          }
        }),
      );
    }
    await Promise.all(workers);
    return count;
  });
  expectEqual(counter, tasks * iterations, "W2 @x counter");
}
