// @ts-check
// W6 on effect: n forked fibers wait on one Latch; opening it resumes them all.
import { Effect, Latch } from "effect";
import { expectEqual } from "../../lib/check.mjs";

const gc = /** @type {() => void} */ (globalThis.gc);

function heapAfterGc() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** @param {{ n: number }} params */
export default async function w6({ n }) {
  let started = 0;
  let resumed = 0;
  /** @type {() => void} */
  let allResumed = () => {};
  const done = new Promise((resolve) => {
    allResumed = () => resolve(undefined);
  });
  const program = Effect.gen(function* () {
    const latch = yield* Latch.make();
    const waiter = Effect.suspend(() => {
      started++;
      return latch.await;
    }).pipe(
      Effect.andThen(
        Effect.sync(() => {
          if (++resumed === n) allResumed();
        }),
      ),
    );
    const before = heapAfterGc();
    const fibers = new Array(n);
    for (let i = 0; i < n; i++) fibers[i] = yield* Effect.forkChild(waiter);
    while (started < n) yield* Effect.yieldNow;
    yield* Effect.yieldNow;
    const blocked = heapAfterGc();
    const t0 = performance.now();
    yield* latch.open;
    yield* Effect.promise(() => done);
    const ms = performance.now() - t0;
    return { rate: n / (ms / 1000), bytesPerWaiter: (blocked - before) / n };
  });
  const result = await Effect.runPromise(program);
  expectEqual(resumed, n, "W6 effect waiters resumed");
  return result;
}
