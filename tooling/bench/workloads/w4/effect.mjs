// @ts-check
// W4 on effect: Queue.bounded(size); one producer fiber offers 0 … n−1 then one −1 per consumer;
// `consumers` forked fibers take until −1.
import { Effect, Fiber, Queue } from "effect";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number, size: number, consumers: number }} params */
export default async function w4({ n, size, consumers }) {
  let total = 0;
  const program = Effect.gen(function* () {
    const queue = yield* Queue.bounded(size);
    const consume = Effect.gen(function* () {
      for (;;) {
        const item = yield* Queue.take(queue);
        if (item === -1) return;
        total += item;
      }
    });
    const fibers = [];
    for (let c = 0; c < consumers; c++) fibers.push(yield* Effect.forkChild(consume));
    for (let i = 0; i < n; i++) yield* Queue.offer(queue, i);
    for (let c = 0; c < consumers; c++) yield* Queue.offer(queue, -1);
    for (const fiber of fibers) yield* Fiber.join(fiber);
  });
  await Effect.runPromise(program);
  expectEqual(total, sumBelow(n), "W4 effect sum");
}
