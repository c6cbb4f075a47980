// @ts-check
// M1's limit: queue n callbacks with setImmediate from one synchronous loop; Node runs them in one check phase.
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number }} params */
export default async function m1({ n }) {
  const sum = await new Promise((resolve) => {
    let s = 0;
    let left = n;
    /** @param {number} i */
    const cb = (i) => {
      s += i;
      if (--left === 0) resolve(s);
    };
    for (let i = 0; i < n; i++) setImmediate(cb, i);
  });
  expectEqual(sum, sumBelow(n), "M1 setImmediate sum");
}
