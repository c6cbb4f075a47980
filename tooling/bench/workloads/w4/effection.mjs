// @ts-check
// W4 on effection: its queue is unbounded, so the bound is a second queue of `size` slot tokens: the
// producer takes a token before each add, a consumer gives one back after each take. The producer
// closes the item queue once per consumer.
import { createQueue, run, spawn } from "effection";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number, size: number, consumers: number }} params */
export default async function w4({ n, size, consumers }) {
  const total = await run(function* () {
    /** @type {import("effection").Queue<number, void>} */
    const items = createQueue();
    /** @type {import("effection").Queue<void, void>} */
    const slots = createQueue();
    for (let i = 0; i < size; i++) slots.add(undefined);
    let sum = 0;
    const tasks = [];
    for (let c = 0; c < consumers; c++) {
      tasks.push(
        yield* spawn(function* () {
          for (;;) {
            const next = yield* items.next();
            if (next.done) return;
            sum += next.value;
            slots.add(undefined);
          }
        }),
      );
    }
    for (let i = 0; i < n; i++) {
      yield* slots.next();
      items.add(i);
    }
    for (let c = 0; c < consumers; c++) items.close(undefined);
    for (const task of tasks) yield* task;
    return sum;
  });
  expectEqual(total, sumBelow(n), "W4 effection sum");
}
