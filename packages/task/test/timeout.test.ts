import { CancelledError, getRunningLoop, InvalidStateError, TimeoutError } from "@x/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, sleep, Timeout, timeout, timeoutAt } from "../src/index.js";
import { nameOf, now, settle, virtual } from "./helpers.js";

class MyError extends Error {
  override name = "MyError";
}

describe("timeout: the deadline passes", () => {
  it("cancels the body at the deadline and throws TimeoutError caused by the CancelledError", async () => {
    const result = await virtual(async () => {
      let scope!: Timeout;
      const log: string[] = [];
      const r = await settle(
        timeout(10, async (t) => {
          scope = t;
          try {
            await sleep(1000);
          } catch (e) {
            log.push(`body got ${nameOf(e)} at ${now()}`);
            throw e;
          }
        }),
      );
      const error = (r as { error: unknown }).error as TimeoutError;
      return {
        log,
        error: nameOf(error),
        isTimeoutError: error instanceof TimeoutError,
        cause: nameOf(error.cause),
        causeIsCancelled: error.cause instanceof CancelledError,
        expired: scope.expired(),
        at: now(),
        cancelling: currentTask()?.cancelling(),
      };
    });
    expect(result).toEqual({
      log: ["body got CancelledError at 10"],
      error: "TimeoutError",
      isTimeoutError: true,
      cause: "CancelledError",
      causeIsCancelled: true,
      expired: true,
      at: 10,
      cancelling: 0,
    });
  });

  it("timeoutAt takes the deadline in loop time", async () => {
    const result = await virtual(async () => {
      await sleep(5);
      const deadline = now() + 10;
      let scope!: Timeout;
      const r = await settle(
        timeoutAt(deadline, async (t) => {
          scope = t;
          await sleep(1000);
        }),
      );
      return {
        error: nameOf((r as { error: unknown }).error),
        when: scope.when(),
        at: now(),
        expired: scope.expired(),
      };
    });
    expect(result).toEqual({ error: "TimeoutError", when: 15, at: 15, expired: true });
  });

  it("a deadline of 0, or in the past, expires on the next loop iteration", async () => {
    const result = await virtual(async () => {
      await sleep(100);
      const out: string[] = [];
      for (const ms of [0, -11, Number.NEGATIVE_INFINITY]) {
        let scope!: Timeout;
        const r = await settle(
          timeout(ms, async (t) => {
            scope = t;
            await sleep(0); // one iteration: the expiry is delivered here
            out.push("not reached");
          }),
        );
        out.push(`${ms}: ${nameOf((r as { error: unknown }).error)} when=${scope.when()} at ${now()}`);
      }
      return out;
    });
    expect(result).toEqual([
      "0: TimeoutError when=100 at 100",
      "-11: TimeoutError when=89 at 100",
      "-Infinity: TimeoutError when=-Infinity at 100",
    ]);
  });

  it("the task goes on normally after a TimeoutError", async () => {
    const result = await virtual(async () => {
      const task = createTask(async () => {
        await expect(timeout(1, () => sleep(10))).rejects.toBeInstanceOf(TimeoutError);
        await sleep(5);
        return now();
      });
      return { value: await task, cancelled: task.cancelled() };
    });
    expect(result).toEqual({ value: 6, cancelled: false });
  });

  it("nested scopes with the same deadline: only the outer one throws TimeoutError", async () => {
    const result = await virtual(async () => {
      let inner!: Timeout;
      let outer!: Timeout;
      let innerSaw = "";
      const deadline = now() + 10;
      const r = await settle(
        timeoutAt(deadline, async (t1) => {
          outer = t1;
          try {
            await timeoutAt(deadline, async (t2) => {
              inner = t2;
              await sleep(1000);
            });
          } catch (e) {
            innerSaw = nameOf(e);
            throw e;
          }
        }),
      );
      return {
        innerSaw,
        error: nameOf((r as { error: unknown }).error),
        expired: [outer.expired(), inner.expired()],
      };
    });
    expect(result).toEqual({ innerSaw: "CancelledError", error: "TimeoutError", expired: [true, true] });
  });

  it("an inner scope's TimeoutError may be caught, and the outer deadline still applies later", async () => {
    const result = await virtual(async () => {
      const log: string[] = [];
      const r = await settle(
        timeout(100, async () => {
          try {
            await timeout(10, () => sleep(1000));
          } catch (e) {
            log.push(`inner ${nameOf(e)} at ${now()}`);
          }
          await sleep(10_000);
        }),
      );
      log.push(`outer ${nameOf((r as { error: unknown }).error)} at ${now()}`);
      return log;
    });
    expect(result).toEqual(["inner TimeoutError at 10", "outer TimeoutError at 100"]);
  });

  it("an error thrown by the body's cleanup after the deadline propagates instead of TimeoutError", async () => {
    const result = await virtual(async () => {
      let scope!: Timeout;
      const r = await settle(
        timeout(10, async (t) => {
          scope = t;
          try {
            await sleep(1000);
          } finally {
            // biome-ignore lint/correctness/noUnsafeFinally: the point of the test.
            throw new MyError("cleanup");
          }
        }),
      );
      return {
        error: nameOf((r as { error: unknown }).error),
        expired: scope.expired(),
        cancelling: currentTask()?.cancelling(),
      };
    });
    expect(result).toEqual({ error: "MyError", expired: true, cancelling: 0 });
  });

  it("a body that swallows the cancellation and returns: the value is returned, the scope is expired", async () => {
    const result = await virtual(async () => {
      let scope!: Timeout;
      const value = await timeout(10, async (t) => {
        scope = t;
        try {
          await sleep(1000);
        } catch {
          return "caught";
        }
        return "slept";
      });
      await sleep(1); // no stray cancellation
      return { value, expired: scope.expired(), at: now(), cancelling: currentTask()?.cancelling() };
    });
    expect(result).toEqual({ value: "caught", expired: true, at: 11, cancelling: 0 });
  });
});

describe("timeout: the body ends first", () => {
  it("returns the body's value and leaves the scope finished, not expired", async () => {
    const result = await virtual(async () => {
      let scope!: Timeout;
      const value = await timeout(1000, async (t) => {
        scope = t;
        await sleep(10);
        return "done";
      });
      return { value, expired: scope.expired(), when: scope.when(), at: now(), text: String(scope) };
    });
    expect(result).toEqual({ value: "done", expired: false, when: 1000, at: 10, text: "Timeout <finished>" });
  });

  it("lets the body's own error through", async () => {
    const result = await virtual(async () => {
      let scope!: Timeout;
      const r = await settle(
        timeout(10, async (t) => {
          scope = t;
          throw new MyError("own");
        }),
      );
      return { error: nameOf((r as { error: unknown }).error), expired: scope.expired() };
    });
    expect(result).toEqual({ error: "MyError", expired: false });
  });

  it("the deadline timer is dropped: nothing fires after the scope ends", async () => {
    const result = await virtual(async () => {
      await timeout(10, () => sleep(5));
      await sleep(100); // the old deadline (10) passes here
      return { at: now(), cancelling: currentTask()?.cancelling() };
    });
    expect(result).toEqual({ at: 105, cancelling: 0 });
  });

  it("null means no deadline", async () => {
    const result = await virtual(async () => {
      let scope!: Timeout;
      await timeout(null, async (t) => {
        scope = t;
        await sleep(1_000_000);
      });
      let scopeAt!: Timeout;
      await timeoutAt(null, async (t) => {
        scopeAt = t;
        await sleep(1);
      });
      return { when: [scope.when(), scopeAt.when()], expired: scope.expired(), at: now() };
    });
    expect(result).toEqual({ when: [null, null], expired: false, at: 1_000_001 });
  });

  it("an infinite delay never expires", async () => {
    const result = await virtual(async () => {
      let scope!: Timeout;
      await timeout(Number.POSITIVE_INFINITY, async (t) => {
        scope = t;
        await sleep(5000);
      });
      return { when: scope.when(), at: now() };
    });
    expect(result).toEqual({ when: Number.POSITIVE_INFINITY, at: 5000 });
  });
});

describe("timeout: other cancellations are never swallowed", () => {
  it("a cancellation of the task before the deadline propagates as CancelledError", async () => {
    const result = await virtual(async () => {
      let scope!: Timeout;
      const r = await settle(
        timeout(10_000, async (t) => {
          scope = t;
          currentTask()?.cancel("mine");
          await sleep(10_000);
        }),
      );
      const error = (r as { error: unknown }).error as Error;
      return { error: nameOf(error), message: error.message, expired: scope.expired(), at: now() };
    });
    expect(result).toEqual({ error: "CancelledError", message: "mine", expired: false, at: 0 });
  });

  it("a deadline and an outer cancel in the same iteration (deadline first): CancelledError, the task is cancelled", async () => {
    const result = await virtual(async () => {
      const loop = getRunningLoop();
      const task = createTask(() =>
        timeout(10, async () => {
          // Scheduled after the deadline's timer, for the same time: both run in one iteration.
          loop.callLater(10, () => task.cancel("outer"));
          await sleep(1000);
        }),
      );
      const r = await settle(task);
      return { error: nameOf((r as { error: unknown }).error), cancelled: task.cancelled(), at: now() };
    });
    expect(result).toEqual({ error: "CancelledError", cancelled: true, at: 10 });
  });

  it("a deadline and an outer cancel in the same iteration (cancel first): CancelledError, cancelling() stays 1", async () => {
    const result = await virtual(async () => {
      const loop = getRunningLoop();
      const task = currentTask();
      loop.callLater(10, () => task?.cancel("outer"));
      const r = await settle(timeout(10, () => sleep(1000)));
      const error = (r as { error: unknown }).error as Error;
      const cancelling = task?.cancelling();
      task?.uncancel();
      return { error: nameOf(error), cancelling, at: now() };
    });
    // CPython 3.13 gives the same (its CancelledError carries "outer"; ours carries "" — see README).
    expect(result).toEqual({ error: "CancelledError", cancelling: 1, at: 10 });
  });

  it("an outer cancel that arrives while the body cleans up after the deadline wins", async () => {
    const result = await virtual(async () => {
      const task = createTask(() =>
        timeout(10, async () => {
          try {
            await sleep(1000);
          } finally {
            await sleep(0);
            await sleep(0).catch(() => undefined);
          }
        }),
      );
      await sleep(10); // the deadline fires in this iteration, the task resumes in the next
      await sleep(0);
      task.cancel("outer");
      const r = await settle(task);
      return { error: nameOf((r as { error: unknown }).error), cancelled: task.cancelled(), at: now() };
    });
    expect(result).toEqual({ error: "CancelledError", cancelled: true, at: 10 });
  });

  it("an outer cancel before the deadline whose cleanup runs past the deadline stays a CancelledError", async () => {
    const result = await virtual(async () => {
      const task = createTask(() =>
        timeout(10, async () => {
          try {
            await sleep(1000);
          } catch {
            await sleep(50); // cut short by the deadline at 10
          }
        }),
      );
      await sleep(5);
      task.cancel("outer");
      const r = await settle(task);
      return { error: nameOf((r as { error: unknown }).error), cancelled: task.cancelled(), at: now() };
    });
    expect(result).toEqual({ error: "CancelledError", cancelled: true, at: 10 });
  });
});

describe("timeout: in finally blocks and after a caught cancellation", () => {
  it("a nested timeout inside the finally of an expired one works, and both throw TimeoutError", async () => {
    const result = await virtual(async () => {
      const log: string[] = [];
      const r = await settle(
        timeout(10, async () => {
          try {
            await sleep(1000);
          } finally {
            const inner = await settle(timeout(10, () => sleep(1000)));
            const error = (inner as { error: unknown }).error as TimeoutError;
            log.push(`inner ${nameOf(error)} (cause ${nameOf(error.cause)}) at ${now()}`);
          }
        }),
      );
      log.push(`outer ${nameOf((r as { error: unknown }).error)} at ${now()}`);
      return log;
    });
    expect(result).toEqual(["inner TimeoutError (cause CancelledError) at 20", "outer TimeoutError at 20"]);
  });

  it("a timeout opened after a cancellation was caught still expires with TimeoutError", async () => {
    const result = await virtual(async () => {
      const task = currentTask();
      try {
        task?.cancel();
        await sleep(1000);
      } catch {
        // caught, and not uncancelled: cancelling() stays 1
      }
      const r = await settle(timeout(0, () => sleep(1000)));
      const cancelling = task?.cancelling();
      task?.uncancel();
      return { error: nameOf((r as { error: unknown }).error), cancelling };
    });
    expect(result).toEqual({ error: "TimeoutError", cancelling: 1 });
  });

  it("a cancellation inside a timeout opened after a caught cancellation propagates", async () => {
    const result = await virtual(async () => {
      const task = currentTask();
      try {
        task?.cancel();
        await sleep(1000);
      } catch {
        // caught
      }
      const r = await settle(
        timeout(1000, async () => {
          task?.cancel();
          await sleep(2000);
        }),
      );
      task?.uncancel();
      task?.uncancel();
      return nameOf((r as { error: unknown }).error);
    });
    expect(result).toBe("CancelledError");
  });
});

describe("Timeout: reschedule and state", () => {
  it("reschedule moves the deadline, also from another task, and null removes it", async () => {
    const result = await virtual(async () => {
      let scope!: Timeout;
      let entered!: () => void;
      const ready = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const task = createTask(() =>
        timeoutAt(10, async (t) => {
          scope = t;
          entered();
          await sleep(50);
        }),
      );
      await ready;
      const seen: (number | null)[] = [scope.when()];
      scope.reschedule(30);
      seen.push(scope.when());
      scope.reschedule(null);
      seen.push(scope.when());
      await sleep(20); // past the first deadline
      task.cancel();
      const r = await settle(task);
      return { seen, error: nameOf((r as { error: unknown }).error), expired: scope.expired(), at: now() };
    });
    expect(result).toEqual({ seen: [10, 30, null], error: "CancelledError", expired: false, at: 20 });
  });

  it("reschedule to a later deadline gives the body more time", async () => {
    const result = await virtual(async () => {
      const r = await settle(
        timeout(10, async (t) => {
          await sleep(5);
          t.reschedule(now() + 20);
          await sleep(100);
        }),
      );
      return { error: nameOf((r as { error: unknown }).error), at: now() };
    });
    expect(result).toEqual({ error: "TimeoutError", at: 25 });
  });

  it("reschedule to the past expires on the next iteration", async () => {
    const result = await virtual(async () => {
      const r = await settle(
        timeout(1000, async (t) => {
          await sleep(5);
          t.reschedule(0);
          await sleep(100);
        }),
      );
      return { error: nameOf((r as { error: unknown }).error), at: now() };
    });
    expect(result).toEqual({ error: "TimeoutError", at: 5 });
  });

  it("reschedule outside the active state throws InvalidStateError naming the state", async () => {
    const messages = await virtual(async () => {
      const out: string[] = [];
      const tryReschedule = (t: Timeout): void => {
        try {
          t.reschedule(1);
        } catch (e) {
          out.push(`${nameOf(e)}: ${(e as Error).message}`);
        }
      };
      tryReschedule(new Timeout(10));
      let finished!: Timeout;
      await timeout(10, async (t) => {
        finished = t;
      });
      tryReschedule(finished);
      let expired!: Timeout;
      await settle(
        timeout(1, async (t) => {
          expired = t;
          await sleep(10);
        }),
      );
      tryReschedule(expired);
      await timeout(1, async (t) => {
        await expect(sleep(10)).rejects.toBeInstanceOf(CancelledError);
        tryReschedule(t); // expiring
        return "swallowed";
      });
      return out;
    });
    expect(messages).toEqual([
      "InvalidStateError: Timeout has not been entered",
      "InvalidStateError: Cannot change the deadline of a Timeout that is finished",
      "InvalidStateError: Cannot change the deadline of a Timeout that is expired",
      "InvalidStateError: Cannot change the deadline of a Timeout that is expiring",
    ]);
  });

  it("a Timeout is entered once", async () => {
    await virtual(async () => {
      const t = new Timeout(null);
      await t.run(async () => {
        expect(() => t.run(async () => 1)).toThrow("Timeout has already been entered");
      });
      expect(() => t.run(async () => 1)).toThrow(InvalidStateError);
    });
  });

  it("describes its state", async () => {
    const seen = await virtual(async () => {
      const out: string[] = [];
      await timeout(10, async (t) => {
        out.push(String(t));
      });
      await timeout(null, async (t) => {
        out.push(String(t));
      });
      await settle(
        timeout(1, async (t) => {
          try {
            await sleep(5);
          } finally {
            out.push(String(t));
          }
        }).catch((e: unknown) => {
          throw e;
        }),
      );
      return out;
    });
    expect(seen).toEqual(["Timeout <active when=10>", "Timeout <active when=null>", "Timeout <expiring>"]);
  });
});

describe("timeout: arguments and context", () => {
  it("refuses bad arguments at the call", () => {
    expect(() => timeout(Number.NaN, async () => 1)).toThrow(RangeError);
    expect(() => timeout("10" as never, async () => 1)).toThrow(TypeError);
    expect(() => timeout("10" as never, async () => 1)).toThrow(
      /ms must be a number of milliseconds or null, got the string "10"/,
    );
    expect(() => timeout(10, undefined as never)).toThrow(TypeError);
    expect(() => timeoutAt(undefined as never, async () => 1)).toThrow(TypeError);
    expect(() => new Timeout(Number.NaN)).toThrow(RangeError);
  });

  it("outside any task, runs the body in a task of its own (default loop, real time)", async () => {
    const result = await timeout(1000, async () => {
      await sleep(1);
      return currentTask()?.getName();
    });
    expect(result).toBe("timeout");
    await expect(timeout(1, () => sleep(1000))).rejects.toBeInstanceOf(TimeoutError);
  });

  it("a CancelledError thrown by hand before the deadline is not turned into TimeoutError", async () => {
    const result = await virtual(async () => {
      const r = await settle(
        timeout(10, async () => {
          throw new CancelledError("by hand");
        }),
      );
      return nameOf((r as { error: unknown }).error);
    });
    expect(result).toBe("CancelledError");
  });
});
