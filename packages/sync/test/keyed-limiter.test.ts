import { CancelledError } from "@x/loop";
import { createTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { KeyedLimiter } from "../src/index.js";
import { at, outcome, runLogged } from "./helpers.js";

describe("KeyedLimiter", () => {
  it("caps the holds of each key", async () => {
    const events = await runLogged(async (log) => {
      const limiter = new KeyedLimiter<string>({ perKey: 2 });
      const tasks = ["a1", "a2", "a3", "b1"].map((name) =>
        createTask(async () => {
          using _ = await limiter.acquire(name[0] as string);
          log(at(`${name} in`));
          await sleep(10);
        }),
      );
      await Promise.all(tasks);
    });
    expect(events).toEqual(["a1 in@0", "a2 in@0", "b1 in@0", "a3 in@10"]);
  });

  it("caps the total, serving waiters in arrival order", async () => {
    const events = await runLogged(async (log) => {
      const limiter = new KeyedLimiter<string>({ total: 2 });
      const tasks = ["a", "b", "c", "d"].map((key, i) =>
        createTask(async () => {
          using _ = await limiter.acquire(key);
          log(at(`${key} in`));
          await sleep(10 + i);
        }),
      );
      await sleep(1);
      expect(limiter.statistics()).toMatchObject({ total: 2, inUse: 2, waiters: 2 });
      await Promise.all(tasks);
      expect(limiter.statistics().keys.size).toBe(0);
    });
    expect(events).toEqual(["a in@0", "b in@0", "c in@10", "d in@11"]);
  });

  it("never lets a waiter held back by its own key's cap block other keys", async () => {
    const events = await runLogged(async (log) => {
      const limiter = new KeyedLimiter<string>({ total: 3, perKey: 1 });
      const hold = async (name: string, key: string, ms: number) => {
        using _ = await limiter.acquire(key);
        log(at(`${name} in`));
        await sleep(ms);
      };
      const tasks = [
        createTask(() => hold("a1", "a", 10)),
        createTask(() => hold("b1", "b", 5)),
        createTask(() => hold("c1", "c", 20)),
        createTask(() => hold("a2", "a", 1)), // first in line, but only "a" can serve it
        createTask(() => hold("d1", "d", 1)), // must not wait for a2
      ];
      await Promise.all(tasks);
    });
    expect(events).toEqual(["a1 in@0", "b1 in@0", "c1 in@0", "d1 in@5", "a2 in@10"]);
  });

  it("passes a hold on when a waiter is cancelled after it was handed one, and forgets idle keys", async () => {
    const events = await runLogged(async (log) => {
      const limiter = new KeyedLimiter<string>({ perKey: 1 });
      const held = await limiter.acquire("k");
      const a = createTask(async () => {
        await limiter.acquire("k");
        log("a in");
      });
      const b = createTask(async () => {
        using _ = await limiter.acquire("k");
        log("b in");
      });
      await sleep(0);
      held.release();
      a.cancel();
      await b;
      log(`a: ${await outcome(a)}`);
      expect(limiter.inUse).toBe(0);
      expect(limiter.statistics().keys.size).toBe(0);
    });
    expect(events).toEqual(["b in", "a: CancelledError"]);
  });

  it("lets cancelled and aborted waiters leave and forgets their keys", async () => {
    await runLogged(async () => {
      const limiter = new KeyedLimiter<string>({ total: 1 });
      const held = await limiter.acquire("x");
      const controller = new AbortController();
      const a = createTask(() => limiter.acquire("a", { signal: controller.signal }));
      const b = createTask(() => limiter.acquire("b"));
      await sleep(0);
      expect([...limiter.statistics().keys.keys()]).toEqual(["x", "a", "b"]);
      controller.abort("enough");
      b.cancel();
      expect(await outcome(a)).toBe("enough");
      await expect(b).rejects.toBeInstanceOf(CancelledError);
      expect([...limiter.statistics().keys.keys()]).toEqual(["x"]);
      held.release();
      expect(limiter.statistics().keys.size).toBe(0);
      await expect(limiter.acquire("z", { signal: AbortSignal.abort("no") })).rejects.toBe("no");
    });
  });

  it("runs a callback holding a key", async () => {
    await runLogged(async () => {
      const limiter = new KeyedLimiter<number>({ total: 4, perKey: 2 });
      expect(await limiter.run(7, () => limiter.statistics().keys.get(7))).toEqual({ inUse: 1, waiters: 0 });
      expect(limiter.inUse).toBe(0);
      expect([limiter.total, limiter.perKey]).toEqual([4, 2]);
      expect(String(limiter)).toBe("KeyedLimiter <0/4 in use, 0 keys>");
    });
  });

  it("refuses bad limits", () => {
    expect(() => new KeyedLimiter({ total: 0 })).toThrow(RangeError);
    expect(() => new KeyedLimiter({ perKey: 1.5 })).toThrow(RangeError);
    expect(() => new KeyedLimiter({ perKey: "2" as never })).toThrow(TypeError);
    expect(() => new KeyedLimiter(null as never)).toThrow(TypeError);
  });
});
