// @ts-check
// The limit: `concurrency` async workers pull job indices from a shared counter; each job yields once
// (`await null`) and returns its index, stored at its position.
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {number} i */
async function job(i) {
  await null;
  return i;
}

/** @param {{ n: number, concurrency: number }} params */
export default async function gatherLimitLimit({ n, concurrency }) {
  const results = new Array(n);
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      results[i] = await job(i);
    }
  }
  const workers = [];
  for (let w = 0; w < concurrency; w++) workers.push(worker());
  await Promise.all(workers);
  let s = 0;
  for (const r of results) s += r;
  expectEqual(s, sumBelow(n), "gather-limit limit sum");
}
