import { CancelledError, InvalidStateError } from "@x/loop";
import { createTask, currentTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { Condition, Lock } from "../src/index.js";
import { at, outcome, runLogged } from "./helpers.js";

describe("Condition", () => {
  it("refuses to wait or notify without the lock", async () => {
    const cond = new Condition();
    await expect(cond.wait()).rejects.toBeInstanceOf(InvalidStateError);
    await expect(cond.wait()).rejects.toThrow("Condition.wait(): cannot wait on an un-acquired lock");
    expect(() => cond.notify()).toThrow(InvalidStateError);
    expect(() => cond.notifyAll()).toThrow(InvalidStateError);
  });

  it("releases the lock while waiting and holds it again when wait() returns", async () => {
    const events = await runLogged(async (log) => {
      const cond = new Condition();
      const waiter = createTask(async () => {
        using _ = await cond.acquire();
        log(at("waiting"));
        const value = await cond.wait();
        log(at(`woke with ${value}, locked=${cond.locked()}`));
      });
      await sleep(5);
      expect(cond.locked()).toBe(false);
      {
        using _ = await cond.acquire();
        cond.notify();
        log(at("notified"));
        await sleep(5);
        log(at("releasing"));
      }
      await waiter;
      expect(cond.locked()).toBe(false);
    });
    expect(events).toEqual(["waiting@0", "notified@5", "releasing@10", "woke with true, locked=true@10"]);
  });

  it("wakes n waiters in FIFO order with notify(n), and all with notifyAll()", async () => {
    const events = await runLogged(async (log) => {
      const cond = new Condition();
      const tasks = ["a", "b", "c", "d"].map((name) =>
        createTask(async () => {
          using _ = await cond.acquire();
          await cond.wait();
          log(at(name));
        }),
      );
      await sleep(1);
      await cond.run(() => cond.notify(2));
      await sleep(1);
      expect(cond.statistics().waiters).toBe(2);
      await cond.run(() => cond.notifyAll());
      await Promise.all(tasks);
    });
    expect(events).toEqual(["a@1", "b@1", "c@2", "d@2"]);
  });

  it("waitFor checks the predicate first and returns its value", async () => {
    const events = await runLogged(async (log) => {
      const cond = new Condition();
      const items: string[] = [];
      const consumer = createTask(async () => {
        using _ = await cond.acquire();
        const first = await cond.waitFor(() => items[0]);
        log(at(`got ${first}`));
      });
      await sleep(1);
      await cond.run(() => cond.notify()); // predicate still false: keeps waiting
      await sleep(1);
      await cond.run(() => {
        items.push("x");
        cond.notify();
      });
      await consumer;
      await cond.run(async () => log(`at once: ${await cond.waitFor(() => items.length)}`));
    });
    expect(events).toEqual(["got x@2", "at once: 1"]);
  });

  it("re-acquires the lock before a cancelled wait() ends", async () => {
    const events = await runLogged(async (log) => {
      const cond = new Condition();
      const task = createTask(async () => {
        await cond.acquire();
        try {
          await cond.wait();
        } catch (error) {
          log(`${(error as Error).name}, holder is me: ${cond.statistics().lock.holder === currentTask()}`);
          cond.release();
          throw error;
        }
      });
      await sleep(0);
      const other = await cond.acquire(); // the waiter must wait for this to be released
      task.cancel();
      await sleep(3);
      log(at("other releases"));
      other.release();
      expect(await outcome(task)).toBe("CancelledError");
    });
    expect(events).toEqual(["other releases@3", "CancelledError, holder is me: true"]);
  });

  it("re-acquires the lock even when cancelled again while re-acquiring", async () => {
    await runLogged(async () => {
      const cond = new Condition();
      let holdsLock = false;
      const task = createTask(async () => {
        await cond.acquire();
        try {
          await cond.wait();
        } finally {
          holdsLock = cond.locked();
          cond.release();
        }
      });
      await sleep(0);
      const other = await cond.acquire();
      cond.notify();
      await sleep(0); // the waiter now waits for the lock
      task.cancel();
      await sleep(0);
      task.cancel();
      await sleep(0);
      other.release();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(holdsLock).toBe(true);
      expect(cond.locked()).toBe(false);
    });
  });

  it("passes a notification on when the notified waiter is cancelled before it resumes", async () => {
    const events = await runLogged(async (log) => {
      const cond = new Condition();
      const a = createTask(async () => {
        using _ = await cond.acquire();
        await cond.wait();
        log("a woke");
      });
      const b = createTask(async () => {
        using _ = await cond.acquire();
        await cond.wait();
        log("b woke");
      });
      await sleep(0);
      await cond.run(() => cond.notify(1));
      a.cancel();
      log(`a: ${await outcome(a)}`);
      await b;
    });
    // b is woken only because a passed its notification on.
    expect(events).toEqual(["b woke", "a: CancelledError"]);
  });

  it("aborts a wait with its signal and still re-acquires the lock", async () => {
    await runLogged(async () => {
      const cond = new Condition();
      const controller = new AbortController();
      const task = createTask(async () => {
        using _ = await cond.acquire();
        try {
          await cond.wait({ signal: controller.signal });
        } catch (error) {
          expect(cond.locked()).toBe(true);
          throw error;
        }
      });
      await sleep(2);
      controller.abort(new Error("stop waiting"));
      await expect(task).rejects.toThrow("stop waiting");
      expect(cond.locked()).toBe(false);
      await cond.run(async () => {
        await expect(cond.wait({ signal: AbortSignal.abort("early") })).rejects.toBe("early");
        expect(cond.locked()).toBe(true);
      });
    });
  });

  it("shares a lock given to it", async () => {
    await runLogged(async () => {
      const lock = new Lock();
      const a = new Condition(lock);
      const b = new Condition(lock);
      const r = await lock.acquire();
      expect(a.locked() && b.locked()).toBe(true);
      r.release();
      expect(a.statistics()).toEqual({ waiters: 0, lock: { locked: false, holder: undefined, waiters: 0 } });
    });
  });

  it("refuses a non-lock and a bad notify count", async () => {
    expect(() => new Condition({} as never)).toThrow(TypeError);
    await runLogged(async () => {
      const cond = new Condition();
      using _ = await cond.acquire();
      expect(() => cond.notify(-1)).toThrow(RangeError);
      expect(() => cond.notify(Number.NaN)).toThrow(RangeError);
      expect(String(cond)).toBe("Condition <locked>");
    });
  });
});
