import { CancelledError, InvalidStateError } from "@x/loop";
import { createTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { BoundedSemaphore, Semaphore } from "../src/index.js";
import { at, outcome, runLogged } from "./helpers.js";

describe("Semaphore", () => {
  it("lets value tasks in at once and the others in FIFO order as permits come back", async () => {
    const events = await runLogged(async (log) => {
      const semaphore = new Semaphore(2);
      const tasks = ["a", "b", "c", "d", "e"].map((name, i) =>
        createTask(async () => {
          using _ = await semaphore.acquire();
          log(at(`${name} in`));
          await sleep(10 + i);
        }),
      );
      await Promise.all(tasks);
    });
    expect(events).toEqual(["a in@0", "b in@0", "c in@10", "d in@11", "e in@22"]);
  });

  it("defaults to one permit and takes a free one without yielding", async () => {
    const events = await runLogged(async (log) => {
      const semaphore = new Semaphore();
      createTask(async () => log("other"));
      const r = await semaphore.acquire();
      log(`locked=${semaphore.locked()} value=${semaphore.value}`);
      r.release();
      log(`locked=${semaphore.locked()} value=${semaphore.value}`);
      await sleep(0);
    });
    expect(events).toEqual(["locked=true value=0", "locked=false value=1", "other"]);
  });

  it("keeps FIFO: a newcomer waits behind waiters even when a permit is being handed over", async () => {
    const events = await runLogged(async (log) => {
      const semaphore = new Semaphore(1);
      const held = await semaphore.acquire();
      const waiter = createTask(async () => {
        const r = await semaphore.acquire();
        log("waiter in");
        r.release();
      });
      await sleep(0);
      held.release();
      expect(semaphore.value).toBe(0);
      const r = await semaphore.acquire();
      log("newcomer in");
      r.release();
      await waiter;
    });
    expect(events).toEqual(["waiter in", "newcomer in"]);
  });

  it("makes a newcomer wait while a waiter handed a permit has not resumed (asyncio 3.11+ FIFO)", async () => {
    // asyncio's test_acquire_fifo_order_4
    const events = await runLogged(async (log) => {
      const semaphore = new Semaphore(0);
      let t4: Promise<unknown> | undefined;
      const t1 = createTask(async () => {
        await semaphore.acquire();
        expect(semaphore.value).toBe(0); // every waiter that fits has been let in
        t4 = createTask(async () => log("4"));
        log("1");
      });
      const t2 = createTask(async () => {
        semaphore.release();
        semaphore.release();
        semaphore.release();
        expect(semaphore.value).toBe(2);
        expect(semaphore.locked()).toBe(true); // t1 has not resumed yet
        await semaphore.acquire();
        log("2");
      });
      const t3 = createTask(async () => {
        await semaphore.acquire();
        expect(semaphore.locked()).toBe(true);
        log("3");
      });
      await sleep(0);
      expect(semaphore.value).toBe(2);
      expect(semaphore.statistics().waiters).toBe(2);
      await sleep(0);
      await Promise.all([t1, t2, t3]);
      await t4;
    });
    expect(events).toEqual(["1", "2", "3", "4"]);
  });

  it("passes a permit on when a waiter is cancelled after it was handed one", async () => {
    const events = await runLogged(async (log) => {
      const semaphore = new Semaphore(1);
      const held = await semaphore.acquire();
      const a = createTask(async () => {
        await semaphore.acquire();
        log("a in");
      });
      const b = createTask(async () => {
        const r = await semaphore.acquire();
        log("b in");
        r.release();
      });
      await sleep(0);
      held.release();
      a.cancel();
      await b;
      log(`a: ${await outcome(a)}`);
      expect(semaphore.value).toBe(1);
      expect(semaphore.statistics()).toEqual({ value: 1, waiters: 0, bound: undefined });
    });
    expect(events).toEqual(["b in", "a: CancelledError"]);
  });

  it("keeps the permit count when a pending waiter is cancelled", async () => {
    await runLogged(async () => {
      const semaphore = new Semaphore(0);
      const a = createTask(() => semaphore.acquire());
      await sleep(0);
      a.cancel();
      await expect(a).rejects.toBeInstanceOf(CancelledError);
      expect(semaphore.value).toBe(0);
      semaphore.release();
      expect(semaphore.value).toBe(1);
      expect(semaphore.locked()).toBe(false);
    });
  });

  it("releases a permit only once through its releaser", async () => {
    await runLogged(async () => {
      const semaphore = new Semaphore(2);
      const r = await semaphore.acquire();
      r.release();
      r.release();
      r[Symbol.dispose]();
      expect(semaphore.value).toBe(2);
    });
  });

  it("adds a permit on a release without acquire, as asyncio does", () => {
    const semaphore = new Semaphore(1);
    semaphore.release();
    expect(semaphore.value).toBe(2);
  });

  it("aborts a wait with its signal's reason", async () => {
    await runLogged(async () => {
      const semaphore = new Semaphore(0);
      const controller = new AbortController();
      const a = createTask(() => semaphore.acquire({ signal: controller.signal }));
      await sleep(3);
      controller.abort(new Error("gave up"));
      await expect(a).rejects.toThrow("gave up");
      expect(semaphore.statistics().waiters).toBe(0);
    });
  });

  it("runs a callback with a permit", async () => {
    await runLogged(async () => {
      const semaphore = new Semaphore(1);
      expect(await semaphore.run(() => semaphore.value)).toBe(0);
      expect(semaphore.value).toBe(1);
    });
  });

  it("refuses a negative, fractional, NaN or non-number value", () => {
    expect(() => new Semaphore(-1)).toThrow(RangeError);
    expect(() => new Semaphore(-1)).toThrow("new Semaphore(value): value must be an integer >= 0, got -1");
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
    expect(() => new Semaphore(Number.NaN)).toThrow(RangeError);
    expect(() => new Semaphore("2" as never)).toThrow(TypeError);
    expect(() => new BoundedSemaphore(-1)).toThrow("new BoundedSemaphore(value): value");
  });

  it("describes itself", async () => {
    await runLogged(async () => {
      const semaphore = new Semaphore(1);
      expect(String(semaphore)).toBe("Semaphore <unlocked, value: 1>");
      await semaphore.acquire();
      expect(String(semaphore)).toBe("Semaphore <locked>");
    });
  });
});

describe("BoundedSemaphore", () => {
  it("refuses to release past its initial value", async () => {
    await runLogged(async () => {
      const semaphore = new BoundedSemaphore(2);
      expect(() => semaphore.release()).toThrow(InvalidStateError);
      const r = await semaphore.acquire();
      semaphore.release();
      expect(() => r.release()).toThrow("BoundedSemaphore.release(): released too many times");
      expect(semaphore.value).toBe(2);
      expect(semaphore.statistics()).toEqual({ value: 2, waiters: 0, bound: 2 });
    });
  });

  it("hands permits to waiters like a Semaphore", async () => {
    const events = await runLogged(async (log) => {
      const semaphore = new BoundedSemaphore(1);
      const held = await semaphore.acquire();
      const task = createTask(async () => {
        using _ = await semaphore.acquire();
        log("in");
      });
      await sleep(0);
      held.release();
      await task;
      expect(semaphore.value).toBe(1);
    });
    expect(events).toEqual(["in"]);
  });
});
