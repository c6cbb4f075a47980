// @x/sync with its peers, loaded with import: two workers drain a bounded Queue, a Lock lets one
// of them work at a time, join() waits for every taskDone(), and shutdown() ends the workers with
// QueueShutDown; all on a virtual clock, with the exact times.
import assert from "node:assert/strict";
import { getRunningLoop, run, VirtualClock } from "@x/loop";
import { Lock, Queue, QueueShutDown } from "@x/sync";
import { createTask, sleep } from "@x/task";

const consumed = [];
let inside = 0;
let mostInside = 0;

await run(
  async () => {
    const loop = getRunningLoop();
    const queue = new Queue(2);
    const lock = new Lock();
    const work = async () => {
      try {
        for (;;) {
          const item = await queue.get();
          const releaser = await lock.acquire();
          try {
            inside += 1;
            mostInside = Math.max(mostInside, inside);
            await sleep(10);
            consumed.push([item, loop.time()]);
            inside -= 1;
          } finally {
            releaser.release();
          }
          queue.taskDone();
        }
      } catch (error) {
        if (!(error instanceof QueueShutDown)) throw error;
      }
    };
    const workers = [createTask(work), createTask(work)];
    for (const item of [1, 2, 3, 4]) await queue.put(item);
    await queue.join();
    assert.equal(loop.time(), 40);
    queue.shutdown();
    for (const worker of workers) await worker;
    assert.equal(lock.locked(), false);
  },
  { clock: new VirtualClock() },
);

assert.deepEqual(consumed, [
  [1, 10],
  [2, 20],
  [3, 30],
  [4, 40],
]);
assert.equal(mostInside, 1);
