import { CancelledError } from "@x/loop";
import { createTask, sleep, type Task } from "@x/task";
import { describe, expect, it } from "vitest";
import { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, wait } from "../src/index.js";
import { never, now, onVirtualClock } from "./support.js";

describe("wait", () => {
  it("waits for every awaitable by default and never throws their errors", async () => {
    await onVirtualClock(async () => {
      const ok = createTask(() => sleep(20, "ok"));
      const bad = createTask(async () => {
        await sleep(10);
        throw new Error("bad");
      });
      const [done, pending] = await wait([ok, bad]);
      expect(now()).toBe(20);
      expect(done).toEqual(new Set([ok, bad]));
      expect(pending.size).toBe(0);
      expect(bad.exception()).toEqual(new Error("bad"));
    });
  });

  it("returns when the first awaitable completes with FIRST_COMPLETED", async () => {
    await onVirtualClock(async () => {
      const slow = createTask(() => sleep(100));
      const fast = createTask(() => sleep(10));
      const [done, pending] = await wait([slow, fast], { returnWhen: FIRST_COMPLETED });
      expect(now()).toBe(10);
      expect([...done]).toEqual([fast]);
      expect([...pending]).toEqual([slow]);
      expect(slow.done()).toBe(false);
      slow.cancel();
    });
  });

  it("returns at the first failure with FIRST_EXCEPTION, ignoring cancellations", async () => {
    await onVirtualClock(async () => {
      const cancelled = createTask(() => sleep(100));
      const failing = createTask(async () => {
        await sleep(20);
        throw new Error("bad");
      });
      const slow = createTask(() => sleep(100));
      await sleep(5);
      cancelled.cancel();
      const [done, pending] = await wait([cancelled, failing, slow], { returnWhen: FIRST_EXCEPTION });
      expect(now()).toBe(20);
      expect(done).toEqual(new Set([cancelled, failing]));
      expect([...pending]).toEqual([slow]);
      slow.cancel();
    });
  });

  it("returns when all are done with FIRST_EXCEPTION when nothing fails", async () => {
    await onVirtualClock(async () => {
      const [done] = await wait([() => sleep(10), () => sleep(30)], { returnWhen: FIRST_EXCEPTION });
      expect(now()).toBe(30);
      expect(done.size).toBe(2);
    });
  });

  it("returns at the timeout with the rest pending, and cancels nothing", async () => {
    await onVirtualClock(async () => {
      const slow = createTask(() => sleep(100, "slow"));
      const [done, pending] = await wait([slow], { timeout: 30, returnWhen: ALL_COMPLETED });
      expect(now()).toBe(30);
      expect(done.size).toBe(0);
      expect([...pending]).toEqual([slow]);
      expect(await slow).toBe("slow");
    });
  });

  it("treats a negative timeout as already passed", async () => {
    await onVirtualClock(async () => {
      const forever = never();
      const [done, pending] = await wait([forever], { timeout: -5 });
      expect(now()).toBe(0);
      expect(done.size).toBe(0);
      expect([...pending]).toEqual([forever]);
    });
  });

  it("starts functions as tasks and returns those tasks; returns promises as passed", async () => {
    await onVirtualClock(async () => {
      const promise = sleep(5, "p");
      const [done] = await wait([() => sleep(10, "f"), promise]);
      const [first, second] = [...done];
      expect(first).not.toBe(promise);
      expect(await (first as Task<string>)).toBe("f");
      expect(second).toBe(promise);
    });
  });

  it("takes an awaitable passed twice once", async () => {
    await onVirtualClock(async () => {
      const task = createTask(() => sleep(5));
      const [done] = await wait([task, task]);
      expect([...done]).toEqual([task]);
    });
  });

  it("takes back every callback when it returns", async () => {
    await onVirtualClock(async (loop) => {
      const longLived = loop.createFuture<void>();
      await wait([longLived, () => sleep(1)], { returnWhen: FIRST_COMPLETED });
      await wait([longLived], { timeout: 5 });
      expect(longLived._callbackCount()).toBe(0);
    });
  });

  it("is cancelled with the task that waits, without cancelling the awaitables", async () => {
    await onVirtualClock(async (loop) => {
      const longLived = loop.createFuture<void>();
      const child = createTask(() => sleep(100, "child"));
      const waiting = createTask(() => wait([longLived, child]));
      await sleep(10);
      waiting.cancel();
      await expect(waiting).rejects.toBeInstanceOf(CancelledError);
      expect(longLived._callbackCount()).toBe(0);
      expect(longLived.cancelled()).toBe(false);
      expect(await child).toBe("child");
    });
  });

  it("refuses an empty list, a single awaitable, and bad options", async () => {
    await onVirtualClock(async (loop) => {
      const fut = loop.createFuture<void>();
      expect(() => wait([])).toThrow(new RangeError("wait(): the set of awaitables is empty"));
      expect(() => wait(fut as never)).toThrow(
        /expects an iterable of awaitables, got a promise — pass a list/,
      );
      expect(() => wait([fut], { returnWhen: "FIRST" as never })).toThrow(RangeError);
      expect(() => wait([fut], { returnWhen: 1 as never })).toThrow(TypeError);
      expect(() => wait([fut], { timeout: Number.NaN })).toThrow(RangeError);
      expect(() => wait([fut], { timout: 5 } as never)).toThrow(TypeError);
    });
  });
});
