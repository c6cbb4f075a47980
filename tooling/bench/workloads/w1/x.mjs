// @ts-check
// W1 on @x: n tasks, each `await sleep(0)` once and returns its index, awaited together.
// Until @x/gather exists, the tasks (awaitable) are gathered with Promise.all.
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
    const results = await Promise.all(tasks);
    let s = 0;
    for (const r of results) s += r;
    return s;
  });
  expectEqual(sum, sumBelow(n), "W1 @x sum");
}
