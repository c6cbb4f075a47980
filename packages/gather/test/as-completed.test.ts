import { CancelledError, type Future, InvalidStateError, TimeoutError } from "@x/loop";
import { createTask, sleep, type Task } from "@x/task";
import { describe, expect, it } from "vitest";
import { asCompleted } from "../src/index.js";
import { never, now, onVirtualClock } from "./support.js";

const after =
  <T>(ms: number, value: T) =>
  (): Promise<T> =>
    sleep(ms, value);

describe("asCompleted as an iterable", () => {
  it("yields one awaitable per input, resolving in completion order", async () => {
    await onVirtualClock(async () => {
      const seen: string[] = [];
      for (const next of asCompleted([after(30, "c"), after(10, "a"), after(20, "b")])) {
        seen.push(`${await next} at ${now()}`);
      }
      expect(seen).toEqual(["a at 10", "b at 20", "c at 30"]);
    });
  });

  it("throws a failure at the await of its turn, and the other results still come", async () => {
    await onVirtualClock(async () => {
      const seen: string[] = [];
      for (const next of asCompleted([
        after(20, "late"),
        async () => {
          await sleep(10);
          throw new Error("broken");
        },
      ])) {
        try {
          seen.push(await next);
        } catch (error) {
          seen.push(`error ${(error as Error).message}`);
        }
      }
      expect(seen).toEqual(["error broken", "late"]);
    });
  });

  it("resumes the consumer two iterations after an input completes, as asyncio", async () => {
    await onVirtualClock(async (loop) => {
      const log: string[] = [];
      const fut = loop.createFuture<string>();
      const ticker = createTask(async () => {
        for (let i = 1; i <= 3; i++) {
          await sleep(0);
          log.push(`tick ${i}`);
        }
      });
      loop.callSoon(() => {
        log.push("set");
        fut.setResult("x");
      });
      for (const next of asCompleted([fut])) log.push(await next);
      await ticker;
      expect(log).toEqual(["set", "tick 1", "tick 2", "x", "tick 3"]);
    });
  });

  it("serves the awaits in the order they happen, not the order they were handed out", async () => {
    await onVirtualClock(async () => {
      const [first, second] = [...asCompleted([after(10, "early"), after(20, "late")])];
      expect(await (second as Promise<string>)).toBe("early");
      expect(await (first as Promise<string>)).toBe("late");
    });
  });

  it("binds an awaitable handed out while a completion is waiting to that completion at once", async () => {
    await onVirtualClock(async (loop) => {
      const early = loop.createFuture<string>();
      const late = loop.createFuture<string>();
      early.setResult("early");
      const iteration = asCompleted([early, late]);
      await sleep(0);
      const [first, second] = [...iteration] as [Promise<string>, Promise<string>];
      late.setResult("late");
      expect(await second).toBe("late");
      expect(await first).toBe("early");
    });
  });

  it("yields an input passed twice once", async () => {
    await onVirtualClock(async (loop) => {
      const fut = loop.createFuture<number>();
      fut.setResult(1);
      const nexts = [...asCompleted([fut, fut, Promise.resolve(2)])];
      expect(nexts.length).toBe(2);
      expect((await Promise.all(nexts)).sort()).toEqual([1, 2]);
    });
  });

  it("hands the completion meant for a cancelled await to the next one", async () => {
    await onVirtualClock(async (loop) => {
      const f1 = loop.createFuture<string>();
      const f2 = loop.createFuture<string>();
      const iterator = asCompleted([f1, f2])[Symbol.iterator]();
      const a = iterator.next().value as Promise<string>;
      const b = iterator.next().value as Promise<string>;
      const taskA = createTask(() => a);
      const taskB = createTask(() => b);
      await sleep(0);
      taskA.cancel();
      f1.setResult("one");
      await expect(taskA).rejects.toBeInstanceOf(CancelledError);
      expect(await taskB).toBe("one");
    });
  });

  it("passes a completion already handed to an await on when its task is cancelled before it resumes", async () => {
    await onVirtualClock(async (loop) => {
      const f1 = loop.createFuture<string>();
      const iterator = asCompleted([f1, loop.createFuture<string>()])[Symbol.iterator]();
      const a = iterator.next().value as Promise<string>;
      const b = iterator.next().value as Promise<string>;
      const taskA = createTask(() => a);
      const taskB = createTask(() => b);
      await sleep(0);
      f1.setResult("one");
      // Runs right after asCompleted's own callback has handed "one" to taskA's await.
      f1.addDoneCallback(() => taskA.cancel());
      await expect(taskA).rejects.toBeInstanceOf(CancelledError);
      expect(await taskB).toBe("one");
    });
  });
});

describe("asCompleted as an async iterable", () => {
  it("yields the inputs themselves as they complete, and the task of each function", async () => {
    await onVirtualClock(async (loop) => {
      const fut = loop.createFuture<string>();
      loop.callLater(20, () => fut.setResult("future"));
      const promise = sleep(10, "promise");
      const seen: unknown[] = [];
      for await (const done of asCompleted([fut, promise, after(30, "function")])) {
        seen.push(done);
        expect(now()).toBe(seen.length * 10);
      }
      expect(seen[0]).toBe(promise);
      expect(seen[1]).toBe(fut);
      const task = seen[2] as Task<string>;
      expect(task.done()).toBe(true);
      expect(await task).toBe("function");
    });
  });

  it("shares one count with the iterable form", async () => {
    await onVirtualClock(async () => {
      const iteration = asCompleted([after(1, 1), after(2, 2)]);
      const values: number[] = [];
      for (const next of iteration) {
        values.push(await next);
        break;
      }
      for await (const task of iteration) values.push(await task);
      expect(values).toEqual([1]);
    });
  });

  it("ends the iteration and takes back its callbacks when the task waiting in next() is cancelled", async () => {
    await onVirtualClock(async (loop) => {
      const longLived = loop.createFuture<void>();
      const consumer = createTask(async () => {
        for await (const _ of asCompleted([longLived, never()])) {
          // never reached
        }
      });
      await sleep(1);
      expect(longLived._callbackCount()).toBe(1);
      consumer.cancel();
      await expect(consumer).rejects.toBeInstanceOf(CancelledError);
      expect(longLived._callbackCount()).toBe(0);
    });
  });
});

describe("asCompleted timeout", () => {
  it("makes the awaits still pending at the deadline throw TimeoutError, and cancels nothing", async () => {
    await onVirtualClock(async () => {
      const slow = createTask(() => sleep(100, "slow"));
      const seen: string[] = [];
      for (const next of asCompleted([after(10, "fast"), slow, never()], { timeout: 50 })) {
        try {
          seen.push(await next);
        } catch (error) {
          expect(error).toBeInstanceOf(TimeoutError);
          seen.push(`timeout at ${now()}`);
        }
      }
      expect(seen).toEqual(["fast", "timeout at 50", "timeout at 50"]);
      expect(slow.done()).toBe(false);
      expect(await slow).toBe("slow");
    });
  });

  it("still delivers what completed before the deadline", async () => {
    await onVirtualClock(async () => {
      const iteration = asCompleted([after(10, "a"), after(20, "b"), after(100, "c")], { timeout: 50 });
      await sleep(60);
      const seen: string[] = [];
      for (const next of iteration) seen.push(await next.catch((e: Error) => e.name));
      expect(seen).toEqual(["a", "b", "TimeoutError"]);
    });
  });

  it("rejects next() of the async form with TimeoutError at the deadline", async () => {
    await onVirtualClock(async () => {
      const seen: unknown[] = [];
      const loop = async (): Promise<void> => {
        for await (const done of asCompleted([after(10, "a"), never()], { timeout: 25 }))
          seen.push(await done);
      };
      await expect(loop()).rejects.toBeInstanceOf(TimeoutError);
      expect(seen).toEqual(["a"]);
      expect(now()).toBe(25);
    });
  });

  it("treats a negative timeout as already passed", async () => {
    await onVirtualClock(async () => {
      const [next] = [...asCompleted([never()], { timeout: -1 })];
      await expect(next).rejects.toBeInstanceOf(TimeoutError);
      expect(now()).toBe(0);
    });
  });
});

describe("asCompleted leaving early", () => {
  it("takes back every callback when the loop is left with break", async () => {
    await onVirtualClock(async (loop) => {
      const longLived = loop.createFuture<void>();
      for (const next of asCompleted([longLived, after(5, "quick")], { timeout: 1000 })) {
        await next;
        break;
      }
      expect(longLived._callbackCount()).toBe(0);
      for await (const _ of asCompleted([longLived, after(5, "quick")])) break;
      expect(longLived._callbackCount()).toBe(0);
    });
  });

  it("takes back every callback when the loop body throws", async () => {
    await onVirtualClock(async (loop) => {
      const longLived = loop.createFuture<void>();
      const consume = async (): Promise<void> => {
        for (const next of asCompleted([longLived, after(5, "quick")])) {
          await next;
          throw new Error("stop");
        }
      };
      await expect(consume()).rejects.toThrow("stop");
      expect(longLived._callbackCount()).toBe(0);
    });
  });

  it("fails an await still pending when the iteration is closed", async () => {
    await onVirtualClock(async () => {
      const iteration = asCompleted([never()]);
      const [next] = [...iteration];
      const waiting = createTask(() => next as Promise<never>);
      await sleep(0);
      iteration.close();
      await expect(waiting).rejects.toBeInstanceOf(InvalidStateError);
    });
  });
});

describe("asCompleted with a limit", () => {
  it("runs at most `limit` functions at once and never starts the rest after a break", async () => {
    await onVirtualClock(async () => {
      const started: string[] = [];
      const job = (name: string, ms: number) => async () => {
        started.push(`${name} at ${now()}`);
        await sleep(ms);
        return name;
      };
      const seen: string[] = [];
      const jobs = [job("a", 30), job("b", 10), job("c", 10), job("d", 50), job("e", 10)];
      for (const next of asCompleted(jobs, { limit: 2 })) {
        seen.push(await next);
        if (seen.length === 2) break;
      }
      expect(seen).toEqual(["b", "c"]);
      await sleep(100);
      expect(started).toEqual(["a at 0", "b at 0", "c at 10", "d at 20"]);
    });
  });
});

describe("asCompleted arguments", () => {
  it("refuses a single awaitable, a non-iterable and bad options", async () => {
    await onVirtualClock(async (loop) => {
      const fut: Future<number> = loop.createFuture<number>();
      expect(() => asCompleted(fut as never)).toThrow(TypeError);
      expect(() => asCompleted(5 as never)).toThrow(/expects an iterable of awaitables, got number 5/);
      expect(() => asCompleted([1] as never)).toThrow(/item 0 is number 1/);
      expect(() => asCompleted([fut], { timeout: Number.NaN })).toThrow(RangeError);
      expect(() => asCompleted([fut], { timeout: "1" as never })).toThrow(TypeError);
      expect(() => asCompleted([fut], { limit: -1 })).toThrow(RangeError);
    });
  });

  it("yields nothing for an empty list", async () => {
    await onVirtualClock(async () => {
      expect([...asCompleted([])]).toEqual([]);
      for await (const _ of asCompleted([])) throw new Error("unreachable");
    });
  });
});
