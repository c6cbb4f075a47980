// @x/loop on its own, loaded with import: run() on a virtual clock, a Future settled by a timer,
// callbacks in (time, insertion) order, and a cancelled Future failing with CancelledError(msg).
import assert from "node:assert/strict";
import { CancelledError, getRunningLoop, run, VirtualClock } from "@x/loop";

const clock = new VirtualClock();
const events = [];

const result = await run(
  async () => {
    const loop = getRunningLoop();
    const answer = loop.createFuture();
    loop.callLater(250, () => {
      events.push(["timer", loop.time()]);
      answer.setResult(42);
    });
    loop.callSoon(() => events.push(["soon", loop.time()]));

    const dropped = loop.createFuture();
    assert.equal(dropped.cancel("not needed"), true);
    try {
      await dropped;
      assert.fail("awaiting a cancelled Future should throw");
    } catch (error) {
      assert.ok(error instanceof CancelledError, `expected CancelledError, got ${error}`);
      assert.equal(error.message, "not needed");
    }
    return await answer;
  },
  { clock },
);

assert.equal(result, 42);
assert.deepEqual(events, [
  ["soon", 0],
  ["timer", 250],
]);
assert.equal(clock.now(), 250);
