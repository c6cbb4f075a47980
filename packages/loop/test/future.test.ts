import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  CancelledError,
  EventLoop,
  type ExceptionContext,
  Future,
  getRunningLoop,
  InvalidStateError,
  isFuture,
  VirtualClock,
} from "@x/loop";
import { createTask, sleep } from "@x/loop/task";
import { describe, expect, it } from "vitest";
import { at, runLogged } from "./helpers.js";

describe("Future", () => {
  it("is pending until a result, an exception or a cancellation finishes it", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const ok = loop.createFuture<number>();
    expect(ok.done()).toBe(false);
    expect(() => ok.result()).toThrow(InvalidStateError);
    expect(() => ok.exception()).toThrow(/pending/);
    ok.setResult(3);
    expect(ok.done()).toBe(true);
    expect(ok.result()).toBe(3);
    expect(ok.exception()).toBeUndefined();

    const failed = loop.createFuture();
    const error = new Error("nope");
    failed.setException(error);
    expect(failed.exception()).toBe(error);
    expect(() => failed.result()).toThrow(error);

    const cancelled = loop.createFuture();
    expect(cancelled.cancel("why")).toBe(true);
    expect(cancelled.cancelled()).toBe(true);
    expect(cancelled.cancel()).toBe(false);
    expect(() => cancelled.result()).toThrow(CancelledError);
    expect(() => cancelled.exception()).toThrow("why");
  });

  it("refuses to be finished twice", () => {
    const fut = new EventLoop({ clock: new VirtualClock() }).createFuture<number>();
    fut.setResult(1);
    expect(() => fut.setResult(2)).toThrow(InvalidStateError);
    expect(() => fut.setException(new Error())).toThrow(/already done/);
    expect(fut.cancel()).toBe(false);
    expect(fut.result()).toBe(1);
  });

  it("runs done callbacks through the loop, in order, never synchronously", async () => {
    const events = await runLogged(async (log) => {
      const fut = getRunningLoop().createFuture<string>();
      fut.addDoneCallback((f) => log(`first saw ${f.result()}`));
      fut.addDoneCallback(() => log("second"));
      fut.setResult("value");
      log("after setResult");
      await sleep(0);
      log("one iteration later");
      fut.addDoneCallback(() => log("added when done: scheduled at once"));
      await sleep(0);
    });
    expect(events).toEqual([
      "after setResult",
      "first saw value",
      "second",
      "one iteration later",
      "added when done: scheduled at once",
    ]);
  });

  it("removes every copy of a done callback and says how many", async () => {
    const events = await runLogged(async (log) => {
      const fut = getRunningLoop().createFuture();
      const cb = () => log("cb");
      fut.addDoneCallback(cb);
      fut.addDoneCallback(() => log("other"));
      fut.addDoneCallback(cb);
      expect(fut.removeDoneCallback(cb)).toBe(2);
      expect(fut.removeDoneCallback(cb)).toBe(0);
      fut.setResult(undefined);
      await sleep(0);
    });
    expect(events).toEqual(["other"]);
  });

  it("refuses a done callback that is not a function", () => {
    const fut = new EventLoop({ clock: new VirtualClock() }).createFuture();
    expect(() => fut.addDoneCallback("x" as never)).toThrow(TypeError);
  });

  it("wakes a task blocked on it one iteration after it completes", async () => {
    const events = await runLogged(async (log) => {
      const fut = getRunningLoop().createFuture<number>();
      const waiter = createTask(async () => log(`waiter got ${await fut}`));
      const ticker = createTask(async () => {
        for (let i = 0; i < 3; i++) {
          log(`tick ${i}`);
          if (i === 0) fut.setResult(42);
          await sleep(0);
        }
      });
      await waiter;
      await ticker;
    });
    // tick 0 completes the future in iteration 1; the waiter resumes in iteration 2, before tick 1.
    expect(events).toEqual(["tick 0", "waiter got 42", "tick 1", "tick 2"]);
  });

  it("costs no loop iteration to await when already done", async () => {
    const events = await runLogged(async (log) => {
      const fut = getRunningLoop().createFuture<number>();
      fut.setResult(1);
      await sleep(0);
      const other = createTask(async () => {
        log("other task ran");
      });
      for (let i = 0; i < 3; i++) await fut;
      log("awaited a done future three times");
      await other;
    });
    expect(events).toEqual(["awaited a done future three times", "other task ran"]);
  });

  it("calls then() handlers of a done future in a later microtask, adopting a thenable result", async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const plain = loop.createFuture<number>();
    plain.setResult(1);
    const order: string[] = [];
    const chained = plain.then((x) => {
      order.push(`handler got ${x}`);
      return x + 1;
    });
    order.push("then() returned");
    expect(await chained).toBe(2);
    expect(order).toEqual(["then() returned", "handler got 1"]);
    // A result that is itself a promise is adopted by the continuation, as a promise resolved with it.
    const wrapping = loop.createFuture<Promise<string>>();
    wrapping.setResult(Promise.resolve("inner"));
    expect(await wrapping.then((inner) => inner)).toBe("inner");
    loop.close();
  });

  it("works with the Promise protocol: then, catch, finally, Promise.all", async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const a = loop.createFuture<number>();
    const b = loop.createFuture<number>();
    a.setResult(1);
    b.setException(new Error("b failed"));
    const doubled = await loop.runUntilComplete(async () => a.then((x) => x * 2));
    expect(doubled).toBe(2);
    const caught = await loop.runUntilComplete(async () => b.catch((e) => (e as Error).message));
    expect(caught).toBe("b failed");
    let finallyRan = false;
    await loop.runUntilComplete(async () => a.finally(() => (finallyRan = true)));
    expect(finallyRan).toBe(true);
    const c = loop.createFuture<string>();
    loop.callLater(10, () => c.setResult("c"));
    await expect(loop.runUntilComplete(async () => Promise.all([a, c]))).resolves.toEqual([1, "c"]);
    expect(Object.prototype.toString.call(a)).toBe("[object Future]");
    loop.close();
  });

  it("is recognised by isFuture, tasks included", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    expect(isFuture(loop.createFuture())).toBe(true);
    expect(isFuture(Promise.resolve())).toBe(false);
    // biome-ignore lint/suspicious/noThenProperty: a foreign thenable on purpose.
    expect(isFuture({ then() {} })).toBe(false);
    expect(isFuture(null)).toBe(false);
  });
});

describe("an exception nobody retrieves", () => {
  it("is reported to the exception handler when the loop closes", async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const reported: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, context) => reported.push(context));
    const lost = loop.createFuture();
    const seen = loop.createFuture();
    const boom = new Error("lost");
    lost.setException(boom);
    seen.setException(new Error("seen"));
    seen.exception();
    loop.close();
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({
      message: "Future exception was never retrieved",
      exception: boom,
      future: lost,
    });
  });

  it("is not reported once someone awaited it", async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const reported: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, context) => reported.push(context));
    const fut = loop.createFuture();
    fut.setException(new Error("handled"));
    await expect(loop.runUntilComplete(async () => await fut)).rejects.toThrow("handled");
    loop.close();
    expect(reported).toEqual([]);
  });

  it("is reported when the failed future is garbage-collected", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const loop = new EventLoop({ clock: new VirtualClock() });
    const reported: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, context) => reported.push(context));
    (() => {
      const fut = new Future(loop);
      fut.setException(new Error("dropped"));
    })();
    for (let i = 0; i < 20 && reported.length === 0; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(reported.map((c) => c.message)).toEqual(["Future exception was never retrieved"]);
    expect(reported[0]?.exception).toHaveProperty("message", "dropped");
    loop.close();
    expect(reported).toHaveLength(1);
  });

  it("is not reported for a cancelled future", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const reported: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, context) => reported.push(context));
    loop.createFuture().cancel();
    loop.close();
    expect(reported).toEqual([]);
  });
});

describe("at()", () => {
  it("stamps events with the loop's time", async () => {
    const events = await runLogged(async (log) => {
      log(at("start"));
      await sleep(250);
      log(at("end"));
    });
    expect(events).toEqual(["start@0", "end@250"]);
  });
});
