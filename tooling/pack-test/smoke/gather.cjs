// @x/gather with its peers, loaded with require(): wait() returns at the first completion with
// the done and pending sets, and cancelling a gather cancels the tasks it waits for.
const assert = require("node:assert/strict");
const { FIRST_COMPLETED, gather, wait } = require("@x/gather");
const { CancelledError, VirtualClock, getRunningLoop, run } = require("@x/loop");
const { createTask, sleep } = require("@x/task");

async function main() {
  await run(
    async () => {
      const loop = getRunningLoop();
      const quick = createTask(() => sleep(10, "quick"));
      const slow = createTask(() => sleep(50, "slow"));
      const [done, pending] = await wait([quick, slow], { returnWhen: FIRST_COMPLETED });
      assert.deepEqual([...done], [quick]);
      assert.deepEqual([...pending], [slow]);
      assert.equal(loop.time(), 10);

      const both = gather(slow);
      assert.equal(both.cancel(), true);
      await assert.rejects(
        async () => await both,
        (error) => error instanceof CancelledError,
      );
      assert.equal(slow.cancelled(), true);
      assert.equal(loop.time(), 10);
    },
    { clock: new VirtualClock() },
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
