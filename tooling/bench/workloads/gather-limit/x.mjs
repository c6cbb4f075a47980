// @ts-check
// gather with a limit on @x: n async functions, at most 16 running at once; each `await sleep(0)` once and
// returns its index. gather starts the next function's task as soon as a running one is done.
import { gather } from "@x/gather";
import { run } from "@x/loop";
import { sleep } from "@x/task";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number, concurrency: number }} params */
export default async function gatherLimit({ n, concurrency }) {
  const sum = await run(async () => {
    /** @type {(() => Promise<number>)[]} */
    const jobs = [];
    for (let i = 0; i < n; i++) {
      jobs.push(async () => {
        await sleep(0);
        return i;
      });
    }
    const results = await gather(jobs, { limit: concurrency });
    let s = 0;
    for (const r of results) s += r;
    return s;
  });
  expectEqual(sum, sumBelow(n), "gather-limit @x sum");
}
