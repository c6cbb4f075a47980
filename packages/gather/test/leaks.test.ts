import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { asCompleted, FIRST_COMPLETED, wait } from "../src/index.js";
import { never, onVirtualClock } from "./support.js";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** A foreign awaitable that counts the reactions registered on it. */
function countingThenable(): PromiseLike<never> & { thenCalls: number } {
  return {
    thenCalls: 0,
    // biome-ignore lint/suspicious/noThenProperty: a foreign awaitable, on purpose.
    then() {
      this.thenCalls++;
      return never();
    },
  } as PromiseLike<never> & { thenCalls: number };
}

const ROUNDS = 100_000;

describe("no leaks on long-lived awaitables", () => {
  it("keeps no callback of 100,000 finished wait and asCompleted calls", async () => {
    const growth = await onVirtualClock(async (loop) => {
      const longLived = loop.createFuture<void>();
      const nativeLongLived = never();
      const foreign = countingThenable();
      const before = heapAfterGc();
      for (let round = 0; round < ROUNDS; round++) {
        if (round % 1000 === 0 && longLived._callbackCount() !== 0) {
          throw new Error(
            `round ${round}: ${longLived._callbackCount()} callbacks left on the long-lived future`,
          );
        }
        const quick = loop.createFuture<number>();
        quick.setResult(round);
        if (round % 2 === 0) {
          const [done] = await wait([longLived, nativeLongLived, foreign, quick], {
            returnWhen: FIRST_COMPLETED,
          });
          if (!done.has(quick)) throw new Error("the quick future should be done");
        } else {
          for (const next of asCompleted([longLived, nativeLongLived, foreign, quick])) {
            if ((await next) !== round) throw new Error("the quick future should come first");
            break;
          }
        }
      }
      const after = heapAfterGc();
      // Still in use here, so what hangs on them is counted in `after`.
      expect(nativeLongLived).toBeInstanceOf(Promise);
      expect(longLived._callbackCount()).toBe(0);
      // One reaction on the foreign awaitable for all 100,000 calls.
      expect(foreign.thenCalls).toBe(1);
      return after - before;
    });
    // What the run leaves (compiled code, grown queues) levels off below half a megabyte however many
    // rounds run; one leaked reaction per call on the native promise shows as about 40 MB here.
    expect(growth).toBeLessThan(2_000_000);
  });
});
