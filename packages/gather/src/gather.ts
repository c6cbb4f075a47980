import { type Future, getEventLoop } from "@x/loop";
import type { Awaitable, AwaitableResult } from "./awaitable.js";
import { GatheringFuture } from "./internal/gathering-future.js";
import { checkAwaitables, isList, type TaskFunction } from "./internal/inputs.js";
import { checkBoolean, checkLimit, checkOptions, isPlainObject } from "./internal/options.js";

/** Options of {@link gather}. */
export interface GatherOptions {
  /**
   * Put each failure (and each child's `CancelledError`) in the results, at its position, instead of
   * failing `gather` with the first one. It never hides a cancellation of `gather` itself.
   */
  returnExceptions?: boolean;
  /**
   * At most this many of the functions run at once (beyond asyncio): `limit` worker tasks call them
   * in input order, each calling the next one as soon as its current one finishes. Promises, futures
   * and tasks passed in already run and take no slot. Default: no limit (a task per function).
   */
  limit?: number;
}

/** {@link GatherOptions} where failures fail `gather` (the default). */
export type GatherOptionsRaising = GatherOptions & {
  /** `false` or absent: the first failure fails `gather`. */
  returnExceptions?: false;
};

/** The results of gathering the awaitables `A`, position by position. */
export type GatherResults<A extends readonly unknown[]> = { -readonly [K in keyof A]: AwaitableResult<A[K]> };

/** The results of gathering `A` with `returnExceptions`: each position holds a value or an error. */
export type GatherSettled<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: AwaitableResult<A[K]> | Error;
};

const optionNames = ["returnExceptions", "limit"] as const;

/**
 * Run awaitables concurrently and collect their results in input order: asyncio's `gather`.
 *
 * Each function is started as a task on the running loop (else the default loop); promises are
 * awaited; futures and tasks are used as they are (one that appears twice is waited for once, and
 * its result fills both positions). The first failure fails `gather` while the other children keep
 * running; with `returnExceptions: true` failures are returned in place of results instead.
 *
 * The result is a `Future` that behaves as asyncio's `_GatheringFuture`: `cancel(msg)` cancels every
 * child that is not done (and returns `false` when `gather` is already done), and `gather` then fails
 * with `CancelledError` even with `returnExceptions`. A task that awaits `gather(…)` and is cancelled
 * cancels it, and with it every child. A child that is cancelled by someone else fails `gather` with
 * that `CancelledError` (`gather` is not itself "cancelled", and neither is the caller). A promise
 * cannot be cancelled: `gather` stops waiting for it and counts it as cancelled.
 *
 * Call shapes: `gather(a, b, c)`, `gather(a, b, c, options)` (a trailing plain object is the options)
 * and `gather(list, options?)` where `list` is one array or other iterable — the form for long lists,
 * since JavaScript engines refuse to spread more than about 120,000 arguments.
 *
 * Beyond asyncio, `limit` bounds how many functions run at once. The functions then run inside
 * `limit` worker tasks, one after another in each (so `currentTask()` in a function is its worker),
 * rather than in a task each: a pool of workers costs far less than a task per queued job. Once
 * `gather` has failed or been cancelled, no further function is called.
 *
 * @param aws the awaitables: promises, futures, tasks, or async functions to run as tasks.
 * @returns a `Future` of the results, in input order; typed as a tuple for a fixed list.
 * @throws TypeError when an item is neither awaitable nor a function (asyncio refuses them too), or
 *   an option has the wrong type; RangeError when `limit` is not a whole number >= 1.
 * @example
 * ```ts
 * import { gather } from "@x/gather";
 * import { sleep } from "@x/task";
 * const [a, b] = await gather(
 *   async () => { await sleep(10); return 1; },
 *   fetch("https://example.com").then((r) => r.status),
 * ); // [1, 200]: number, number
 * ```
 */
export function gather<const A extends readonly Awaitable[]>(...aws: A): Future<GatherResults<A>>;
export function gather<const A extends readonly Awaitable[]>(
  ...args: [...aws: A, options: GatherOptionsRaising]
): Future<GatherResults<A>>;
export function gather<const A extends readonly Awaitable[]>(
  ...args: [...aws: A, options: GatherOptions]
): Future<GatherSettled<A>>;
export function gather<const A extends readonly Awaitable[]>(
  aws: A,
  options?: GatherOptionsRaising,
): Future<GatherResults<A>>;
export function gather<const A extends readonly Awaitable[]>(
  aws: A,
  options: GatherOptions,
): Future<GatherSettled<A>>;
export function gather<A extends Awaitable>(
  aws: Iterable<A>,
  options?: GatherOptionsRaising,
): Future<AwaitableResult<A>[]>;
export function gather<A extends Awaitable>(
  aws: Iterable<A>,
  options: GatherOptions,
): Future<(AwaitableResult<A> | Error)[]>;
export function gather(...args: unknown[]): Future<unknown[]> {
  let items: readonly unknown[] = args;
  let options: unknown;
  const last = args[args.length - 1];
  if (args.length > 0 && isPlainObject(last)) {
    options = last;
    items = args.slice(0, -1);
  }
  if (items.length === 1 && isList(items[0])) {
    const list = items[0];
    items = Array.isArray(list) ? list : Array.from(list);
  } else if (items.length > 1) {
    const i = items.findIndex(isList);
    if (i >= 0) {
      throw new TypeError(
        `gather(): item ${i} is a list among other awaitables; pass either one list or the awaitables themselves`,
      );
    }
  }
  const opts = checkOptions("gather()", options, optionNames);
  const returnExceptions = checkBoolean("gather()", "returnExceptions", opts.returnExceptions, false);
  const limit = checkLimit("gather()", opts.limit);
  const allFunctions = checkAwaitables("gather()", items);
  const outer = new GatheringFuture<unknown[]>(getEventLoop(), returnExceptions, limit);
  if (allFunctions && limit !== Number.POSITIVE_INFINITY) outer._beginPool(items as readonly TaskFunction[]);
  else outer._begin(items);
  return outer;
}
