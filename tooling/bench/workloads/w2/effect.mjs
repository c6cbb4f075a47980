// @ts-check
// W2 on effect: a Semaphore with one permit; each fiber runs counter++ and Effect.yieldNow under
// withPermits(1), `iterations` times; `tasks` fibers run unbounded.
import { Effect, Semaphore } from "effect";
import { expectEqual } from "../../lib/check.mjs";

/** @param {{ tasks: number, iterations: number }} params */
export default async function w2({ tasks, iterations }) {
  let count = 0;
  const program = Effect.gen(function* () {
    const semaphore = yield* Semaphore.make(1);
    const step = semaphore.withPermits(1)(
      Effect.suspend(() => {
        count++;
        return Effect.yieldNow;
      }),
    );
    const worker = Effect.gen(function* () {
      for (let i = 0; i < iterations; i++) yield* step;
    });
    const workers = Array.from({ length: tasks }, () => worker);
    yield* Effect.forEach(workers, (w) => w, { concurrency: "unbounded", discard: true });
  });
  await Effect.runPromise(program);
  expectEqual(count, tasks * iterations, "W2 effect counter");
}
