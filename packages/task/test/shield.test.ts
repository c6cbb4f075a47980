import { type ExceptionContext, getRunningLoop, run, VirtualClock } from "@x/loop";
import { describe, expect, it } from "vitest";
import { createTask, shield, sleep } from "../src/index.js";
import { nameOf, now, settle, virtual } from "./helpers.js";

class MyError extends Error {
  override name = "MyError";
}

describe("shield", () => {
  it("passes the inner's result through", async () => {
    const value = await virtual(() => shield(createTask(() => sleep(10, "inner"))));
    expect(value).toBe("inner");
  });

  it("the inner keeps running when the task awaiting the shield is cancelled", async () => {
    const result = await virtual(async () => {
      const log: string[] = [];
      const inner = createTask(async () => {
        await sleep(100);
        log.push(`inner done at ${now()}`);
        return "saved";
      });
      const outer = createTask(() => shield(inner));
      await sleep(10);
      outer.cancel("stop");
      const r = await settle(outer);
      log.push(
        `outer ${nameOf((r as { error: unknown }).error)} '${((r as { error: Error }).error as Error).message}' at ${now()}`,
      );
      log.push(`inner cancelled: ${inner.cancelled()}`);
      log.push(`inner gives ${await inner}`);
      return log;
    });
    expect(result).toEqual([
      "outer CancelledError 'stop' at 10",
      "inner cancelled: false",
      "inner done at 100",
      "inner gives saved",
    ]);
  });

  it("an inner that is cancelled by other means cancels the outer", async () => {
    const result = await virtual(async () => {
      const inner = createTask(() => sleep(100));
      const outer = shield(inner);
      await sleep(10);
      inner.cancel();
      const r = await settle(outer);
      return { error: nameOf((r as { error: unknown }).error), outerCancelled: outer.cancelled() };
    });
    expect(result).toEqual({ error: "CancelledError", outerCancelled: true });
  });

  it("an inner failure fails the outer", async () => {
    const result = await virtual(async () => {
      const r = await settle(
        shield(async () => {
          await sleep(5);
          throw new MyError("inner");
        }),
      );
      return (r as { error: Error }).error.message;
    });
    expect(result).toBe("inner");
  });

  it("returns an inner that is already done as it is", async () => {
    await virtual(async () => {
      const fut = getRunningLoop().createFuture<number>();
      fut.setResult(1);
      expect(shield(fut)).toBe(fut);
    });
  });

  it("starts a function as a task that a cancellation does not reach", async () => {
    const result = await virtual(async () => {
      let finished = false;
      const outer = createTask(() =>
        shield(async () => {
          await sleep(50);
          finished = true;
        }),
      );
      await sleep(10);
      outer.cancel();
      await settle(outer);
      await sleep(100);
      return finished;
    });
    expect(result).toBe(true);
  });

  it("an inner that fails after the outer was cancelled is reported, as in asyncio", async () => {
    const reports: ExceptionContext[] = [];
    await run(
      async () => {
        getRunningLoop().setExceptionHandler((_loop, context) => {
          reports.push(context);
        });
        const inner = createTask(async () => {
          await sleep(50);
          throw new MyError("nobody listens");
        });
        const outer = shield(inner);
        await sleep(10);
        outer.cancel();
        await sleep(100);
      },
      { clock: new VirtualClock() },
    );
    expect(reports.map((r) => (r.exception as Error).message)).toEqual(["nobody listens"]);
  });

  it("refuses what is not awaitable", () => {
    expect(() => shield(42 as never)).toThrow(TypeError);
  });
});
