// @x/asyncio, loaded with import: the reference page's hello, gather and lock examples written
// against `import * as asyncio`, on a virtual clock, with the exact times.
import assert from "node:assert/strict";
import * as asyncio from "@x/asyncio";

const lines = [];
const print = (line) => lines.push(`${asyncio.getRunningLoop().time()} ${line}`);

const end = await asyncio.run(
  async () => {
    print("Hello ...");
    await asyncio.sleep(500);
    print("... World!");

    const say = async (what, when) => {
      await asyncio.sleep(when);
      print(what);
    };
    await asyncio.gather(
      () => say("first", 1000),
      () => say("second", 2000),
      () => say("third", 3000),
    );

    const lock = new asyncio.Lock();
    const worker = async (id) => {
      const releaser = await lock.acquire(); // Node 20 has no `using`
      try {
        print(`Lock acquired by worker: ${id}`);
        await asyncio.sleep(1000);
        print(`Lock released by worker: ${id}`);
      } finally {
        releaser.release();
      }
    };
    await asyncio.gather(
      () => worker("1"),
      () => worker("2"),
    );
    return asyncio.getRunningLoop().time();
  },
  { clock: new asyncio.VirtualClock() },
);

assert.deepEqual(lines, [
  "0 Hello ...",
  "500 ... World!",
  "1500 first",
  "2500 second",
  "3500 third",
  "3500 Lock acquired by worker: 1",
  "4500 Lock released by worker: 1",
  "4500 Lock acquired by worker: 2",
  "5500 Lock released by worker: 2",
]);
assert.equal(end, 5500);
