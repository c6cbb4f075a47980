// @x/sync with its peers, loaded with require(): an Event releases five tasks at once, a
// Semaphore(2) lets two work at a time in arrival order, and a PriorityQueue orders
// [priority, item] pairs like tuples.
const assert = require("node:assert/strict");
const { VirtualClock, getRunningLoop, run } = require("@x/loop");
const { Event, PriorityQueue, Semaphore } = require("@x/sync");
const { createTask, sleep } = require("@x/task");

async function main() {
  const finished = [];
  let running = 0;
  let peak = 0;
  await run(
    async () => {
      const loop = getRunningLoop();
      const start = new Event();
      const slots = new Semaphore(2);
      const tasks = [1, 2, 3, 4, 5].map((id) =>
        createTask(async () => {
          await start.wait();
          await slots.acquire();
          try {
            running += 1;
            peak = Math.max(peak, running);
            await sleep(100);
            running -= 1;
            finished.push([id, loop.time()]);
          } finally {
            slots.release();
          }
        }),
      );
      await sleep(5);
      assert.deepEqual(finished, []);
      start.set();
      for (const task of tasks) await task;

      const queue = new PriorityQueue();
      queue.putNowait([2, "b"]);
      queue.putNowait([1, "z"]);
      queue.putNowait([1, "a"]);
      assert.deepEqual(
        [queue.getNowait(), queue.getNowait(), queue.getNowait()],
        [
          [1, "a"],
          [1, "z"],
          [2, "b"],
        ],
      );
    },
    { clock: new VirtualClock() },
  );
  assert.equal(peak, 2);
  assert.deepEqual(finished, [
    [1, 105],
    [2, 105],
    [3, 205],
    [4, 205],
    [5, 305],
  ]);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
