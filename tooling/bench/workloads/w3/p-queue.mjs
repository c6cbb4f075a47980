// @ts-check
// W3 on p-queue: a PQueue with concurrency 16 gets one task per job; each job yields once (`await null`).
import PQueue from "p-queue";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {number} i */
async function job(i) {
  await null;
  return i;
}

/** @param {{ n: number, concurrency: number }} params */
export default async function w3({ n, concurrency }) {
  const queue = new PQueue({ concurrency });
  const tasks = [];
  for (let i = 0; i < n; i++) tasks.push(() => job(i));
  const results = await queue.addAll(tasks);
  let s = 0;
  for (const r of results) s += /** @type {number} */ (r);
  expectEqual(s, sumBelow(n), "W3 p-queue sum");
}
