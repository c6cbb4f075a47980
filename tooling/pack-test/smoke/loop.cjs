// @x/loop on its own, loaded with require(): an EventLoop made by hand on a virtual clock,
// driven by runUntilComplete until a Future that a timer settles, then closed.
const assert = require("node:assert/strict");
const { EventLoop, VirtualClock, isFuture } = require("@x/loop");

async function main() {
  const clock = new VirtualClock();
  const loop = new EventLoop({ clock });
  const done = loop.createFuture();
  assert.ok(isFuture(done));
  const order = [];
  loop.callLater(100, () => {
    order.push(`second at ${loop.time()}`);
    done.setResult("done");
  });
  loop.callLater(40, () => order.push(`first at ${loop.time()}`));

  assert.equal(await loop.runUntilComplete(done), "done");
  assert.deepEqual(order, ["first at 40", "second at 100"]);
  assert.equal(done.result(), "done");
  loop.close();
  assert.equal(loop.isClosed(), true);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
