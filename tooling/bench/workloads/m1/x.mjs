// @ts-check
// M1 on @x: queue n callbacks with loop.callSoon from one synchronous loop, then let the loop run them.
import { getRunningLoop, run } from "@x/loop";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number }} params */
export default async function m1({ n }) {
  const sum = await run(async () => {
    const loop = getRunningLoop();
    const done = loop.createFuture();
    let s = 0;
    let left = n;
    /** @param {number} i */
    const cb = (i) => {
      s += i;
      if (--left === 0) done.setResult(s);
    };
    for (let i = 0; i < n; i++) loop.callSoon(cb, i);
    return done;
  });
  expectEqual(sum, sumBelow(n), "M1 @x sum");
}
