// @ts-check
// p-limit: pLimit(16) wraps one call per job, Promise.all collects the results; each job yields once.
import pLimit from "p-limit";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {number} i */
async function job(i) {
  await null;
  return i;
}

/** @param {{ n: number, concurrency: number }} params */
export default async function gatherLimitPLimit({ n, concurrency }) {
  const limit = pLimit(concurrency);
  const calls = [];
  for (let i = 0; i < n; i++) calls.push(limit(job, i));
  const results = await Promise.all(calls);
  let s = 0;
  for (const r of results) s += r;
  expectEqual(s, sumBelow(n), "gather-limit p-limit sum");
}
