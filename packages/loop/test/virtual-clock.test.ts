import { EventLoop, getRunningLoop, run, VirtualClock, waitAllTasksBlocked } from "@x/loop";
import { createTask, sleep } from "@x/loop/task";
import { describe, expect, it } from "vitest";
import { at, runLogged } from "./helpers.js";

describe("VirtualClock", () => {
  it("starts at 0 and moves by advance(ms)", () => {
    const clock = new VirtualClock();
    expect(clock.now()).toBe(0);
    clock.advance(25);
    clock.advance(0);
    expect(clock.now()).toBe(25);
  });

  it("refuses to go back or to move by a non-finite amount", () => {
    const clock = new VirtualClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(/finite number >= 0/);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => clock.advance("1" as never)).toThrow(RangeError);
    expect(clock.now()).toBe(0);
  });

  it("stands still while anything can run, and jumps to the next timer when every task waits", async () => {
    const events = await runLogged(async (log) => {
      const busy = createTask(async () => {
        for (let i = 0; i < 1000; i++) await sleep(0);
        log(at("busy task done after 1000 iterations"));
      });
      await sleep(30);
      log(at("main woke"));
      await busy;
    });
    expect(events).toEqual(["busy task done after 1000 iterations@0", "main woke@30"]);
  });

  it("waits for outside events without moving when nothing is ready and no timer is set", async () => {
    const clock = new VirtualClock();
    let release!: () => void;
    const outside = new Promise<void>((resolve) => {
      release = resolve;
    });
    const result = run(
      async () => {
        const fut = getRunningLoop().createFuture<string>();
        void outside.then(() => fut.setResult("released"));
        return [await fut, getRunningLoop().time()];
      },
      { clock },
    );
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await result).toEqual(["released", 0]);
  });
});

describe("waitAllTasksBlocked", () => {
  it("resolves once every other task is blocked, before the clock jumps", async () => {
    const events = await runLogged(async (log) => {
      const loop = getRunningLoop();
      const fut = loop.createFuture();
      createTask(async () => {
        await sleep(0);
        await sleep(0);
        log(at("worker blocks on a future"));
        await fut;
        log(at("worker resumed"));
      });
      createTask(async () => {
        await sleep(100);
        log(at("sleeper woke"));
      });
      await waitAllTasksBlocked();
      log(at("all blocked"));
      fut.setResult(undefined);
      await sleep(200);
    });
    expect(events).toEqual([
      "worker blocks on a future@0",
      "all blocked@0",
      "worker resumed@0",
      "sleeper woke@100",
    ]);
  });

  it("counts every task waiting in it as blocked", async () => {
    const events = await runLogged(async (log) => {
      const other = createTask(async () => {
        await waitAllTasksBlocked();
        log("other saw all blocked");
      });
      await waitAllTasksBlocked();
      log("main saw all blocked");
      await other;
    });
    expect(events.sort()).toEqual(["main saw all blocked", "other saw all blocked"]);
  });

  it("works on a loop driven by runUntilComplete", async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const seen = await loop.runUntilComplete(async () => {
      createTask(() => sleep(10));
      await waitAllTasksBlocked();
      return loop.time();
    });
    expect(seen).toBe(0);
  });
});
