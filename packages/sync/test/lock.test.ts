import { CancelledError, getRunningLoop, InvalidStateError } from "@x/loop";
import { createTask, currentTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { Lock } from "../src/index.js";
import { at, outcome, runLogged } from "./helpers.js";

describe("Lock", () => {
  it("takes a free lock without yielding to the loop", async () => {
    const events = await runLogged(async (log) => {
      const lock = new Lock();
      createTask(async () => log("other task ran"));
      const releaser = await lock.acquire();
      log(`acquired, locked=${lock.locked()}`);
      releaser.release();
      log(`released, locked=${lock.locked()}`);
      await sleep(0);
    });
    expect(events).toEqual(["acquired, locked=true", "released, locked=false", "other task ran"]);
  });

  it("gives the lock to waiters in the order they asked, one iteration after each release", async () => {
    const events = await runLogged(async (log) => {
      const lock = new Lock();
      const held = await lock.acquire();
      const tasks = ["a", "b", "c"].map((name) =>
        createTask(async () => {
          const r = await lock.acquire();
          log(at(`${name} got it`));
          await sleep(10);
          r.release();
        }),
      );
      await sleep(5);
      held.release();
      await Promise.all(tasks);
    });
    expect(events).toEqual(["a got it@5", "b got it@15", "c got it@25"]);
  });

  it("hands the lock straight to the first waiter: a newcomer cannot take it in between", async () => {
    const events = await runLogged(async (log) => {
      const lock = new Lock();
      const held = await lock.acquire();
      const waiter = createTask(async () => {
        using _ = await lock.acquire();
        log("waiter got it");
        await sleep(0);
      });
      await sleep(0);
      held.release();
      expect(lock.locked()).toBe(true);
      expect(lock.statistics().holder).toBe(waiter);
      const again = await lock.acquire();
      log("newcomer got it");
      again.release();
    });
    expect(events).toEqual(["waiter got it", "newcomer got it"]);
  });

  it("lets a waiter cancelled while waiting leave the queue", async () => {
    const events = await runLogged(async (log) => {
      const lock = new Lock();
      const held = await lock.acquire();
      const a = createTask(async () => {
        await lock.acquire();
        log("a got it");
      });
      const b = createTask(async () => {
        const r = await lock.acquire();
        log("b got it");
        r.release();
      });
      await sleep(0);
      a.cancel();
      await sleep(0);
      expect(lock.statistics().waiters).toBe(1);
      log(`a: ${await outcome(a)}`);
      held.release();
      await b;
      expect(lock.locked()).toBe(false);
    });
    expect(events).toEqual(["a: CancelledError", "b got it"]);
  });

  it("passes the lock on when a waiter is cancelled after it was handed the lock", async () => {
    const events = await runLogged(async (log) => {
      const lock = new Lock();
      const held = await lock.acquire();
      const a = createTask(async () => {
        await lock.acquire();
        log("a got it");
      });
      const b = createTask(async () => {
        const r = await lock.acquire();
        log("b got it");
        r.release();
      });
      await sleep(0);
      held.release(); // handed to a ...
      a.cancel(); // ... which is cancelled before it resumes
      log(`a: ${await outcome(a)}`);
      await b;
      expect(lock.locked()).toBe(false);
    });
    // a resumes with CancelledError and passes the lock on; b resumes on the next iteration, as
    // soon as the main task learns that a ended.
    expect(events).toEqual(["b got it", "a: CancelledError"]);
  });

  it("takes only one lock when a waiter is cancelled as the lock is released (asyncio's test_cancel_release_race)", async () => {
    await runLogged(async () => {
      const lock = new Lock();
      let lockCount = 0;
      let callCount = 0;
      const lockit = async (): Promise<void> => {
        callCount++;
        await lock.acquire();
        lockCount++;
      };
      await lock.acquire();
      const t1 = createTask(lockit);
      const t2 = createTask(lockit);
      const t3 = createTask(lockit);
      await sleep(0);
      getRunningLoop().callSoon(() => {
        t1.cancel();
        lock.release();
      });
      await expect(t1).rejects.toBeInstanceOf(CancelledError);
      expect([lockCount, callCount]).toEqual([1, 3]);
      expect(t1.cancelled() && t2.done()).toBe(true);
      t3.cancel();
      await sleep(0);
      expect(t3.cancelled()).toBe(true);
    });
  });

  it("refuses to release a lock that is not held", async () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(InvalidStateError);
    expect(() => lock.release()).toThrow("Lock.release(): the lock is not acquired");
  });

  it("has no owner: any task may release it", async () => {
    const events = await runLogged(async (log) => {
      const lock = new Lock();
      await lock.acquire();
      await createTask(async () => lock.release());
      log(`locked=${lock.locked()}`);
    });
    expect(events).toEqual(["locked=false"]);
  });

  it("releases at the end of a using block, and a releaser only once", async () => {
    await runLogged(async () => {
      const lock = new Lock();
      {
        using _ = await lock.acquire();
        expect(lock.locked()).toBe(true);
      }
      expect(lock.locked()).toBe(false);
      const r = await lock.acquire();
      r.release();
      const other = await lock.acquire();
      r.release(); // already used: must not release the other hold
      r[Symbol.dispose]();
      expect(lock.locked()).toBe(true);
      other.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it("runs a callback holding the lock and releases it however the callback ends", async () => {
    await runLogged(async () => {
      const lock = new Lock();
      expect(await lock.run(async () => (lock.locked() ? "held" : "free"))).toBe("held");
      expect(lock.locked()).toBe(false);
      await expect(
        lock.run(() => {
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(lock.locked()).toBe(false);
      expect(() => lock.run(42 as never)).toThrow(TypeError);
    });
  });

  it("rejects at once with the reason of an already aborted signal, even when the lock is free", async () => {
    const lock = new Lock();
    const reason = new Error("stop");
    await expect(lock.acquire({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(lock.locked()).toBe(false);
  });

  it("aborts just the wait whose signal aborts; the next waiter still gets the lock", async () => {
    const events = await runLogged(async (log) => {
      const lock = new Lock();
      const held = await lock.acquire();
      const controller = new AbortController();
      const a = createTask(async () => {
        await lock.acquire({ signal: controller.signal });
      });
      const b = createTask(async () => {
        using _ = await lock.acquire();
        log(at("b got it"));
      });
      await sleep(1);
      controller.abort(new Error("no longer needed"));
      await expect(a).rejects.toThrow("no longer needed");
      log(at("a aborted"));
      expect(lock.statistics().waiters).toBe(1);
      held.release();
      await b;
    });
    expect(events).toEqual(["a aborted@1", "b got it@1"]);
  });

  it("does not undo an acquire whose signal aborts after the lock was handed over", async () => {
    await runLogged(async () => {
      const lock = new Lock();
      const held = await lock.acquire();
      const controller = new AbortController();
      const a = createTask(async () => lock.acquire({ signal: controller.signal }));
      await sleep(0);
      held.release();
      controller.abort();
      const r = await a;
      expect(lock.locked()).toBe(true);
      r.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it("names the holder task in statistics and counts the waiters", async () => {
    await runLogged(async () => {
      const lock = new Lock();
      expect(lock.statistics()).toEqual({ locked: false, holder: undefined, waiters: 0 });
      const r = await lock.acquire();
      const waiting = createTask(async () => (await lock.acquire()).release());
      await sleep(0);
      expect(lock.statistics()).toEqual({ locked: true, holder: currentTask(), waiters: 1 });
      expect(String(lock)).toBe("Lock <locked, waiters: 1>");
      r.release();
      await waiting;
    });
  });

  it("warns in debug mode when the holding task acquires the lock again", async () => {
    const reports: { message: string; task: unknown }[] = [];
    await runLogged(
      async () => {
        getRunningLoop().setExceptionHandler((_loop, context) =>
          reports.push({ message: context.message, task: context.task }),
        );
        const lock = new Lock();
        const task = createTask(async () => {
          await lock.acquire();
          await lock.acquire(); // deadlock: nobody else releases
        });
        await sleep(0);
        expect(reports).toHaveLength(1);
        expect(reports[0]?.task).toBe(task);
        expect(reports[0]?.message).toMatch(/already holds this lock.*not reentrant/);
        task.cancel();
        await expect(task).rejects.toBeInstanceOf(CancelledError);
      },
      { debug: true },
    );
  });

  it("does not warn outside debug mode", async () => {
    const reports: string[] = [];
    await runLogged(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => reports.push(context.message));
      const lock = new Lock();
      const task = createTask(async () => {
        await lock.acquire();
        await lock.acquire();
      });
      await sleep(0);
      task.cancel();
      await outcome(task);
    });
    expect(reports).toEqual([]);
  });

  it("works outside run(), on the default loop", async () => {
    const lock = new Lock();
    const first = await lock.acquire();
    const second = lock.acquire();
    first.release();
    (await second).release();
    expect(lock.locked()).toBe(false);
  });
});
