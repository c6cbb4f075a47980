// @ts-check
// p-map: pMap over the job indices with concurrency 16; each job yields once and returns its index.
import pMap from "p-map";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {number} i */
async function job(i) {
  await null;
  return i;
}

/** @param {{ n: number, concurrency: number }} params */
export default async function gatherLimitPMap({ n, concurrency }) {
  const indices = Array.from({ length: n }, (_, i) => i);
  const results = await pMap(indices, job, { concurrency });
  let s = 0;
  for (const r of results) s += r;
  expectEqual(s, sumBelow(n), "gather-limit p-map sum");
}
