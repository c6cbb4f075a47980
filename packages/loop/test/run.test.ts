import {
  CancelledError,
  type ExceptionContext,
  getEventLoop,
  getRunningLoop,
  InvalidStateError,
  run,
  SystemClock,
  VirtualClock,
} from "@x/loop";
import { createTask, currentTask, sleep } from "@x/loop/task";
import { describe, expect, it, vi } from "vitest";

describe("run()", () => {
  it("runs the reference page's first example: Hello ... then ... World! half a second later", async () => {
    const clock = new VirtualClock();
    const printed: string[] = [];
    await run(
      async () => {
        printed.push(`Hello ... (${getRunningLoop().time()} ms)`);
        await sleep(500);
        printed.push(`... World! (${getRunningLoop().time()} ms)`);
      },
      { clock },
    );
    expect(printed).toEqual(["Hello ... (0 ms)", "... World! (500 ms)"]);
    expect(clock.now()).toBe(500);
  });

  it("settles with the main function's result or error", async () => {
    await expect(run(async () => 42, { clock: new VirtualClock() })).resolves.toBe(42);
    await expect(
      run(
        async () => {
          throw new RangeError("main failed");
        },
        { clock: new VirtualClock() },
      ),
    ).rejects.toThrow("main failed");
  });

  it("finishes an hour of virtual sleeping at once, in the same order every run", async () => {
    const once = async (): Promise<string[]> => {
      const order: string[] = [];
      await run(
        async () => {
          const sleeper = (name: string, ms: number) =>
            createTask(async () => {
              await sleep(ms);
              order.push(`${name}@${getRunningLoop().time()}`);
            });
          const tasks = [
            sleeper("hour", 3_600_000),
            sleeper("minute", 60_000),
            sleeper("also a minute", 60_000),
          ];
          for (const t of tasks) await t;
        },
        { clock: new VirtualClock() },
      );
      return order;
    };
    const first = await once();
    expect(first).toEqual(["minute@60000", "also a minute@60000", "hour@3600000"]);
    expect(await once()).toEqual(first);
  });

  it("refuses a promise where the function belongs, saying to pass the function", () => {
    const main = async () => 1;
    const promise = main();
    expect(() => run(promise as never)).toThrow(/pass the function itself: run\(main\), not run\(main\(\)\)/);
    expect(() => run(undefined as never)).toThrow(TypeError);
    expect(() => run(main, null as never)).toThrow(/options must be an object/);
  });

  it("refuses to run inside a running loop", async () => {
    await run(
      async () => {
        expect(() => run(async () => {})).toThrow(InvalidStateError);
      },
      { clock: new VirtualClock() },
    );
  });

  it("cancels, awaits and lists the tasks still pending when main finishes, then closes the loop", async () => {
    const reported: ExceptionContext[] = [];
    const cleanup: string[] = [];
    let loop!: ReturnType<typeof getRunningLoop>;
    await run(
      async () => {
        loop = getRunningLoop();
        loop.setExceptionHandler((_l, context) => reported.push(context));
        createTask(
          async () => {
            try {
              await sleep(10_000);
            } finally {
              await sleep(5);
              cleanup.push(`background cleaned up at ${getRunningLoop().time()}`);
            }
          },
          { name: "background" },
        );
        await sleep(100);
      },
      { clock: new VirtualClock() },
    );
    expect(cleanup).toEqual(["background cleaned up at 105"]);
    expect(reported.map((c) => c.message)).toEqual([
      "run(): 1 task(s) still pending when the main task finished were cancelled:\n  Task 'background' waiting on sleep until 10000",
    ]);
    expect(loop.isClosed()).toBe(true);
    expect(loop.isRunning()).toBe(false);
  });

  it("cancels the main task on SIGINT", async () => {
    const outcome = run(
      async () => {
        try {
          await sleep(60_000);
        } catch (error) {
          return `main saw ${(error as Error).message} at ${getRunningLoop().time()}`;
        }
        return "not interrupted";
      },
      { clock: new VirtualClock() },
    );
    await new Promise((resolve) => setImmediate(resolve));
    process.emit("SIGINT");
    await expect(outcome).resolves.toBe("main saw interrupted by SIGINT at 0");
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("exits at once with code 130 on a second SIGINT", async () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    try {
      const outcome = run(
        async () => {
          try {
            await sleep(60_000);
          } catch {
            await sleep(1000);
          }
        },
        { clock: new VirtualClock() },
      );
      await new Promise((resolve) => setImmediate(resolve));
      process.emit("SIGINT");
      process.emit("SIGINT");
      expect(exit).toHaveBeenCalledWith(130);
      await outcome;
    } finally {
      exit.mockRestore();
    }
  });

  it("cancels and awaits the main task when the loop is stopped, then rejects", async () => {
    const events: string[] = [];
    await expect(
      run(
        async () => {
          getRunningLoop().callLater(50, () => getRunningLoop().stop());
          try {
            await sleep(1000);
          } catch (error) {
            events.push(`main cancelled: ${error instanceof CancelledError}`);
            throw error;
          }
        },
        { clock: new VirtualClock() },
      ),
    ).rejects.toThrow("run(): the loop was stopped before the main task completed");
    expect(events).toEqual(["main cancelled: true"]);
  });

  it("runs on the system clock by default", async () => {
    const clock = await run(async () => getRunningLoop().clock);
    expect(clock).toBeInstanceOf(SystemClock);
  });
});

describe("the default loop", () => {
  it("serves awaitables outside run(), on real time", async () => {
    expect(() => getRunningLoop()).toThrow(/no event loop is running/);
    const loop = getEventLoop();
    expect(getEventLoop()).toBe(loop);
    expect(loop.isRunning()).toBe(true);
    expect(await sleep(0, "slept")).toBe("slept");
    const task = createTask(
      async () => {
        expect(getRunningLoop()).toBe(loop);
        return currentTask()?.getName();
      },
      { name: "on the default loop" },
    );
    expect(await task).toBe("on the default loop");
  });

  it("lets the process exit once its last timer is cancelled", async () => {
    const hostTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = hostTimers();
    const handle = getEventLoop().callLater(60_000, () => {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(hostTimers()).toBe(before + 1);
    handle.cancel();
    expect(hostTimers()).toBe(before);
  });

  it("cannot be stopped, closed or driven", async () => {
    const loop = getEventLoop();
    expect(() => loop.stop()).toThrow(InvalidStateError);
    expect(() => loop.close()).toThrow(/cannot be closed/);
    await expect(loop.runForever()).rejects.toThrow(/always runs/);
    await expect(loop.runUntilComplete(async () => "fine")).resolves.toBe("fine");
  });
});
