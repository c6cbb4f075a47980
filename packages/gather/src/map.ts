import { type EventLoop, type Future, getEventLoop, Waiter } from "@x/loop";
import type { Task } from "@x/task";
import { describe } from "./internal/describe.js";
import { checkBoolean, checkLimit, checkOptions } from "./internal/options.js";

/** Options of {@link map}. */
export interface MapOptions {
  /**
   * At most this many calls run, or wait to be consumed, at once; the source is read only as slots
   * free up. Default: no limit (the whole source is read at the first `next()`).
   */
  limit?: number;
  /** Yield the results in input order (default `true`) or in completion order (`false`). */
  ordered?: boolean;
}

const optionNames = ["limit", "ordered"] as const;

/**
 * Run `fn` on each item of `iterable` as a task, at most `limit` at a time, and iterate over the
 * results: `for await (const r of map(urls, fetchOne, { limit: 8 }))`. Beyond asyncio (it has no
 * counterpart; it is the `p-map` of this library, with cancellation).
 *
 * Nothing starts until the first `next()`. Then items are pulled from `iterable` (sync or async) and
 * each call `fn(item, index)` runs in its own task, while fewer than `limit` calls are running or
 * finished-but-not-yet-consumed: when the consumer stops asking, `map` stops pulling. Results come in
 * input order (`ordered: true`, the default) or as the calls complete (`ordered: false`).
 *
 * When a call fails, `next()` throws its error at the point its result would have come (in order:
 * after the results before it), and the iteration ends. When the iteration ends early — `break` or
 * `return` in the loop, an error, or the consuming task is cancelled while it waits — every call still
 * running is cancelled and awaited, and the source iterator is closed (`return()`), before the loop
 * exits.
 *
 * @param iterable the items: an iterable or an async iterable.
 * @param fn called as `fn(item, index)` in a new task; may return a promise or a value.
 * @returns an async generator of the results.
 * @throws TypeError when `iterable` is not (async) iterable, `fn` is not a function, or an option has
 *   the wrong type; RangeError when `limit` is not a whole number >= 1.
 * @example
 * ```ts
 * import { map } from "@x/gather";
 * for await (const status of map(urls, async (url) => (await fetch(url)).status, { limit: 8 })) {
 *   console.log(status);
 * }
 * ```
 */
export function map<T, R>(
  iterable: Iterable<T> | AsyncIterable<T>,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  options?: MapOptions,
): AsyncGenerator<Awaited<R>, void, undefined> {
  const source = iterable as Partial<Iterable<T> & AsyncIterable<T>> | null | undefined;
  const isAsync = typeof source?.[Symbol.asyncIterator] === "function";
  if (!isAsync && typeof source?.[Symbol.iterator] !== "function") {
    throw new TypeError(`map(iterable, fn) expects an iterable or async iterable, got ${describe(iterable)}`);
  }
  if (typeof fn !== "function") {
    throw new TypeError(`map(iterable, fn) expects fn to be a function, got ${describe(fn)}`);
  }
  const opts = checkOptions("map()", options, optionNames);
  const limit = checkLimit("map()", opts.limit);
  const ordered = checkBoolean("map()", "ordered", opts.ordered, true);
  return mapInTasks(iterable, isAsync, fn, limit, ordered) as AsyncGenerator<Awaited<R>, void, undefined>;
}

async function* mapInTasks<T, R>(
  iterable: Iterable<T> | AsyncIterable<T>,
  isAsync: boolean,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  limit: number,
  ordered: boolean,
): AsyncGenerator<R, void, undefined> {
  const loop: EventLoop = getEventLoop();
  const source: Iterator<T> | AsyncIterator<T> = isAsync
    ? (iterable as AsyncIterable<T>)[Symbol.asyncIterator]()
    : (iterable as Iterable<T>)[Symbol.iterator]();
  const running = new Set<Task<R>>();
  /** Finished calls not consumed yet: by index when ordered, in completion order otherwise. */
  const finishedByIndex = new Map<number, Task<R>>();
  const finishedInOrder: Task<R>[] = [];
  let nextIndex = 0;
  let nextToYield = 0;
  let exhausted = false;
  let wakeUp: Waiter<void> | undefined;

  const finishedCount = (): number => (ordered ? finishedByIndex.size : finishedInOrder.length);
  const takeFinished = (): Task<R> | undefined => {
    if (!ordered) return finishedInOrder.shift();
    const task = finishedByIndex.get(nextToYield);
    if (task === undefined) return undefined;
    finishedByIndex.delete(nextToYield++);
    return task;
  };
  const start = (item: T): void => {
    const index = nextIndex++;
    const task = loop.createTask(() => fn(item, index) as PromiseLike<R>);
    running.add(task);
    task.addDoneCallback((t: Future<R>) => {
      if (!running.delete(task)) return;
      if (ordered) finishedByIndex.set(index, t as Task<R>);
      else finishedInOrder.push(t as Task<R>);
      wakeUp?.resolve();
      wakeUp = undefined;
    });
  };

  /** Start calls while slots are free (a finished call not consumed yet holds its slot). */
  const hasSlot = (): boolean => !exhausted && running.size + finishedCount() < limit;
  const fill = (): void => {
    while (hasSlot()) {
      const step = (source as Iterator<T>).next();
      if (step.done) exhausted = true;
      else start(step.value);
    }
  };
  const fillAsync = async (): Promise<void> => {
    while (hasSlot()) {
      const step = await (source as AsyncIterator<T>).next();
      if (step.done) exhausted = true;
      else start(step.value);
    }
  };

  try {
    for (;;) {
      const finished = takeFinished();
      if (finished !== undefined) {
        const value = finished.result();
        // Refill the slot this result frees before handing it over, so the calls keep running
        // while the consumer works; then nothing more is pulled until it asks again.
        if (isAsync) await fillAsync();
        else fill();
        yield value;
        continue;
      }
      if (isAsync) await fillAsync();
      else fill();
      if (exhausted && running.size === 0 && finishedCount() === 0) return;
      if (finishedCount() > 0 && (!ordered || finishedByIndex.has(nextToYield))) continue;
      wakeUp = new Waiter<void>(loop);
      await wakeUp.promise;
    }
  } finally {
    wakeUp = undefined;
    // Results nobody will consume: their failures are dropped, not reported.
    for (const task of [...finishedByIndex.values(), ...finishedInOrder]) {
      if (!task.cancelled()) task.exception();
    }
    const stopped = cancelAll(loop, running);
    try {
      if (!exhausted) {
        exhausted = true;
        const closing = source.return?.();
        if (isAsync) await closing;
      }
    } finally {
      await stopped;
    }
  }
}

/** Cancel the tasks and wait until every one is done; their outcomes are dropped. */
async function cancelAll(loop: EventLoop, tasks: Set<Task<unknown>>): Promise<void> {
  if (tasks.size === 0) return;
  const all = loop.createFuture<void>();
  let left = tasks.size;
  const oneDone = (t: Future<unknown>): void => {
    if (!t.cancelled()) t.exception();
    if (--left === 0) all.setResult(undefined);
  };
  for (const task of tasks) {
    task.addDoneCallback(oneDone);
    task.cancel();
  }
  tasks.clear();
  await all;
}
