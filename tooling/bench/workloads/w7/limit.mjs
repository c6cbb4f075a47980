// @ts-check
// W7's limit: one raw setTimeout callback per sleep, counted down.
import { expectEqual } from "../../lib/check.mjs";
import { delays } from "./_delays.mjs";

/** @param {{ n: number, spanMs: number }} params */
export default async function w7({ n, spanMs }) {
  const ds = delays(n, spanMs);
  const t0 = performance.now();
  let left = n;
  await new Promise((resolve) => {
    const done = () => {
      if (--left === 0) resolve(undefined);
    };
    for (const d of ds) setTimeout(done, d);
  });
  const wall = performance.now() - t0;
  expectEqual(left, 0, "W7 limit sleeps left");
  if (wall < spanMs - 1) throw new Error(`W7 limit: ${n} sleeps up to ${spanMs} ms ended after ${wall} ms`);
  return { overheadMs: wall - spanMs };
}
