import { getRunningLoop, run, VirtualClock } from "@x/loop";
import { createTask, currentTask, sleep } from "@x/loop/task";
import { describe, expect, it } from "vitest";
import { at, runLogged } from "./helpers.js";

describe("sleep", () => {
  it("yields for exactly one loop iteration with sleep(0)", async () => {
    const events = await runLogged(async (log) => {
      const worker = (name: string) =>
        createTask(async () => {
          for (let i = 1; i <= 3; i++) {
            log(`${name}${i}`);
            await sleep(0);
          }
        });
      const a = worker("a");
      const b = worker("b");
      await a;
      await b;
    });
    expect(events).toEqual(["a1", "b1", "a2", "b2", "a3", "b3"]);
  });

  it("resumes one iteration after its timer comes due, like asyncio", async () => {
    const events = await runLogged(async (log) => {
      const loop = getRunningLoop();
      loop.callLater(10, () => log(at("timer at 10")));
      createTask(async () => {
        await sleep(10);
        log(at("sleeper woke"));
      });
      loop.callLater(10, () => log(at("second timer at 10")));
      await sleep(20);
    });
    expect(events).toEqual(["timer at 10@10", "second timer at 10@10", "sleeper woke@10"]);
  });

  it("made while a cancellation waits for its task, fails at once with that cancellation's message", async () => {
    const events = await runLogged(async (log) => {
      const task = createTask(async () => {
        currentTask()?.cancel("early"); // running, so the request waits for the next awaitable
        try {
          await sleep(1000, "value");
          log("slept");
        } catch (error) {
          log(at(`${(error as Error).name} '${(error as Error).message}'`));
        }
        await sleep(5);
        log(at("slept 5"));
      });
      await task;
    });
    expect(events).toEqual(["CancelledError 'early'@0", "slept 5@5"]);
  });

  it("resolves with the value given", async () => {
    await run(
      async () => {
        expect(await sleep(5, "late")).toBe("late");
        expect(await sleep(0, 7)).toBe(7);
        expect(await sleep(5)).toBeUndefined();
      },
      { clock: new VirtualClock() },
    );
  });

  it("treats a negative delay as sleep(0)", async () => {
    const events = await runLogged(async (log) => {
      createTask(async () => log("other task"));
      await sleep(-50);
      log(at("after sleep(-50)"));
    });
    expect(events).toEqual(["other task", "after sleep(-50)@0"]);
  });

  it("refuses what is not a number of milliseconds", () => {
    expect(() => sleep(Number.NaN)).toThrow(RangeError);
    expect(() => sleep("100" as never)).toThrow(/expects a number of milliseconds, got the string "100"/);
    expect(() => sleep(undefined as never)).toThrow(TypeError);
  });

  it("can sleep forever without keeping the loop busy", async () => {
    const events = await runLogged(async (log) => {
      const forever = createTask(() => sleep(Number.POSITIVE_INFINITY));
      await sleep(1000);
      log(at("main woke while the other sleeps forever"));
      forever.cancel();
      await forever.catch(() => log(at("forever cancelled")));
    });
    expect(events).toEqual(["main woke while the other sleeps forever@1000", "forever cancelled@1000"]);
  });
});
