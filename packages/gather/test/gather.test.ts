import { CancelledError, type Future } from "@x/loop";
import { createTask, currentTask, sleep, type Task } from "@x/task";
import { describe, expect, it } from "vitest";
import { gather } from "../src/index.js";
import { never, now, onVirtualClock } from "./support.js";

class Boom extends Error {
  override name = "Boom";
}

describe("gather results", () => {
  it("returns the results in input order, whatever order the children finish in", async () => {
    await onVirtualClock(async () => {
      const results = await gather(
        () => sleep(30, "a"),
        () => sleep(10, "b"),
        () => sleep(20, "c"),
      );
      expect(results).toEqual(["a", "b", "c"]);
      expect(now()).toBe(30);
    });
  });

  it("starts each function as a task on the next loop iteration, in input order", async () => {
    await onVirtualClock(async () => {
      const log: string[] = [];
      const outer = gather(
        async () => {
          log.push(`first ${String(currentTask()?.getName())}`);
        },
        async () => {
          log.push("second");
        },
      );
      log.push("gather returned");
      await outer;
      expect(log[0]).toBe("gather returned");
      expect(log.slice(1).map((l) => l.split(" ")[0])).toEqual(["first", "second"]);
      expect(log[1]).toMatch(/^first Task-\d+$/);
    });
  });

  it("awaits promises and uses futures and tasks as they are", async () => {
    await onVirtualClock(async (loop) => {
      const fut = loop.createFuture<number>();
      loop.callLater(5, () => fut.setResult(1));
      const task = createTask(() => sleep(10, "task"));
      const results = await gather(fut, task, Promise.resolve(true), sleep(15, 4n));
      expect(results).toEqual([1, "task", true, 4n]);
      expect(now()).toBe(15);
    });
  });

  it("resumes the awaiting task three iterations after the children start, as asyncio", async () => {
    await onVirtualClock(async () => {
      const log: string[] = [];
      const ticker = createTask(async () => {
        for (let i = 1; i <= 4; i++) {
          await sleep(0);
          log.push(`tick ${i}`);
        }
      });
      await sleep(0);
      log.push("gather");
      await gather(async () => {
        log.push("child");
      });
      log.push("resumed");
      await ticker;
      // The child runs one iteration later, its done callback the next, and the caller the one after.
      expect(log).toEqual(["gather", "tick 1", "child", "tick 2", "tick 3", "resumed", "tick 4"]);
    });
  });

  it("waits once for an awaitable passed twice and puts its result at both positions", async () => {
    await onVirtualClock(async (loop) => {
      const fut = loop.createFuture<string>();
      const outer = gather(fut, () => sleep(1, "x"), fut);
      expect(fut._callbackCount()).toBe(1);
      fut.setResult("twice");
      expect(await outer).toEqual(["twice", "x", "twice"]);
    });
  });

  it("runs a function passed twice twice", async () => {
    await onVirtualClock(async () => {
      let runs = 0;
      const job = async (): Promise<number> => ++runs;
      expect(await gather(job, job)).toEqual([1, 2]);
    });
  });

  it("resolves at once to an empty array when given nothing", async () => {
    await onVirtualClock(async () => {
      const outer = gather();
      expect(outer.done()).toBe(true);
      expect(outer.result()).toEqual([]);
      expect(await gather([])).toEqual([]);
    });
  });

  it("takes one array (or other iterable) as the list, even longer than the engine's argument limit", async () => {
    await onVirtualClock(async (loop) => {
      const n = 150_000;
      const futures: Future<number>[] = [];
      for (let i = 0; i < n; i++) {
        const fut = loop.createFuture<number>();
        fut.setResult(i);
        futures.push(fut);
      }
      expect(() => Math.max(...futures.map((_, i) => i))).toThrow(RangeError);
      const results = await gather(futures);
      expect(results.length).toBe(n);
      expect(results[n - 1]).toBe(n - 1);
      expect(await gather(new Set([Promise.resolve(1), Promise.resolve(2)]))).toEqual([1, 2]);
      function* jobs(): Generator<() => Promise<number>> {
        yield async () => 1;
        yield async () => 2;
      }
      expect(await gather(jobs())).toEqual([1, 2]);
    });
  });

  it("takes a trailing plain object as the options, with separate awaitables or one list", async () => {
    await onVirtualClock(async () => {
      const fail = async (): Promise<never> => {
        throw new Boom("x");
      };
      const spread = await gather(async () => 1, fail, { returnExceptions: true });
      expect(spread[0]).toBe(1);
      expect(spread[1]).toBeInstanceOf(Boom);
      const listed = await gather([async () => 1, fail], { returnExceptions: true });
      expect(listed[1]).toBeInstanceOf(Boom);
    });
  });
});

describe("gather failures", () => {
  it("fails with the first failure while the other children keep running", async () => {
    await onVirtualClock(async () => {
      const log: string[] = [];
      const slow = createTask(async () => {
        await sleep(20);
        log.push(`slow done at ${now()}`);
        return "slow";
      });
      const outer = gather(async () => {
        await sleep(10);
        throw new Boom("first");
      }, slow);
      await expect(outer).rejects.toThrow("first");
      expect(now()).toBe(10);
      expect(slow.done()).toBe(false);
      await sleep(15);
      expect(log).toEqual(["slow done at 20"]);
      expect(slow.result()).toBe("slow");
    });
  });

  it("marks the errors of children that fail after it as retrieved, as asyncio", async () => {
    const reports = await onVirtualClock(async (_loop, reports) => {
      const outer = gather(
        async () => {
          await sleep(1);
          throw new Boom("first");
        },
        async () => {
          await sleep(2);
          throw new Boom("second");
        },
      );
      await expect(outer).rejects.toThrow("first");
      await sleep(5);
      return reports;
    });
    expect(reports).toEqual([]);
  });

  it("returns failures at their positions with returnExceptions", async () => {
    await onVirtualClock(async () => {
      const victim = createTask(() => sleep(50));
      const outer = gather(
        () => sleep(10, "ok"),
        async () => {
          await sleep(5);
          throw new Boom("bad");
        },
        victim,
        { returnExceptions: true },
      );
      await sleep(1);
      victim.cancel("by hand");
      const [ok, bad, cancelled] = await outer;
      expect(ok).toBe("ok");
      expect(bad).toBeInstanceOf(Boom);
      expect(cancelled).toBeInstanceOf(CancelledError);
      expect((cancelled as CancelledError).message).toBe("by hand");
      expect(now()).toBe(10);
    });
  });

  it("refuses an item that is not awaitable with a TypeError naming it, before starting anything", async () => {
    await onVirtualClock(async () => {
      let started = false;
      const job = async (): Promise<void> => {
        started = true;
      };
      expect(() => gather(job, 5 as never)).toThrow(
        new TypeError(
          "gather(): item 1 is number 5; expected a promise, a Future or Task, or an async function to run as a task",
        ),
      );
      expect(() => gather([job, null] as never)).toThrow(/item 1 is null/);
      expect(() => gather(job, [job] as never)).toThrow(/item 1 is a list among other awaitables/);
      await sleep(1);
      expect(started).toBe(false);
    });
  });

  it("refuses options of the wrong type or an unknown option", async () => {
    await onVirtualClock(async () => {
      const job = async (): Promise<number> => 1;
      expect(() => gather(job, { limit: 0 })).toThrow(RangeError);
      expect(() => gather(job, { limit: 1.5 })).toThrow(RangeError);
      expect(() => gather(job, { limit: "2" as never })).toThrow(TypeError);
      expect(() => gather(job, { returnExceptions: "yes" as never })).toThrow(TypeError);
      expect(() => gather(job, { returnException: true } as never)).toThrow(
        /unknown option "returnException"/,
      );
    });
  });
});

describe("gather cancellation", () => {
  it("cancels every child that is not done, and then fails with CancelledError without being cancelled", async () => {
    await onVirtualClock(async () => {
      const done = createTask(async () => "early");
      const a = createTask(() => sleep(100));
      const b = createTask(() => sleep(100));
      await sleep(0);
      const outer = gather(done, a, b);
      await sleep(0);
      expect(outer.cancel("enough")).toBe(true);
      expect(a.cancelling()).toBe(1);
      const error = await outer.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as CancelledError).message).toBe("enough");
      expect(a.cancelled()).toBe(true);
      expect(b.cancelled()).toBe(true);
      expect(done.result()).toBe("early");
      expect(outer.cancelled()).toBe(false);
      expect(outer.exception()).toBe(error);
      expect(now()).toBe(0);
    });
  });

  it("returns false from cancel() once finished, and cancels nothing", async () => {
    await onVirtualClock(async () => {
      const later = createTask(() => sleep(100, "later"));
      const outer = gather(async () => {
        throw new Boom("fast");
      }, later);
      await expect(outer).rejects.toThrow("fast");
      expect(outer.cancel()).toBe(false);
      expect(await later).toBe("later");
    });
  });

  it("cancels every child when the task awaiting it is cancelled", async () => {
    await onVirtualClock(async () => {
      const log: string[] = [];
      const child = (name: string) => async () => {
        try {
          await sleep(100);
        } catch (error) {
          log.push(`${name} ${(error as Error).name} "${(error as Error).message}" at ${now()}`);
          throw error;
        }
      };
      const parent = createTask(() => gather(child("a"), child("b")));
      await sleep(10);
      parent.cancel("stop");
      await expect(parent).rejects.toBeInstanceOf(CancelledError);
      expect(parent.cancelled()).toBe(true);
      expect(log).toEqual(['a CancelledError "stop" at 10', 'b CancelledError "stop" at 10']);
    });
  });

  it("fails with a child's CancelledError when the child is cancelled by someone else, without cancelling the caller", async () => {
    await onVirtualClock(async () => {
      const victim = createTask(() => sleep(100));
      const survivor = createTask(() => sleep(20, "survivor"));
      const outer = gather(victim, survivor);
      await sleep(5);
      victim.cancel("only this one");
      const error = await outer.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("only this one");
      expect(outer.cancelled()).toBe(false);
      expect(currentTask()?.cancelling()).toBe(0);
      expect(await survivor).toBe("survivor");
      expect(now()).toBe(20);
    });
  });

  it("never lets returnExceptions swallow a cancellation of gather itself", async () => {
    await onVirtualClock(async () => {
      const outer = gather(
        () => sleep(100),
        () => sleep(100),
        { returnExceptions: true },
      );
      await sleep(1);
      outer.cancel();
      await expect(outer).rejects.toBeInstanceOf(CancelledError);
      const parent = createTask(() => gather(() => sleep(100), { returnExceptions: true }));
      await sleep(1);
      parent.cancel();
      await expect(parent).rejects.toBeInstanceOf(CancelledError);
      expect(parent.cancelled()).toBe(true);
    });
  });

  it("fails with CancelledError after a cancel() even when every child swallows the cancellation", async () => {
    await onVirtualClock(async () => {
      const stubborn = async (): Promise<string> => {
        try {
          await sleep(100);
        } catch {
          return "ignored the cancellation";
        }
        return "finished";
      };
      for (const returnExceptions of [false, true]) {
        const outer = gather(stubborn, { returnExceptions });
        await sleep(1);
        expect(outer.cancel()).toBe(true);
        await expect(outer).rejects.toBeInstanceOf(CancelledError);
      }
    });
  });

  it("stops waiting for a promise it cannot cancel and counts it as cancelled", async () => {
    await onVirtualClock(async () => {
      const outer = gather(never(), () => sleep(100), { returnExceptions: true });
      await sleep(1);
      expect(outer.cancel("bye")).toBe(true);
      await expect(outer).rejects.toThrow(new CancelledError("bye"));
      expect(now()).toBe(1);
      const single = gather(never());
      await sleep(1);
      expect(single.cancel()).toBe(true);
      await expect(single).rejects.toBeInstanceOf(CancelledError);
    });
  });
});

describe("gather with a limit", () => {
  it("runs at most `limit` tasks at once and starts the rest in input order as slots free up", async () => {
    await onVirtualClock(async () => {
      const log: string[] = [];
      let running = 0;
      let peak = 0;
      const job = (name: string, ms: number) => async () => {
        running++;
        peak = Math.max(peak, running);
        log.push(`${name} starts at ${now()}`);
        await sleep(ms);
        running--;
        return name;
      };
      const results = await gather([job("a", 30), job("b", 10), job("c", 20), job("d", 10), job("e", 10)], {
        limit: 2,
      });
      expect(results).toEqual(["a", "b", "c", "d", "e"]);
      expect(peak).toBe(2);
      expect(log).toEqual([
        "a starts at 0",
        "b starts at 0",
        "c starts at 10",
        "d starts at 30",
        "e starts at 30",
      ]);
      expect(now()).toBe(40);
    });
  });

  it("gives no slot to promises, futures and tasks passed in, since they already run", async () => {
    await onVirtualClock(async () => {
      const starts: number[] = [];
      const job = async (): Promise<void> => {
        starts.push(now());
        await sleep(10);
      };
      await gather([sleep(50), createTask(() => sleep(50)), job, job], { limit: 1 });
      expect(starts).toEqual([0, 10]);
      expect(now()).toBe(50);
    });
  });

  it("starts no further task once a failure has failed it", async () => {
    await onVirtualClock(async () => {
      let laterRan = false;
      const outer = gather(
        [
          async () => {
            throw new Boom("stop");
          },
          async () => {
            laterRan = true;
          },
        ],
        { limit: 1 },
      );
      await expect(outer).rejects.toThrow("stop");
      await sleep(10);
      expect(laterRan).toBe(false);
    });
  });

  it("cancels the running tasks and never starts the queued ones when cancelled", async () => {
    await onVirtualClock(async () => {
      const started: number[] = [];
      const jobs = [0, 1, 2, 3].map((i) => async () => {
        started.push(i);
        await sleep(100);
      });
      const outer = gather(jobs, { limit: 2, returnExceptions: true });
      await sleep(1);
      expect(outer.cancel()).toBe(true);
      await expect(outer).rejects.toBeInstanceOf(CancelledError);
      await sleep(200);
      expect(started).toEqual([0, 1]);
    });
  });

  it("runs the functions in worker tasks, one after another in each, instead of a task per function", async () => {
    await onVirtualClock(async () => {
      const seen: (Task<unknown> | undefined)[] = [];
      const job = async (): Promise<void> => {
        seen.push(currentTask());
        await sleep(1);
      };
      await gather([job, job, job], { limit: 1 });
      expect(new Set(seen).size).toBe(1);
      expect(seen[0]).not.toBe(currentTask());
      seen.length = 0;
      await gather([job, job, job]);
      expect(new Set(seen).size).toBe(3);
    });
  });

  it("handles a hundred thousand jobs with a small limit", async () => {
    await onVirtualClock(async () => {
      const n = 100_000;
      let running = 0;
      let peak = 0;
      const jobs = Array.from({ length: n }, (_, i) => async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(0);
        running--;
        return i;
      });
      const results = await gather(jobs, { limit: 16 });
      expect(peak).toBe(16);
      let sum = 0;
      for (const r of results) sum += r;
      expect(sum).toBe((n * (n - 1)) / 2);
    });
  });
});

describe("gather's future", () => {
  it("is a Future that a task can await, typed with the results", async () => {
    await onVirtualClock(async () => {
      const outer: Future<[number, string]> = gather(
        async () => 1,
        createTask(async () => "s"),
      );
      const waiter: Task<[number, string]> = createTask(() => outer);
      await sleep(0);
      expect(waiter.waitingOn()).toBe(outer);
      expect(await waiter).toEqual([1, "s"]);
    });
  });
});
