// @ts-check
// W5 on @x: n futures, settled from one loop callback from the last made to the first, consumed with
// `for (const next of asCompleted(futures)) await next`; the values must come in reverse order.
import { asCompleted } from "@x/gather";
import { getRunningLoop, run } from "@x/loop";
import { expectEqual } from "../../lib/check.mjs";

/** @param {{ n: number }} params */
export default async function w5({ n }) {
  const mismatches = await run(async () => {
    const loop = getRunningLoop();
    /** @type {import("@x/loop").Future<number>[]} */
    const futures = [];
    for (let i = 0; i < n; i++) futures.push(loop.createFuture());
    loop.callSoon(() => {
      for (let i = n - 1; i >= 0; i--) futures[i]?.setResult(i);
    });
    let expected = n - 1;
    let wrong = 0;
    for (const next of asCompleted(futures)) {
      if ((await next) !== expected--) wrong++;
    }
    return wrong + (expected + 1);
  });
  expectEqual(mismatches, 0, "W5 @x values out of order or missing");
}
