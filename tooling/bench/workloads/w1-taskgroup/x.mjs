// @ts-check
// W1 through a TaskGroup: n children, each `await sleep(0)` once and returns its index; the group
// waits for all of them, then the results are summed.
import { run } from "@x/loop";
import { sleep, TaskGroup } from "@x/task";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number }} params */
export default async function w1TaskGroup({ n }) {
  const sum = await run(async () => {
    /** @type {import("@x/task").Task<number>[]} */
    const tasks = [];
    await TaskGroup.run(async (tg) => {
      for (let i = 0; i < n; i++) {
        tasks.push(
          tg.createTask(async () => {
            await sleep(0);
            return i;
          }),
        );
      }
    });
    let s = 0;
    for (const t of tasks) s += t.result();
    return s;
  });
  expectEqual(sum, sumBelow(n), "W1-TaskGroup @x sum");
}
