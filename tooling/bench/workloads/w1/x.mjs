// @ts-check
// W1 on @x: n tasks, each `await sleep(0)` once and returns its index, gathered (BENCH.md: "gather them").
import { gather } from "@x/gather";
import { run } from "@x/loop";
import { createTask, sleep } from "@x/task";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number }} params */
export default async function w1({ n }) {
  const sum = await run(async () => {
    const tasks = [];
    for (let i = 0; i < n; i++) {
      tasks.push(
        createTask(async () => {
          await sleep(0);
          return i;
        }),
      );
    }
    const results = await gather(tasks);
    let s = 0;
    for (const r of results) s += r;
    return s;
  });
  expectEqual(sum, sumBelow(n), "W1 @x sum");
}
