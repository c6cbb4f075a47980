import { CancelledError, InvalidStateError } from "@x/loop";
import { createTask, currentTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { CapacityLimiter } from "../src/index.js";
import { at, outcome, runLogged } from "./helpers.js";

describe("CapacityLimiter", () => {
  it("lets totalTokens tasks in at once and the others FIFO, naming the borrowers", async () => {
    const events = await runLogged(async (log) => {
      const limiter = new CapacityLimiter(2);
      const tasks = ["a", "b", "c"].map((name, i) =>
        createTask(
          async () => {
            using _ = await limiter.acquire();
            log(at(`${name} in`));
            await sleep(10 + i);
          },
          { name },
        ),
      );
      await sleep(1);
      const stats = limiter.statistics();
      expect(stats.borrowedTokens).toBe(2);
      expect(stats.borrowers).toEqual([tasks[0], tasks[1]]);
      expect(stats.waiters).toBe(1);
      expect(limiter.availableTokens).toBe(0);
      await Promise.all(tasks);
      expect(limiter.borrowedTokens).toBe(0);
    });
    expect(events).toEqual(["a in@0", "b in@0", "c in@10"]);
  });

  it("refuses a second token to the same borrower", async () => {
    await runLogged(async () => {
      const limiter = new CapacityLimiter(5);
      await limiter.acquire();
      await expect(limiter.acquire()).rejects.toBeInstanceOf(InvalidStateError);
      await expect(limiter.acquire()).rejects.toThrow(
        "task 'main' already holds one of this limiter's tokens",
      );
      expect(() => limiter.tryAcquire()).toThrow(InvalidStateError);
      limiter.release();
      expect(limiter.borrowedTokens).toBe(0);
    });
  });

  it("lets only a borrower give its token back", async () => {
    await runLogged(async () => {
      const limiter = new CapacityLimiter(1);
      expect(() => limiter.release()).toThrow("CapacityLimiter.release(): task 'main' holds no token");
      const other = createTask(async () => limiter.acquire());
      await other;
      expect(() => limiter.release()).toThrow(InvalidStateError);
      limiter.releaseOnBehalfOf(other);
      expect(limiter.borrowedTokens).toBe(0);
    });
    expect(() => new CapacityLimiter(1).release()).toThrow("called outside a task");
  });

  it("acquires on behalf of any borrower", async () => {
    await runLogged(async () => {
      const limiter = new CapacityLimiter(1);
      const job = { id: 1 };
      const r = await limiter.acquireOnBehalfOf(job);
      expect(limiter.statistics().borrowers).toEqual([job]);
      expect(limiter.tryAcquireOnBehalfOf("someone else")).toBeUndefined();
      r.release();
      r.release();
      expect(limiter.borrowedTokens).toBe(0);
      const t = limiter.tryAcquireOnBehalfOf("someone else");
      expect(t).toBeDefined();
      t?.release();
    });
  });

  it("wakes waiters at once when totalTokens is raised, and takes nothing back when it is lowered", async () => {
    const events = await runLogged(async (log) => {
      const limiter = new CapacityLimiter(1);
      const holders = ["a", "b", "c"].map((name) =>
        createTask(async () => {
          const r = await limiter.acquire();
          log(at(`${name} in`));
          await sleep(10);
          r.release();
        }),
      );
      await sleep(1);
      limiter.totalTokens = 3;
      await sleep(1);
      limiter.totalTokens = 1;
      expect(limiter.borrowedTokens).toBe(3);
      expect(limiter.availableTokens).toBe(0);
      const late = createTask(async () => {
        using _ = await limiter.acquire();
        log(at("late in"));
      });
      await Promise.all([...holders, late]);
    });
    expect(events).toEqual(["a in@0", "b in@1", "c in@1", "late in@11"]);
  });

  it("passes a token on when a waiter is cancelled after it was handed one", async () => {
    const events = await runLogged(async (log) => {
      const limiter = new CapacityLimiter(1);
      const held = await limiter.acquire();
      const a = createTask(async () => {
        await limiter.acquire();
        log("a in");
      });
      const b = createTask(async () => {
        using _ = await limiter.acquire();
        log(`b in, borrowers are b: ${limiter.statistics().borrowers[0] === currentTask()}`);
      });
      await sleep(0);
      held.release();
      a.cancel();
      await b;
      log(`a: ${await outcome(a)}`);
      expect(limiter.borrowedTokens).toBe(0);
    });
    expect(events).toEqual(["b in, borrowers are b: true", "a: CancelledError"]);
  });

  it("aborts a wait with its signal and lets a cancelled waiter leave", async () => {
    await runLogged(async () => {
      const limiter = new CapacityLimiter(1);
      await limiter.acquire();
      const controller = new AbortController();
      const a = createTask(() => limiter.acquire({ signal: controller.signal }));
      const b = createTask(() => limiter.acquire());
      await sleep(0);
      controller.abort("stop");
      b.cancel();
      expect(await outcome(a)).toBe("stop");
      await expect(b).rejects.toBeInstanceOf(CancelledError);
      expect(limiter.statistics().waiters).toBe(0);
    });
  });

  it("runs a callback with a token, also outside any task", async () => {
    const limiter = new CapacityLimiter(1);
    expect(await limiter.run(() => limiter.borrowedTokens)).toBe(1);
    const [x, y] = await Promise.all([limiter.run(async () => "x"), limiter.run(async () => "y")]);
    expect([x, y, limiter.borrowedTokens]).toEqual(["x", "y", 0]);
  });

  it("refuses bad token counts", () => {
    expect(() => new CapacityLimiter(0)).toThrow(RangeError);
    expect(() => new CapacityLimiter(1.5)).toThrow(RangeError);
    expect(() => new CapacityLimiter("2" as never)).toThrow(TypeError);
    const limiter = new CapacityLimiter(Number.POSITIVE_INFINITY);
    expect(() => {
      limiter.totalTokens = -1;
    }).toThrow("CapacityLimiter.totalTokens must be an integer >= 1 or Infinity, got -1");
    expect(String(limiter)).toBe("CapacityLimiter <0/Infinity borrowed>");
  });
});
