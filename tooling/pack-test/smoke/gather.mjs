// @x/gather with its peers, loaded with import: gather keeps the order of its arguments,
// asCompleted yields in the order of completion, returnExceptions hands errors back as values;
// all on a virtual clock, with the exact times.
import assert from "node:assert/strict";
import { asCompleted, gather } from "@x/gather";
import { getRunningLoop, run, VirtualClock } from "@x/loop";
import { sleep } from "@x/task";

await run(
  async () => {
    const loop = getRunningLoop();
    assert.deepEqual(await gather(sleep(30, "a"), sleep(10, "b"), sleep(20, "c")), ["a", "b", "c"]);
    assert.equal(loop.time(), 30);

    const order = [];
    for (const next of asCompleted([sleep(30, "x"), sleep(10, "y"), sleep(20, "z")])) {
      order.push([await next, loop.time()]);
    }
    assert.deepEqual(order, [
      ["y", 40],
      ["z", 50],
      ["x", 60],
    ]);

    const failing = async () => {
      await sleep(5);
      throw new Error("no");
    };
    const [value, error] = await gather(sleep(5, 1), failing(), { returnExceptions: true });
    assert.equal(value, 1);
    assert.ok(error instanceof Error && error.message === "no");
  },
  { clock: new VirtualClock() },
);
