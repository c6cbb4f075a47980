import type { Future } from "@x/loop";
import { describe, expectTypeOf, it } from "vitest";
import {
  currentDeadline,
  ensureFuture,
  moveOnAfter,
  shield,
  type Task,
  TaskGroup,
  Timeout,
  timeout,
  timeoutAt,
  waitFor,
} from "../src/index.js";

describe("public signatures", () => {
  it("TaskGroup.run returns the body's type, tg.createTask a Task of the function's", () => {
    expectTypeOf(TaskGroup.run(async () => 42)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(TaskGroup.run(async () => "s" as const)).toEqualTypeOf<Promise<"s">>();
    expectTypeOf(new TaskGroup().run(async () => [1, "a"] as [number, string])).toEqualTypeOf<
      Promise<[number, string]>
    >();
    void TaskGroup.run(async (tg) => {
      expectTypeOf(tg).toEqualTypeOf<TaskGroup>();
      expectTypeOf(tg.createTask(async () => 1)).toEqualTypeOf<Task<number>>();
      expectTypeOf(tg.createTask(Promise.resolve("x"), { name: "n", eager: true })).toEqualTypeOf<
        Task<string>
      >();
      expectTypeOf(tg.cancel()).toEqualTypeOf<void>();
    });
    // @ts-expect-error the body must be a function
    void TaskGroup.run(Promise.resolve(1));
  });

  it("timeout, timeoutAt and moveOnAfter keep the body's type and give it the Timeout", () => {
    expectTypeOf(timeout(10, async () => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(timeout(null, async () => "a")).toEqualTypeOf<Promise<string>>();
    expectTypeOf(timeoutAt(10, async () => true)).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(moveOnAfter(10, async () => 1)).toEqualTypeOf<Promise<number | undefined>>();
    void timeout(10, async (t) => {
      expectTypeOf(t).toEqualTypeOf<Timeout>();
      expectTypeOf(t.when()).toEqualTypeOf<number | null>();
      expectTypeOf(t.expired()).toEqualTypeOf<boolean>();
      expectTypeOf(t.reschedule).parameters.toEqualTypeOf<[number | null]>();
    });
    expectTypeOf(new Timeout(5).run(async () => 1n)).toEqualTypeOf<Promise<bigint>>();
    // @ts-expect-error the delay is a number or null
    void timeout("10", async () => 1);
  });

  it("waitFor keeps T for functions, promises and futures", () => {
    expectTypeOf(waitFor(async () => 1, 10)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(waitFor(Promise.resolve("x"), null)).toEqualTypeOf<Promise<string>>();
    expectTypeOf(waitFor({} as Future<Date>, 5)).toEqualTypeOf<Promise<Date>>();
    expectTypeOf(waitFor({} as Task<boolean>, 5)).toEqualTypeOf<Promise<boolean>>();
  });

  it("shield keeps T and returns a Future", () => {
    expectTypeOf(shield({} as Task<number>)).toEqualTypeOf<Future<number>>();
    expectTypeOf(shield(async () => "x")).toEqualTypeOf<Future<string>>();
  });

  it("ensureFuture returns a future as it is, and a Task for anything else", () => {
    expectTypeOf(ensureFuture({} as Future<number>)).toEqualTypeOf<Future<number>>();
    expectTypeOf(ensureFuture({} as Task<string>)).toEqualTypeOf<Task<string>>();
    expectTypeOf(ensureFuture(async () => 1)).toEqualTypeOf<Task<number>>();
    expectTypeOf(ensureFuture(Promise.resolve(true))).toEqualTypeOf<Task<boolean>>();
  });

  it("currentDeadline is a number", () => {
    expectTypeOf(currentDeadline()).toEqualTypeOf<number>();
  });
});
