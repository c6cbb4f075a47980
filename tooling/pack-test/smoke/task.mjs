// @x/task with its peer @x/loop, loaded with import: the README's first program on the real
// clock, then tasks and a timeout on a virtual clock, with the exact virtual times.
import assert from "node:assert/strict";
import { getRunningLoop, run, TimeoutError, VirtualClock } from "@x/loop";
import { createTask, sleep, timeout } from "@x/task";

assert.equal(
  await run(async () => {
    await sleep(10);
    return 42;
  }),
  42,
);

const clock = new VirtualClock();
const log = [];
await run(
  async () => {
    const loop = getRunningLoop();
    const slow = createTask(
      async () => {
        await sleep(300);
        log.push(["slow", loop.time()]);
        return "slow";
      },
      { name: "slow" },
    );
    const fast = createTask(async () => {
      await sleep(100);
      log.push(["fast", loop.time()]);
      return "fast";
    });
    assert.equal(slow.getName(), "slow");
    assert.deepEqual([await slow, await fast], ["slow", "fast"]);

    await assert.rejects(
      timeout(50, () => sleep(1000)),
      (error) => error instanceof TimeoutError,
    );
    log.push(["timed out", loop.time()]);
  },
  { clock },
);

assert.deepEqual(log, [
  ["fast", 100],
  ["slow", 300],
  ["timed out", 350],
]);
