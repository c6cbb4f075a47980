// @ts-check
// The platform alone (W1's limit): n async functions that yield once (`await null`), Promise.all.
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {number} i */
async function job(i) {
  await null;
  return i;
}

/** @param {{ n: number }} params */
export default async function w1GatherLimit({ n }) {
  const jobs = [];
  for (let i = 0; i < n; i++) jobs.push(job(i));
  const results = await Promise.all(jobs);
  let s = 0;
  for (const r of results) s += r;
  expectEqual(s, sumBelow(n), "W1-gather limit sum");
}
