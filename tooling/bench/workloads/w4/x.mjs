// @ts-check
// W4 on @x: a Queue(size); one producer task puts 0 … n−1 and shuts the queue down; `consumers` tasks
// iterate over the queue (the iteration ends at the shutdown) and add up what they get.
import { run } from "@x/loop";
import { Queue } from "@x/sync";
import { createTask } from "@x/task";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number, size: number, consumers: number }} params */
export default async function w4({ n, size, consumers }) {
  const sum = await run(async () => {
    /** @type {Queue<number>} */
    const queue = new Queue(size);
    let total = 0;
    const tasks = [];
    for (let c = 0; c < consumers; c++) {
      tasks.push(
        createTask(async () => {
          for await (const item of queue) total += item;
        }),
      );
    }
    tasks.push(
      createTask(async () => {
        for (let i = 0; i < n; i++) await queue.put(i);
        queue.shutdown();
      }),
    );
    await Promise.all(tasks);
    return total;
  });
  expectEqual(sum, sumBelow(n), "W4 @x sum");
}
