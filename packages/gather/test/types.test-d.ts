import type { Future } from "@x/loop";
import type { Task } from "@x/task";
import { describe, expectTypeOf, it } from "vitest";
import {
  type AsCompleted,
  asCompleted,
  FIRST_COMPLETED,
  gather,
  map,
  type ReturnWhen,
  wait,
} from "../src/index.js";

declare const n: Promise<number>;
declare const s: Task<string>;
declare const b: Future<boolean>;
declare const job: () => Promise<bigint>;
declare const list: Promise<number>[];

describe("gather's types", () => {
  it("gives a tuple of the results for separate awaitables", () => {
    expectTypeOf(gather(n, s)).toEqualTypeOf<Future<[number, string]>>();
    expectTypeOf(gather(n, s)).toMatchTypeOf<Promise<[number, string]>>();
    expectTypeOf(gather(n, s, b, job)).toEqualTypeOf<Future<[number, string, boolean, bigint]>>();
    expectTypeOf(gather()).toEqualTypeOf<Future<[]>>();
  });

  it("keeps the tuple when the options come last", () => {
    expectTypeOf(gather(n, job, { limit: 2 })).toEqualTypeOf<Future<[number, bigint]>>();
    expectTypeOf(gather(n, job, { returnExceptions: false })).toEqualTypeOf<Future<[number, bigint]>>();
    expectTypeOf(gather(n, job, { returnExceptions: true })).toEqualTypeOf<
      Future<[number | Error, bigint | Error]>
    >();
  });

  it("gives a tuple for an array literal and an array for an array or iterable", () => {
    expectTypeOf(gather([n, s])).toEqualTypeOf<Future<[number, string]>>();
    expectTypeOf(gather([n, s], { returnExceptions: true })).toEqualTypeOf<
      Future<[number | Error, string | Error]>
    >();
    expectTypeOf(gather(list)).toEqualTypeOf<Future<number[]>>();
    expectTypeOf(gather(new Set([job]))).toEqualTypeOf<Future<bigint[]>>();
    expectTypeOf(gather(new Set([job]), { returnExceptions: true })).toEqualTypeOf<
      Future<(bigint | Error)[]>
    >();
  });

  it("refuses what is not awaitable and functions that take arguments", () => {
    // @ts-expect-error a number is not awaitable
    gather(n, 5);
    // @ts-expect-error a function with a parameter cannot be started as a task
    gather((x: number) => Promise.resolve(x));
    // @ts-expect-error an unknown option
    gather(n, { retryExceptions: true });
  });
});

describe("asCompleted's types", () => {
  it("yields promises of the results, and the started awaitables asynchronously", () => {
    const iteration = asCompleted([n, job]);
    expectTypeOf(iteration).toEqualTypeOf<AsCompleted<number | bigint, Promise<number> | Task<bigint>>>();
    for (const next of iteration) expectTypeOf(next).toEqualTypeOf<Promise<number | bigint>>();
    async () => {
      for await (const done of asCompleted([s, job]))
        expectTypeOf(done).toEqualTypeOf<Task<string> | Task<bigint>>();
    };
  });
});

describe("wait's types", () => {
  it("returns sets of the started awaitables", () => {
    expectTypeOf(wait([s, job], { returnWhen: FIRST_COMPLETED })).toEqualTypeOf<
      Promise<[done: Set<Task<string> | Task<bigint>>, pending: Set<Task<string> | Task<bigint>>]>
    >();
    expectTypeOf(FIRST_COMPLETED).toMatchTypeOf<ReturnWhen>();
    // @ts-expect-error an unknown returnWhen
    void wait([s], { returnWhen: "FIRST" });
  });
});

describe("map's types", () => {
  it("iterates over the awaited results of fn", () => {
    expectTypeOf(map([1, 2], async (x: number, i: number) => `${x}${i}`)).toEqualTypeOf<
      AsyncGenerator<string, void, undefined>
    >();
    expectTypeOf(map([1], (x) => x * 2)).toEqualTypeOf<AsyncGenerator<number, void, undefined>>();
  });
});
