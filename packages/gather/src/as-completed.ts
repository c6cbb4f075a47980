import { getEventLoop } from "@x/loop";
import type { Awaitable, AwaitableResult, Started } from "./awaitable.js";
import { Completions } from "./internal/completions.js";
import { toList } from "./internal/inputs.js";
import { checkLimit, checkOptions, checkTimeout } from "./internal/options.js";

/** Options of {@link asCompleted}. */
export interface AsCompletedOptions {
  /**
   * Milliseconds (on the loop's clock) after which the awaits still pending, and every later one,
   * throw `TimeoutError`. Nothing is cancelled. `null` or absent: no timeout.
   */
  timeout?: number | null;
  /**
   * At most this many of the tasks started from functions run at once; the rest start, in input
   * order, as running ones finish (beyond asyncio). Default: no limit.
   */
  limit?: number;
}

/**
 * What {@link asCompleted} returns: iterate it with `for … of` to get one awaitable per input that
 * resolves in completion order, or with `for await … of` to get the inputs themselves (a function's
 * task) as they complete. Both ways share one count. Leaving either loop early (`break`, `return`, an
 * exception) takes back every callback the iteration registered.
 */
export interface AsCompleted<T, S> extends Iterable<Promise<T>>, AsyncIterable<S> {
  /** Iterate with `for … of`: one awaitable per input, resolving in completion order. */
  [Symbol.iterator](): IterableIterator<Promise<T>>;
  /** Iterate with `for await … of`: the inputs themselves (a function's task) as they complete. */
  [Symbol.asyncIterator](): AsyncIterableIterator<S>;
  /** End the iteration early: what `break` does (detach every callback, start nothing more). */
  close(): void;
}

const optionNames = ["timeout", "limit"] as const;

/**
 * Iterate over awaitables in the order they complete: asyncio's `as_completed` (Python 3.13).
 *
 * `for (const next of asCompleted(aws)) { const value = await next; }` — each `next` resolves with
 * the result (or throws the error) of the next awaitable to complete. `for await (const t of
 * asCompleted(aws))` yields the awaitables themselves as they complete: futures, tasks and promises as
 * passed, and for each function the task that runs it. Functions are started as tasks; an awaitable
 * passed twice counts once.
 *
 * Each awaitable takes its completion when it is awaited, as asyncio's coroutines do (so awaits are
 * served in the order they happen), except that one handed out while a completion is already waiting
 * is bound to it at once. With `timeout`, the awaits still pending when it passes, and the later ones,
 * throw `TimeoutError`; nothing is cancelled, as in asyncio. Cancelling the task that waits in an
 * `await next` cancels only that wait: the completion it would have received goes to the next await.
 *
 * Differences from asyncio: leaving the loop early (`break`, `return`, an exception) takes back every
 * callback the iteration registered, so an awaitable that lives long keeps nothing of it (asyncio keeps
 * them until the awaitables complete); an await still pending then fails with `InvalidStateError`. In
 * a `for await` loop, a cancelled wait ends the iteration the same way (JavaScript does not call
 * `return()` when `next()` fails). Beyond asyncio, `limit` bounds how many tasks from functions run at
 * once; those not started when the iteration ends early or times out never start.
 *
 * @param aws an iterable (array, set, generator…) of promises, futures, tasks or async functions.
 * @returns an object that is both iterable (awaitables of results) and async iterable (the inputs).
 * @throws TypeError when `aws` is not an iterable of awaitables, or an option has the wrong type;
 *   RangeError when `timeout` is NaN or `limit` is not a whole number >= 1.
 * @example
 * ```ts
 * import { asCompleted } from "@x/gather";
 * import { sleep } from "@x/task";
 * const jobs = [300, 100, 200].map((ms) => () => sleep(ms, ms));
 * for (const next of asCompleted(jobs, { timeout: 1000 })) {
 *   console.log(await next); // 100, 200, 300
 * }
 * ```
 */
export function asCompleted<A extends Awaitable>(
  aws: Iterable<A>,
  options?: AsCompletedOptions,
): AsCompleted<AwaitableResult<A>, Started<A>> {
  const items = toList("asCompleted()", aws);
  const opts = checkOptions("asCompleted()", options, optionNames);
  const timeout = checkTimeout("asCompleted()", opts.timeout);
  const limit = checkLimit("asCompleted()", opts.limit);
  return new AsCompletedIteration(new Completions(getEventLoop(), items, timeout, limit));
}

class AsCompletedIteration<T, S> implements AsCompleted<T, S> {
  readonly #state: Completions;

  constructor(state: Completions) {
    this.#state = state;
  }

  [Symbol.iterator](): IterableIterator<Promise<T>> {
    const state = this.#state;
    const iterator: IterableIterator<Promise<T>> = {
      next(): IteratorResult<Promise<T>> {
        if (!state._take()) return { done: true, value: undefined };
        const ready = state._nextReady() as Promise<T> | undefined;
        return { done: false, value: ready ?? new NextCompleted<T>(state) };
      },
      return(): IteratorResult<Promise<T>> {
        state.close();
        return { done: true, value: undefined };
      },
      [Symbol.iterator](): IterableIterator<Promise<T>> {
        return iterator;
      },
    };
    return iterator;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<S> {
    const state = this.#state;
    const iterator: AsyncIterableIterator<S> = {
      next(): Promise<IteratorResult<S>> {
        if (!state._take()) return Promise.resolve({ done: true, value: undefined });
        return state._nextSource() as Promise<IteratorResult<S>>;
      },
      return(): Promise<IteratorResult<S>> {
        state.close();
        return Promise.resolve({ done: true, value: undefined });
      },
      [Symbol.asyncIterator](): AsyncIterableIterator<S> {
        return iterator;
      },
    };
    return iterator;
  }

  close(): void {
    this.#state.close();
  }
}

/**
 * One awaitable of the iterable form, handed out when no completion was waiting: it takes its
 * completion when first awaited (as asyncio's coroutine does), so awaits are served in the order they
 * happen, and cancelling the task that awaits it cancels only that wait. Awaiting it again gives the
 * same outcome.
 */
class NextCompleted<T> implements Promise<T> {
  readonly #state: Completions;
  #promise: Promise<T> | undefined = undefined;

  constructor(state: Completions) {
    this.#state = state;
  }

  get [Symbol.toStringTag](): string {
    return "NextCompleted";
  }

  // biome-ignore lint/suspicious/noThenProperty: an awaitable by design, like asyncio's coroutine.
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#promise ??= this.#state._nextResult() as Promise<T>;
    return this.#promise.then(onFulfilled, onRejected);
  }

  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onFinally);
  }
}
