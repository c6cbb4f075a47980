// @ts-check
// W1 through @x/gather: n async functions, each `await sleep(0)` once and returns its index; gather starts
// one task per function and resolves with the results in input order.
import { gather } from "@x/gather";
import { run } from "@x/loop";
import { sleep } from "@x/task";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number }} params */
export default async function w1Gather({ n }) {
  const sum = await run(async () => {
    /** @type {(() => Promise<number>)[]} */
    const jobs = [];
    for (let i = 0; i < n; i++) {
      jobs.push(async () => {
        await sleep(0);
        return i;
      });
    }
    const results = await gather(jobs);
    let s = 0;
    for (const r of results) s += r;
    return s;
  });
  expectEqual(sum, sumBelow(n), "W1-gather @x sum");
}
