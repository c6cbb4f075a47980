import { TimeoutError } from "@x/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, moveOnAfter, sleep, type Timeout, timeout } from "../src/index.js";
import { nameOf, now, settle, virtual } from "./helpers.js";

describe("moveOnAfter", () => {
  it("gives undefined when the deadline passes first, at the deadline", async () => {
    const result = await virtual(async () => {
      let scope!: Timeout;
      const value = await moveOnAfter(100, async (t) => {
        scope = t;
        await sleep(1000);
        return "slow";
      });
      await sleep(1); // the task is not left cancelled
      return { value, expired: scope.expired(), at: now(), cancelling: currentTask()?.cancelling() };
    });
    expect(result).toEqual({ value: undefined, expired: true, at: 101, cancelling: 0 });
  });

  it("gives the body's value when it ends in time", async () => {
    const result = await virtual(async () => ({
      value: await moveOnAfter(100, () => sleep(10, "fast")),
      at: now(),
    }));
    expect(result).toEqual({ value: "fast", at: 10 });
  });

  it("with null never moves on", async () => {
    expect(await virtual(() => moveOnAfter(null, () => sleep(1e6, "x")))).toBe("x");
  });

  it("does not swallow an inner scope's TimeoutError", async () => {
    const result = await virtual(async () => {
      const r = await settle(moveOnAfter(1000, () => timeout(10, () => sleep(100))));
      return {
        error: nameOf((r as { error: unknown }).error),
        isTimeout: (r as { error: unknown }).error instanceof TimeoutError,
        at: now(),
      };
    });
    expect(result).toEqual({ error: "TimeoutError", isTimeout: true, at: 10 });
  });

  it("does not swallow a cancellation from elsewhere", async () => {
    const result = await virtual(async () => {
      const task = createTask(() => moveOnAfter(100, () => sleep(1000)));
      await sleep(50);
      task.cancel();
      const r = await settle(task);
      return { error: nameOf((r as { error: unknown }).error), cancelled: task.cancelled() };
    });
    expect(result).toEqual({ error: "CancelledError", cancelled: true });
  });

  it("lets the body's errors through", async () => {
    const result = await virtual(() =>
      settle(
        moveOnAfter(100, async () => {
          throw new RangeError("body");
        }),
      ),
    );
    expect(nameOf((result as { error: unknown }).error)).toBe("RangeError");
  });

  it("refuses bad arguments at the call", () => {
    expect(() => moveOnAfter(Number.NaN, async () => 1)).toThrow(RangeError);
    expect(() => moveOnAfter(1, null as never)).toThrow(TypeError);
  });
});
