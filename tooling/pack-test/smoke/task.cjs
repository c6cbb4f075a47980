// @x/task with its peer @x/loop, loaded with require(): cancelling a task delivers
// CancelledError(msg) to it, and a TaskGroup waits for its children and throws an AggregateError
// of the errors that ended it.
const assert = require("node:assert/strict");
const { CancelledError, VirtualClock, getRunningLoop, run } = require("@x/loop");
const { TaskGroup, createTask, sleep } = require("@x/task");

async function main() {
  const clock = new VirtualClock();
  await run(
    async () => {
      const loop = getRunningLoop();
      const sleeper = createTask(() => sleep(1000));
      await sleep(10);
      assert.equal(sleeper.cancel("enough"), true);
      await assert.rejects(
        async () => await sleeper,
        (error) => error instanceof CancelledError && error.message === "enough",
      );
      assert.equal(sleeper.cancelled(), true);

      const [a, b] = await TaskGroup.run(async (tg) => [
        tg.createTask(async () => {
          await sleep(20);
          return 1;
        }),
        tg.createTask(async () => {
          await sleep(30);
          return 2;
        }),
      ]);
      assert.deepEqual([a.result(), b.result()], [1, 2]);
      assert.equal(loop.time(), 40);

      await assert.rejects(
        TaskGroup.run(async (tg) => {
          tg.createTask(async () => {
            await sleep(5);
            throw new Error("boom");
          });
          tg.createTask(() => sleep(1000));
        }),
        (error) =>
          error instanceof AggregateError && error.errors.length === 1 && error.errors[0].message === "boom",
      );
      assert.equal(loop.time(), 45);
    },
    { clock },
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
