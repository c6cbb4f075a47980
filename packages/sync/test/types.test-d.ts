import type { Task } from "@x/task";
import { describe, expectTypeOf, it } from "vitest";
import {
  Barrier,
  BoundedSemaphore,
  CapacityLimiter,
  Condition,
  Event,
  KeyedLimiter,
  LifoQueue,
  Lock,
  type LockStatistics,
  PriorityQueue,
  Queue,
  type Releaser,
  Semaphore,
} from "../src/index.js";

describe("public signatures", () => {
  it("acquire() resolves with a disposable Releaser", () => {
    expectTypeOf(new Lock().acquire()).toEqualTypeOf<Promise<Releaser>>();
    expectTypeOf(new Semaphore(2).acquire({ signal: AbortSignal.timeout(10) })).toEqualTypeOf<
      Promise<Releaser>
    >();
    expectTypeOf(new BoundedSemaphore().acquire()).toEqualTypeOf<Promise<Releaser>>();
    expectTypeOf(new Condition().acquire()).toEqualTypeOf<Promise<Releaser>>();
    expectTypeOf(new CapacityLimiter(1).acquire()).toEqualTypeOf<Promise<Releaser>>();
    expectTypeOf(new KeyedLimiter<string>().acquire("host")).toEqualTypeOf<Promise<Releaser>>();
    expectTypeOf<Releaser>().toMatchTypeOf<Disposable>();
    expectTypeOf<Releaser["release"]>().toEqualTypeOf<() => void>();
    // @ts-expect-error: the key has the limiter's key type
    void new KeyedLimiter<string>().acquire(42);
    // @ts-expect-error: options are an object with a signal
    void new Lock().acquire({ signal: "no" });
  });

  it("run() returns what the callback returns", () => {
    expectTypeOf(new Lock().run(() => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(new Semaphore().run(async () => "s")).toEqualTypeOf<Promise<string>>();
    expectTypeOf(new KeyedLimiter<number>().run(1, async () => true)).toEqualTypeOf<Promise<boolean>>();
  });

  it("waits resolve with asyncio's values", () => {
    expectTypeOf(new Event().wait()).toEqualTypeOf<Promise<true>>();
    expectTypeOf(new Condition().wait()).toEqualTypeOf<Promise<true>>();
    expectTypeOf(new Condition().waitFor(() => "value" as string | undefined)).toEqualTypeOf<
      Promise<string | undefined>
    >();
    expectTypeOf(new Barrier(2).wait()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(new Barrier(2).reset()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(new Barrier(2).abort()).toEqualTypeOf<Promise<void>>();
  });

  it("queues carry their item type, and are async-iterable", () => {
    const queue = new Queue<number>(10);
    expectTypeOf(queue.get()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(queue.getNowait()).toEqualTypeOf<number>();
    expectTypeOf(queue.put(1)).toEqualTypeOf<Promise<void>>();
    expectTypeOf(queue).toMatchTypeOf<AsyncIterable<number>>();
    // @ts-expect-error: a string in a queue of numbers
    void queue.put("x");
    expectTypeOf(new LifoQueue<string>()).toMatchTypeOf<Queue<string>>();
    const pq = new PriorityQueue<[number, string]>(0, { compare: (a, b) => a[0] - b[0] });
    expectTypeOf(pq.getNowait()).toEqualTypeOf<[number, string]>();
    // @ts-expect-error: compare takes two items of the queue's type
    new PriorityQueue<number>(0, { compare: (a: string, b: string) => a.localeCompare(b) });
  });

  it("statistics() are typed records", () => {
    expectTypeOf(new Lock().statistics()).toEqualTypeOf<LockStatistics>();
    expectTypeOf(new Lock().statistics().holder).toEqualTypeOf<Task<unknown> | undefined>();
    expectTypeOf(new Queue().statistics().qsize).toEqualTypeOf<number>();
    expectTypeOf(new KeyedLimiter<string>().statistics().keys).toEqualTypeOf<
      ReadonlyMap<string, { readonly inUse: number; readonly waiters: number }>
    >();
  });
});
