import { getRunningLoop } from "@x/loop";
import { describe, expect, it } from "vitest";
import { createTask, ensureFuture, sleep, Task } from "../src/index.js";
import { virtual } from "./helpers.js";

describe("ensureFuture", () => {
  it("returns a future or a task as it is", async () => {
    await virtual(async () => {
      const fut = getRunningLoop().createFuture<number>();
      expect(ensureFuture(fut)).toBe(fut);
      const task = createTask(() => sleep(1));
      expect(ensureFuture(task)).toBe(task);
      fut.setResult(1);
      await task;
    });
  });

  it("starts an async function as a task on a later iteration", async () => {
    const log = await virtual(async () => {
      const events: string[] = [];
      const task = ensureFuture(async () => {
        events.push("started");
        return 7;
      });
      events.push(`is a task: ${task instanceof Task}`);
      events.push(`value ${await task}`);
      return events;
    });
    expect(log).toEqual(["is a task: true", "started", "value 7"]);
  });

  it("wraps any other awaitable in a task", async () => {
    const result = await virtual(async () => {
      const thenable: PromiseLike<string> = {
        // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable is the point of the test.
        then(onFulfilled, onRejected) {
          return Promise.resolve("thenable").then(onFulfilled, onRejected);
        },
      };
      const a = ensureFuture(Promise.resolve(1));
      const b = ensureFuture(thenable);
      return [a instanceof Task, await a, b instanceof Task, await b];
    });
    expect(result).toEqual([true, 1, true, "thenable"]);
  });

  it("refuses what is not awaitable", () => {
    expect(() => ensureFuture(42 as never)).toThrow(TypeError);
    expect(() => ensureFuture({} as never)).toThrow(
      /expects a Future, an async function or a promise, got an object/,
    );
  });
});
