import { CancelledError, EventLoop, type ExceptionContext, InvalidStateError, VirtualClock } from "@x/loop";
import { describe, expect, it, vi } from "vitest";

function virtualLoop(options: { debug?: boolean; slowCallbackMs?: number } = {}): {
  loop: EventLoop;
  clock: VirtualClock;
} {
  const clock = new VirtualClock();
  return { loop: new EventLoop({ clock, ...options }), clock };
}

/** Drive `loop` until `stop()` is called by one of its callbacks. */
async function runUntilStopped(loop: EventLoop): Promise<void> {
  await loop.runForever();
}

describe("EventLoop scheduling", () => {
  it("runs callSoon callbacks in FIFO order, and what they schedule in the next iteration", async () => {
    const { loop } = virtualLoop();
    const order: string[] = [];
    loop.callSoon(() => {
      order.push("a");
      loop.callSoon(() => {
        order.push("c (scheduled by a)");
        loop.stop();
      });
    });
    loop.callSoon(() => order.push("b"));
    await runUntilStopped(loop);
    expect(order).toEqual(["a", "b", "c (scheduled by a)"]);
  });

  it("passes the arguments given to callSoon", async () => {
    const { loop } = virtualLoop();
    const seen: unknown[] = [];
    loop.callSoon(
      (x: number, y: string) => {
        seen.push(x, y);
        loop.stop();
      },
      1,
      "two",
    );
    await runUntilStopped(loop);
    expect(seen).toEqual([1, "two"]);
  });

  it("runs timers by deadline, then by insertion, at their virtual time", async () => {
    const { loop } = virtualLoop();
    const order: string[] = [];
    const note = (name: string) => () => order.push(`${name}@${loop.time()}`);
    loop.callLater(30, note("c"));
    loop.callLater(10, note("a1"));
    loop.callLater(20, note("b"));
    loop.callLater(10, note("a2"));
    loop.callAt(30, () => {
      order.push(`d@${loop.time()}`);
      loop.stop();
    });
    await runUntilStopped(loop);
    expect(order).toEqual(["a1@10", "a2@10", "b@20", "c@30", "d@30"]);
  });

  it("treats negative delays and past deadlines as 'as soon as possible', after earlier timers", async () => {
    const { loop, clock } = virtualLoop();
    clock.advance(100);
    const order: string[] = [];
    loop.callAt(50, () => order.push("past deadline 50"));
    loop.callLater(-1, () => order.push("delay -1"));
    loop.callAt(10, () => order.push("past deadline 10"));
    loop.callSoon(() => order.push("callSoon"));
    loop.callLater(0, () => {
      order.push(`delay 0 @${loop.time()}`);
      loop.stop();
    });
    await runUntilStopped(loop);
    expect(order).toEqual(["callSoon", "past deadline 10", "past deadline 50", "delay -1", "delay 0 @100"]);
  });

  it("does not run a cancelled handle or timer", async () => {
    const { loop } = virtualLoop();
    const order: string[] = [];
    const soon = loop.callSoon(() => order.push("soon"));
    const later = loop.callLater(5, () => order.push("later"));
    expect(later.when()).toBe(5);
    soon.cancel();
    later.cancel();
    expect(soon.cancelled()).toBe(true);
    expect(later.cancelled()).toBe(true);
    loop.callLater(10, () => loop.stop());
    await runUntilStopped(loop);
    expect(order).toEqual([]);
  });

  it("drops many cancelled timers without running them", async () => {
    const { loop } = virtualLoop();
    let ran = 0;
    const handles = Array.from({ length: 2000 }, (_, i) => loop.callLater(i + 1, () => ran++));
    for (const h of handles.slice(0, 1500)) h.cancel();
    loop.callLater(5000, () => loop.stop());
    await runUntilStopped(loop);
    expect(ran).toBe(500);
    expect(loop.time()).toBe(5000);
  });

  it("refuses bad arguments at the call", () => {
    const { loop } = virtualLoop();
    expect(() => loop.callSoon(42 as never)).toThrow(TypeError);
    expect(() => loop.callLater(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => loop.callLater("5" as never, () => {})).toThrow(/delay must be a number/);
    expect(() => loop.callAt(undefined as never, () => {})).toThrow(TypeError);
    expect(() => new EventLoop({ clock: {} as never })).toThrow(/options.clock must be a Clock/);
    expect(() => new EventLoop({ slowCallbackMs: -1 })).toThrow(RangeError);
  });
});

describe("EventLoop lifecycle", () => {
  it("runUntilComplete drives the loop until the future is done and returns its result", async () => {
    const { loop } = virtualLoop();
    const fut = loop.createFuture<string>();
    loop.callLater(100, () => fut.setResult("done"));
    expect(loop.isRunning()).toBe(false);
    await expect(loop.runUntilComplete(fut)).resolves.toBe("done");
    expect(loop.isRunning()).toBe(false);
    expect(loop.time()).toBe(100);
  });

  it("runUntilComplete turns a function into a task", async () => {
    const { loop } = virtualLoop();
    await expect(loop.runUntilComplete(async () => 7)).resolves.toBe(7);
  });

  it("runUntilComplete rejects when the loop is stopped before the future completes", async () => {
    const { loop } = virtualLoop();
    const fut = loop.createFuture();
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(InvalidStateError);
  });

  it("refuses to be driven twice at once, and to close while running", async () => {
    const { loop } = virtualLoop();
    const forever = loop.runForever();
    await expect(loop.runForever()).rejects.toThrow(/already running/);
    expect(() => loop.close()).toThrow(/cannot close a running EventLoop/);
    loop.stop();
    await forever;
    loop.close();
    expect(loop.isClosed()).toBe(true);
    loop.close();
  });

  it("refuses new work once closed", async () => {
    const { loop } = virtualLoop();
    loop.close();
    expect(() => loop.callSoon(() => {})).toThrow(InvalidStateError);
    expect(() => loop.callLater(1, () => {})).toThrow(/closed/);
    expect(() => loop.createFuture()).toThrow(InvalidStateError);
    await expect(loop.runForever()).rejects.toThrow(InvalidStateError);
  });

  it("does not move a stopped loop's virtual clock", async () => {
    const { loop } = virtualLoop();
    loop.callLater(1000, () => {});
    loop.callSoon(() => loop.stop());
    await runUntilStopped(loop);
    expect(loop.time()).toBe(0);
  });

  it("runs timers that advance() brings due", async () => {
    const { loop, clock } = virtualLoop();
    const order: string[] = [];
    loop.callLater(50, () => order.push(`timer@${loop.time()}`));
    const forever = loop.runForever();
    const holding = loop.holdClock();
    clock.advance(20);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    clock.advance(30);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["timer@50"]);
    holding.release();
    loop.stop();
    await forever;
  });

  it("keeps its virtual clock still while a hold is active", async () => {
    const { loop } = virtualLoop();
    const order: string[] = [];
    const hold = loop.holdClock();
    loop.callLater(1000, () => {
      order.push(`timer@${loop.time()}`);
      loop.stop();
    });
    const forever = loop.runForever();
    // Several host turns pass; with the hold, time does not jump.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(loop.time()).toBe(0);
    hold[Symbol.dispose]();
    await forever;
    expect(order).toEqual(["timer@1000"]);
  });

  it("has a description that says its state", () => {
    const { loop } = virtualLoop({ debug: true });
    expect(String(loop)).toBe("EventLoop <idle, virtual clock, debug>");
  });
});

describe("the exception handler", () => {
  it("receives an error thrown by a callback, with the handle", async () => {
    const { loop } = virtualLoop();
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((l, context) => {
      expect(l).toBe(loop);
      contexts.push(context);
    });
    const boom = new Error("boom");
    const handle = loop.callSoon(function failing() {
      throw boom;
    });
    loop.callSoon(() => loop.stop());
    await runUntilStopped(loop);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]).toMatchObject({ message: "Exception in callback failing", exception: boom, handle });
  });

  it("is undefined until set, and null restores the default", () => {
    const { loop } = virtualLoop();
    expect(loop.getExceptionHandler()).toBeUndefined();
    const handler = () => {};
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    loop.setExceptionHandler(null);
    expect(loop.getExceptionHandler()).toBeUndefined();
    expect(() => loop.setExceptionHandler("no" as never)).toThrow(TypeError);
  });

  it("prints to console.error by default, with the error's stack", () => {
    const { loop } = virtualLoop();
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      loop.callExceptionHandler({ message: "something broke", exception: new RangeError("bad range") });
      expect(spy).toHaveBeenCalledTimes(1);
      const printed = String(spy.mock.calls[0]?.[0]);
      expect(printed).toMatch(/^something broke\nRangeError: bad range/);
    } finally {
      spy.mockRestore();
    }
  });

  it("falls back to the default handler when the handler itself throws", () => {
    const { loop } = virtualLoop();
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      loop.setExceptionHandler(() => {
        throw new Error("handler broke");
      });
      loop.callExceptionHandler({ message: "original" });
      const printed = spy.mock.calls.map((call) => String(call[0]));
      expect(printed[0]).toMatch(/^Unhandled error in the exception handler\nError: handler broke/);
      expect(printed[1]).toBe("original");
    } finally {
      spy.mockRestore();
    }
  });
});

describe("debug mode", () => {
  it("reports a callback that holds the loop longer than slowCallbackMs, naming it", async () => {
    const { loop, clock } = virtualLoop({ debug: true, slowCallbackMs: 50 });
    const messages: string[] = [];
    loop.setExceptionHandler((_l, context) => messages.push(context.message));
    loop.callSoon(function quick() {
      clock.advance(10);
    });
    loop.callSoon(function slowOne() {
      clock.advance(120);
    });
    loop.callSoon(() => loop.stop());
    await runUntilStopped(loop);
    expect(messages).toEqual(["Executing Handle <slowOne> took 120.000 ms"]);
    expect(loop.getDebug()).toBe(true);
    expect(loop.slowCallbackMs).toBe(50);
  });

  it("reports a slow task step, naming the task", async () => {
    const { loop, clock } = virtualLoop({ debug: true, slowCallbackMs: 50 });
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, context) => contexts.push(context));
    const task = loop.createTask(
      async () => {
        clock.advance(80);
        await loop.createFuture();
      },
      { name: "busy" },
    );
    loop.callLater(1, () => loop.stop());
    await runUntilStopped(loop);
    expect(contexts.map((c) => c.message)).toEqual([
      expect.stringMatching(/^Executing Task 'busy' .* took 80\.000 ms$/),
    ]);
    expect(contexts[0]?.task).toBe(task);
    task.cancel();
    loop.callLater(1, () => loop.stop());
    await runUntilStopped(loop);
    expect(task.cancelled()).toBe(true);
  });
});

describe("errors", () => {
  it("CancelledError carries the cancel message and a stable name and code", () => {
    const error = new CancelledError("stop now");
    expect(error.message).toBe("stop now");
    expect(error.name).toBe("CancelledError");
    expect(error.code).toBe("ERR_X_CANCELLED");
    expect(new CancelledError().message).toBe("");
    expect(error).toBeInstanceOf(Error);
  });

  it("recognises an error of another installed copy by its brand", () => {
    const foreign = Object.assign(new Error("x"), { [Symbol.for("@x/loop.CancelledError")]: true });
    expect(foreign instanceof CancelledError).toBe(true);
    expect(new Error("plain") instanceof CancelledError).toBe(false);
  });

  it("does not let a subclass match instances of its base class", () => {
    class SpecialTimeout extends InvalidStateError {}
    expect(new InvalidStateError("x") instanceof SpecialTimeout).toBe(false);
    expect(new SpecialTimeout("x") instanceof InvalidStateError).toBe(true);
  });
});
