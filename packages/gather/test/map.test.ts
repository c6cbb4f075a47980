import { CancelledError } from "@x/loop";
import { createTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { map } from "../src/index.js";
import { now, onVirtualClock } from "./support.js";

/** A source that logs what is pulled from it and whether it was closed. */
function* counted(log: string[], items: number[]): Generator<number> {
  try {
    for (const item of items) {
      log.push(`pull ${item}`);
      yield item;
    }
  } finally {
    log.push("source closed");
  }
}

describe("map", () => {
  it("yields the results in input order, running at most `limit` calls at once", async () => {
    await onVirtualClock(async () => {
      const starts: string[] = [];
      let running = 0;
      let peak = 0;
      const results: string[] = [];
      const delays = [30, 10, 20, 10];
      for await (const r of map(
        delays,
        async (ms, i) => {
          starts.push(`${i} at ${now()}`);
          running++;
          peak = Math.max(peak, running);
          await sleep(ms);
          running--;
          return `${i}:${ms}`;
        },
        { limit: 2 },
      )) {
        results.push(`${r} at ${now()}`);
      }
      expect(peak).toBe(2);
      expect(results.map((r) => r.split(" ")[0])).toEqual(["0:30", "1:10", "2:20", "3:10"]);
      // Item 1 finished at 10 and waits for item 0: the two slots are full until item 0 is consumed.
      expect(starts).toEqual(["0 at 0", "1 at 0", "2 at 30", "3 at 30"]);
    });
  });

  it("yields in completion order with ordered: false", async () => {
    await onVirtualClock(async () => {
      const results: number[] = [];
      for await (const r of map([30, 10, 20], (ms) => sleep(ms, ms), { ordered: false })) results.push(r);
      expect(results).toEqual([10, 20, 30]);
      expect(now()).toBe(30);
    });
  });

  it("starts nothing before the first next()", async () => {
    await onVirtualClock(async () => {
      const log: string[] = [];
      const results = map(counted(log, [1, 2]), async (x) => x);
      await sleep(10);
      expect(log).toEqual([]);
      expect(await results.next()).toEqual({ done: false, value: 1 });
      await results.return(undefined);
    });
  });

  it("stops pulling from the source while the consumer does not ask for more", async () => {
    await onVirtualClock(async () => {
      const log: string[] = [];
      const results = map(counted(log, [1, 2, 3, 4, 5, 6]), (x) => sleep(1, x), { limit: 2 });
      expect((await results.next()).value).toBe(1);
      await sleep(100);
      // One consumed, two slots: items 2 and 3 ran, item 4 waits to be pulled.
      expect(log).toEqual(["pull 1", "pull 2", "pull 3"]);
      const rest: number[] = [];
      for await (const r of results) rest.push(r);
      expect(rest).toEqual([2, 3, 4, 5, 6]);
      expect(log.at(-1)).toBe("source closed");
    });
  });

  it("cancels and awaits the running calls and closes the source when the loop is left with break", async () => {
    await onVirtualClock(async () => {
      const log: string[] = [];
      const source = counted(log, [10, 100, 100, 100, 100]);
      for await (const r of map(
        source,
        async (ms) => {
          try {
            await sleep(ms);
          } catch (error) {
            await sleep(5);
            log.push(`cancelled ${ms}, cleaned up at ${now()}`);
            throw error;
          }
          return ms;
        },
        { limit: 3 },
      )) {
        log.push(`got ${r}`);
        break;
      }
      log.push(`after the loop at ${now()}`);
      expect(log).toEqual([
        "pull 10",
        "pull 100",
        "pull 100",
        // The slot that the first result frees is refilled before the result is handed over.
        "pull 100",
        "got 10",
        "source closed",
        // The call started for it is cancelled before it ever runs (as a task cancelled before its first step).
        "cancelled 100, cleaned up at 15",
        "cancelled 100, cleaned up at 15",
        "after the loop at 15",
      ]);
    });
  });

  it("throws a failure at its turn, after the results before it, and cancels the rest", async () => {
    await onVirtualClock(async () => {
      const seen: string[] = [];
      const slow = { cancelled: false };
      const consume = async (): Promise<void> => {
        for await (const r of map(
          [0, 1, 2],
          async (i) => {
            if (i === 0) return (await sleep(20, "zero")) as string;
            if (i === 1) {
              await sleep(5);
              throw new Error("one failed");
            }
            try {
              return (await sleep(100, "two")) as string;
            } catch (error) {
              slow.cancelled = error instanceof CancelledError;
              throw error;
            }
          },
          { limit: 3 },
        )) {
          seen.push(r);
        }
      };
      await expect(consume()).rejects.toThrow("one failed");
      expect(seen).toEqual(["zero"]);
      expect(slow.cancelled).toBe(true);
      expect(now()).toBe(20);
    });
  });

  it("cancels the running calls when the consuming task is cancelled while it waits", async () => {
    await onVirtualClock(async () => {
      const log: string[] = [];
      const consumer = createTask(async () => {
        for await (const _ of map([1, 2], async (i) => {
          try {
            await sleep(100);
          } catch (error) {
            log.push(`call ${i} ${(error as Error).name} at ${now()}`);
            throw error;
          }
        })) {
          // never reached
        }
      });
      await sleep(10);
      consumer.cancel();
      await expect(consumer).rejects.toBeInstanceOf(CancelledError);
      expect(log).toEqual(["call 1 CancelledError at 10", "call 2 CancelledError at 10"]);
    });
  });

  it("reads async iterables and accepts plain values from fn", async () => {
    await onVirtualClock(async () => {
      async function* source(): AsyncGenerator<number> {
        for (let i = 1; i <= 3; i++) {
          await sleep(1);
          yield i;
        }
      }
      const results: number[] = [];
      for await (const r of map(source(), (x) => x * 10, { limit: 2 })) results.push(r);
      expect(results).toEqual([10, 20, 30]);
    });
  });

  it("refuses a non-iterable, a non-function and bad options at the call", () => {
    expect(() => map(5 as never, (x) => x)).toThrow(TypeError);
    expect(() => map([1], "f" as never)).toThrow(/expects fn to be a function, got the string "f"/);
    expect(() => map([1], (x) => x, { limit: 0 })).toThrow(RangeError);
    expect(() => map([1], (x) => x, { ordered: 1 as never })).toThrow(TypeError);
  });
});
