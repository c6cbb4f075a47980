// @ts-check
// W1's limit: the platform alone. Each async function starts, yields once (`await null`: one trip through
// the microtask queue, the cheapest yield there is), then returns its index; all n are started before any
// resumes, as n tasks that each sleep(0) once.
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {number} i */
async function job(i) {
  await null;
  return i;
}

/** @param {{ n: number }} params */
export default async function w1({ n }) {
  const jobs = [];
  for (let i = 0; i < n; i++) jobs.push(job(i));
  const results = await Promise.all(jobs);
  let s = 0;
  for (const r of results) s += r;
  expectEqual(s, sumBelow(n), "W1 limit sum");
}
