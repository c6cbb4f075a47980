// The races between a deadline, a child failure and an outer cancellation, at the same virtual time.
// Each expectation is what CPython 3.13 does with the same program on a virtual-time loop whose timers
// with equal deadlines run in the order they were scheduled (@x's rule; asyncio leaves such ties open).
import { getRunningLoop } from "@x/loop";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, sleep, TaskGroup, timeout } from "../src/index.js";
import { now, settle, virtual } from "./helpers.js";

class ValueError extends Error {
  override name = "ValueError";
}

async function crashAfter(ms: number, message: string): Promise<never> {
  await sleep(ms);
  throw new ValueError(message);
}

/** `TimeoutError()`, `AggregateError[ValueError(child)]`… like the Python side prints them. */
function describeError(error: unknown): string {
  if (error instanceof AggregateError)
    return `AggregateError[${(error.errors as unknown[]).map(describeError).join(", ")}]`;
  const e = error as Error;
  return `${e.name}(${e.message.startsWith("the deadline") ? "" : e.message})`;
}

describe("races at one virtual instant", () => {
  it("a deadline and a child failure: the deadline (armed first) wins, the child is cancelled before it can fail", async () => {
    const result = await virtual(async () => {
      const r = await settle(
        timeout(10, () =>
          TaskGroup.run(async (tg) => {
            tg.createTask(() => crashAfter(10, "child"));
            await sleep(100);
          }),
        ),
      );
      return `${describeError((r as { error: unknown }).error)} at ${now()} cancelling=${currentTask()?.cancelling()}`;
    });
    expect(result).toBe("TimeoutError() at 10 cancelling=0");
  });

  it("a deadline, a child failure and an outer cancel: the outer cancellation wins", async () => {
    const result = await virtual(async () => {
      const task = createTask(() =>
        timeout(10, () =>
          TaskGroup.run(async (tg) => {
            tg.createTask(() => crashAfter(10, "child"));
            await sleep(100);
          }),
        ),
      );
      await sleep(0);
      getRunningLoop().callLater(10, () => task.cancel("outer"));
      const r = await settle(task);
      return `${(r as { error: Error }).error.name} cancelled=${task.cancelled()} at ${now()}`;
    });
    expect(result).toBe("CancelledError cancelled=true at 10");
  });

  it("a deadline inside the group's body and a child failure: the body's TimeoutError is the group's error", async () => {
    const result = await virtual(async () => {
      const r = await settle(
        TaskGroup.run(async (tg) => {
          tg.createTask(() => crashAfter(10, "child"));
          await timeout(10, () => sleep(100));
        }),
      );
      return `${describeError((r as { error: unknown }).error)} at ${now()} cancelling=${currentTask()?.cancelling()}`;
    });
    expect(result).toBe("AggregateError[TimeoutError()] at 10 cancelling=0");
  });

  it("a child failure and an outer cancel (armed first): the outer cancellation wins", async () => {
    const result = await virtual(async () => {
      const task = createTask(() =>
        TaskGroup.run(async (tg) => {
          tg.createTask(() => crashAfter(10, "child"));
          await sleep(100);
        }),
      );
      getRunningLoop().callLater(10, () => task.cancel("outer"));
      const r = await settle(task);
      const error = (r as { error: Error }).error;
      return `${error.name}(${error.message}) cancelled=${task.cancelled()} at ${now()}`;
    });
    expect(result).toBe("CancelledError(outer) cancelled=true at 10");
  });

  it("an outer cancel while the group handles a child failure: the group throws, the next await is cancelled", async () => {
    const result = await virtual(async () => {
      const log: string[] = [];
      const task = createTask(async () => {
        try {
          await TaskGroup.run(async (tg) => {
            tg.createTask(() => crashAfter(10, "child"));
            await sleep(100);
          });
        } catch (e) {
          log.push(`group: ${describeError(e)} cancelling=${currentTask()?.cancelling()}`);
        }
        try {
          await sleep(1);
          log.push("next sleep ok");
        } catch (e) {
          log.push(`next sleep cancelled at ${now()}`);
          throw e;
        }
      });
      const loop = getRunningLoop();
      loop.callLater(10, () => loop.callSoon(() => task.cancel("outer")));
      const r = await settle(task);
      log.push(`${(r as { error: Error }).error.name} cancelled=${task.cancelled()} at ${now()}`);
      return log;
    });
    expect(result).toEqual([
      "group: AggregateError[ValueError(child)] cancelling=1",
      "next sleep cancelled at 10",
      "CancelledError cancelled=true at 10",
    ]);
  });
});
