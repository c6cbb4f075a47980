import {
  type EventLoop,
  type Future,
  getEventLoop,
  type Handle,
  run,
  type TimerHandle,
  Waiter,
} from "@x/loop";
import { createTask, sleep, type Task } from "@x/loop/task";
import { describe, expectTypeOf, it } from "vitest";

describe("public signatures", () => {
  it("run returns the main function's type", () => {
    expectTypeOf(run(async () => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(run(async () => "s", { debug: true })).toEqualTypeOf<Promise<string>>();
    // @ts-expect-error: a promise where the function belongs
    void run(Promise.resolve(1));
  });

  it("createTask keeps the result type, from a function or a promise", () => {
    expectTypeOf(createTask(async () => 1)).toEqualTypeOf<Task<number>>();
    expectTypeOf(createTask(Promise.resolve("x"))).toEqualTypeOf<Task<string>>();
    expectTypeOf(createTask(async () => 1, { name: "n", eager: true })).toEqualTypeOf<Task<number>>();
    // @ts-expect-error: not a function or promise
    createTask(42);
  });

  it("sleep resolves with its value", () => {
    expectTypeOf(sleep(1)).toEqualTypeOf<Promise<void>>();
    expectTypeOf(sleep(1, "v")).toEqualTypeOf<Promise<string>>();
  });

  it("futures and tasks are promises of their result", () => {
    const loop: EventLoop = getEventLoop();
    const fut = loop.createFuture<number>();
    expectTypeOf(fut).toMatchTypeOf<Promise<number>>();
    expectTypeOf(fut.result()).toEqualTypeOf<number>();
    expectTypeOf<Task<string>>().toMatchTypeOf<Future<string>>();
    expectTypeOf(loop.callSoon((a: number, b: string) => a + b, 1, "x")).toEqualTypeOf<Handle>();
    expectTypeOf(loop.callLater(5, () => {})).toEqualTypeOf<TimerHandle>();
    // @ts-expect-error: the arguments must match the callback
    loop.callSoon((a: number) => a, "not a number");
    expectTypeOf(new Waiter<number>(loop).promise).toEqualTypeOf<Promise<number>>();
  });
});
