import { getRunningLoop, TimeoutError } from "@x/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, shield, sleep, waitFor } from "../src/index.js";
import { nameOf, now, settle, virtual } from "./helpers.js";

class FooError extends Error {
  override name = "FooError";
}

describe("waitFor: within the time", () => {
  it("gives an async function's value; the function runs in the caller's task", async () => {
    const result = await virtual(async () => {
      const caller = currentTask();
      let ranIn: unknown;
      const value = await waitFor(async () => {
        ranIn = currentTask();
        await sleep(10);
        return "done";
      }, 100);
      return { value, sameTask: ranIn === caller, at: now() };
    });
    expect(result).toEqual({ value: "done", sameTask: true, at: 10 });
  });

  it("gives a future's result when it completes before the deadline", async () => {
    const result = await virtual(async () => {
      const fut = getRunningLoop().createFuture<string>();
      getRunningLoop().callLater(100, () => fut.setResult("ok"));
      return { value: await waitFor(fut, 200), at: now() };
    });
    expect(result).toEqual({ value: "ok", at: 100 });
  });

  it("with null waits as long as it takes", async () => {
    const result = await virtual(async () => ({
      value: await waitFor(() => sleep(100_000, "late"), null),
      at: now(),
    }));
    expect(result).toEqual({ value: "late", at: 100_000 });
  });

  it("gives a foreign promise's value", async () => {
    const value = await virtual(() => waitFor(Promise.resolve(5), 10));
    expect(value).toBe(5);
  });
});

describe("waitFor: the time runs out", () => {
  it("cancels the task, waits for it, and throws TimeoutError", async () => {
    const result = await virtual(async () => {
      let running: boolean | undefined;
      const task = createTask(async () => {
        running = true;
        try {
          await sleep(100_000);
        } finally {
          running = false;
        }
        return "done";
      });
      const r = await settle(waitFor(task, 100));
      const error = (r as { error: unknown }).error as TimeoutError;
      return {
        error: nameOf(error),
        cause: nameOf(error.cause),
        taskCancelled: task.cancelled(),
        running,
        at: now(),
      };
    });
    expect(result).toEqual({
      error: "TimeoutError",
      cause: "CancelledError",
      taskCancelled: true,
      running: false,
      at: 100,
    });
  });

  it("waits for the task's cleanup before throwing", async () => {
    const result = await virtual(async () => {
      const log: string[] = [];
      const task = createTask(async () => {
        try {
          await sleep(10_000);
        } catch (e) {
          await sleep(30);
          log.push(`cleaned up at ${now()}`);
          throw e;
        }
      });
      const r = await settle(waitFor(task, 10));
      log.push(`${nameOf((r as { error: unknown }).error)} at ${now()}`);
      return log;
    });
    expect(result).toEqual(["cleaned up at 40", "TimeoutError at 40"]);
  });

  it("an error thrown during the cancellation is what the caller gets", async () => {
    const result = await virtual(async () => {
      const task = createTask(async () => {
        try {
          await sleep(200);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: the point of the test.
          throw new FooError("in cleanup");
        }
      });
      const r = await settle(waitFor(task, 1));
      return nameOf((r as { error: unknown }).error);
    });
    expect(result).toBe("FooError");
  });

  it("an awaited function that swallows the cancellation and returns gives its value", async () => {
    const result = await virtual(async () => {
      const value = await waitFor(async () => {
        try {
          await sleep(10_000);
        } catch {
          return 42;
        }
        return 0;
      }, 100);
      await sleep(1); // not cancelled afterwards
      return { value, at: now() };
    });
    expect(result).toEqual({ value: 42, at: 101 });
  });

  it("a function that keeps running after the cancellation delays the TimeoutError until it ends", async () => {
    // asyncio's SlowTask: it ignores cancellations until its own time is up.
    const result = await virtual(async () => {
      let exited = false;
      const slow = async (): Promise<void> => {
        const exitAt = now() + 200;
        while (now() < exitAt) {
          try {
            await sleep(exitAt - now());
          } catch {
            // ignore
          }
        }
        exited = true;
      };
      const r = await settle(waitFor(slow, 100));
      return { exited, ok: r.ok, at: now() };
    });
    // The function ignored the cancellation and returned: as in asyncio, no TimeoutError.
    expect(result).toEqual({ exited: true, ok: true, at: 200 });
  });

  it("stops waiting for a foreign promise at the deadline and leaves it running", async () => {
    const result = await virtual(async () => {
      let reject!: (e: unknown) => void;
      const foreign = new Promise<string>((_, rej) => {
        reject = rej;
      });
      const r = await settle(waitFor(foreign, 50));
      reject(new FooError("later")); // not an unhandled rejection
      await sleep(1);
      return { error: nameOf((r as { error: unknown }).error), at: now() };
    });
    expect(result).toEqual({ error: "TimeoutError", at: 51 });
  });
});

describe("waitFor: no time at all (ms <= 0)", () => {
  it("gives the result of a future that is already done", async () => {
    const value = await virtual(async () => {
      const fut = getRunningLoop().createFuture<string>();
      fut.setResult("done");
      return waitFor(fut, 0);
    });
    expect(value).toBe("done");
  });

  it("never starts a function", async () => {
    const result = await virtual(async () => {
      let started = false;
      const r = await settle(
        waitFor(async () => {
          started = true;
        }, 0),
      );
      const error = (r as { error: unknown }).error as TimeoutError;
      return { error: nameOf(error), cause: nameOf(error.cause), started, at: now() };
    });
    expect(result).toEqual({ error: "TimeoutError", cause: "CancelledError", started: false, at: 0 });
  });

  it("cancels a running task and waits for its cleanup, for 0 and negative delays", async () => {
    const result = await virtual(async () => {
      const out: string[] = [];
      for (const ms of [0, -1]) {
        let running: boolean | undefined;
        const task = createTask(async () => {
          running = true;
          try {
            await sleep(10_000);
          } finally {
            await sleep(5);
            running = false;
          }
          return "done";
        });
        await sleep(0);
        const start = now();
        const r = await settle(waitFor(task, ms));
        out.push(
          `${ms}: ${nameOf((r as { error: unknown }).error)}, cancelled ${task.cancelled()}, running ${running}, took ${now() - start}`,
        );
      }
      return out;
    });
    expect(result).toEqual([
      "0: TimeoutError, cancelled true, running false, took 5",
      "-1: TimeoutError, cancelled true, running false, took 5",
    ]);
  });
});

describe("waitFor: the caller is cancelled", () => {
  it("cancelling the caller cancels the awaited task and propagates CancelledError (bpo-23219)", async () => {
    const result = await virtual(async () => {
      const out: string[] = [];
      for (const ms of [null, 60_000]) {
        const task = createTask(() => getRunningLoop().createFuture<void>());
        const wait = createTask(() => waitFor(task, ms));
        getRunningLoop().callSoon(() => wait.cancel());
        const r = await settle(wait);
        out.push(`${ms}: ${nameOf((r as { error: unknown }).error)}, task cancelled ${task.cancelled()}`);
      }
      return out;
    });
    expect(result).toEqual([
      "null: CancelledError, task cancelled true",
      "60000: CancelledError, task cancelled true",
    ]);
  });

  it("a cancellation before the deadline is not turned into TimeoutError", async () => {
    const result = await virtual(async () => {
      const wait = createTask(() => waitFor(() => sleep(1000), 100));
      await sleep(50);
      wait.cancel("outer");
      const r = await settle(wait);
      return {
        error: nameOf((r as { error: unknown }).error),
        message: ((r as { error: Error }).error as Error).message,
        at: now(),
      };
    });
    expect(result).toEqual({ error: "CancelledError", message: "outer", at: 50 });
  });

  it("a cancellation at the same moment as the deadline wins", async () => {
    const result = await virtual(async () => {
      const wait = createTask(() =>
        waitFor(async () => {
          getRunningLoop().callLater(100, () => wait.cancel("outer"));
          await sleep(1000);
        }, 100),
      );
      const r = await settle(wait);
      return { error: nameOf((r as { error: unknown }).error), cancelled: wait.cancelled(), at: now() };
    });
    expect(result).toEqual({ error: "CancelledError", cancelled: true, at: 100 });
  });

  it("a cancellation with a deadline of 0 is not swallowed either", async () => {
    const result = await virtual(async () => {
      const task = createTask(async () => {
        try {
          await sleep(10_000);
        } finally {
          await sleep(50).catch(() => undefined);
        }
      });
      await sleep(0);
      const wait = createTask(() => waitFor(task, 0));
      await sleep(10);
      wait.cancel();
      const r = await settle(wait);
      return { error: nameOf((r as { error: unknown }).error), at: now() };
    });
    expect(result).toEqual({ error: "CancelledError", at: 10 });
  });

  it("a task that completed in time is not run again when the caller is then cancelled (gh-86296)", async () => {
    const result = await virtual(async () => {
      const inner = createTask(async () => "done");
      let reachedEnd = false;
      const task = createTask(async () => {
        await waitFor(inner, 100);
        await sleep(1000);
        reachedEnd = true;
      });
      await sleep(0);
      task.cancel();
      const r = await settle(task);
      return { error: nameOf((r as { error: unknown }).error), inner: await inner, reachedEnd };
    });
    expect(result).toEqual({ error: "CancelledError", inner: "done", reachedEnd: false });
  });
});

describe("waitFor with shield", () => {
  it("a shielded task keeps running when the wait times out", async () => {
    const result = await virtual(async () => {
      const task = createTask(() => sleep(100, "done"));
      const r = await settle(waitFor(shield(task), 10));
      const state = { error: nameOf((r as { error: unknown }).error), done: task.done(), at: now() };
      return { ...state, value: await task, end: now() };
    });
    expect(result).toEqual({ error: "TimeoutError", done: false, at: 10, value: "done", end: 100 });
  });

  it("with 0, the shield (outer) is cancelled at once and the task goes on", async () => {
    const result = await virtual(async () => {
      const task = createTask(() => sleep(10, "done"));
      const shielded = shield(task);
      const r = await settle(waitFor(shielded, 0));
      const seen = {
        error: nameOf((r as { error: unknown }).error),
        taskDone: task.done(),
        shieldCancelled: shielded.cancelled(),
      };
      await sleep(100);
      return { ...seen, taskResult: task.result() };
    });
    expect(result).toEqual({
      error: "TimeoutError",
      taskDone: false,
      shieldCancelled: true,
      taskResult: "done",
    });
  });

  it("with null, waits for the shielded task", async () => {
    const result = await virtual(async () => {
      const task = createTask(() => sleep(100, "done"));
      return { value: await waitFor(shield(task), null), at: now() };
    });
    expect(result).toEqual({ value: "done", at: 100 });
  });
});

describe("waitFor: arguments", () => {
  it("refuses what is not awaitable and bad delays", () => {
    expect(() => waitFor(5 as never, 10)).toThrow(TypeError);
    expect(() => waitFor(5 as never, 10)).toThrow(/got number 5/);
    expect(() => waitFor(async () => 1, Number.NaN)).toThrow(RangeError);
    expect(() => waitFor(async () => 1, "1" as never)).toThrow(TypeError);
  });

  it("works outside any task", async () => {
    await expect(waitFor(() => sleep(1, "x"), 1000)).resolves.toBe("x");
    await expect(waitFor(() => sleep(1000), 1)).rejects.toBeInstanceOf(TimeoutError);
  });
});
