import { type EventLoop, type Future, getEventLoop, type TimerHandle } from "@x/loop";
import type { Awaitable, Started } from "./awaitable.js";
import { describe } from "./internal/describe.js";
import { futureOf, sourceOf, toList } from "./internal/inputs.js";
import { checkOptions, checkTimeout } from "./internal/options.js";
import { failedWithException } from "./internal/outcome.js";
import { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, type ReturnWhen } from "./return-when.js";

/** Options of {@link wait}. */
export interface WaitOptions {
  /** Milliseconds (on the loop's clock) after which `wait` returns anyway; nothing is cancelled. */
  timeout?: number | null;
  /** When to return: {@link FIRST_COMPLETED}, {@link FIRST_EXCEPTION} or {@link ALL_COMPLETED} (default). */
  returnWhen?: ReturnWhen;
}

const optionNames = ["timeout", "returnWhen"] as const;
const returnWhens: readonly unknown[] = [FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED];

/**
 * Wait until awaitables are done, or until the first one completes or fails: asyncio's `wait`.
 *
 * Resolves with `[done, pending]`: two sets of the awaitables as passed (futures, tasks, promises),
 * with the task that runs each function in place of the function (functions are started as tasks, so
 * that asyncio code passing tasks ports one to one). `wait` never raises the awaitables' errors, and
 * never cancels anything: on `timeout` it simply returns with the unfinished ones in `pending`, as
 * asyncio does. Cancelling the task that waits cancels only the wait.
 *
 * When it returns, `wait` has taken back every callback it registered, so an awaitable passed to many
 * `wait` calls (a long-lived future, or a promise: see the package README) keeps nothing of the calls
 * that returned — unlike `Promise.race`, which leaves a reaction on each promise until it settles.
 *
 * @param aws a non-empty iterable of promises, futures, tasks or async functions.
 * @param options `timeout` in milliseconds; `returnWhen`.
 * @returns the `[done, pending]` sets.
 * @throws TypeError when `aws` is not an iterable of awaitables or an option has the wrong type;
 *   RangeError when `aws` is empty (as asyncio's ValueError), `timeout` is NaN or `returnWhen` is unknown.
 * @example
 * ```ts
 * import { FIRST_COMPLETED, wait } from "@x/gather";
 * import { createTask, sleep } from "@x/task";
 * const slow = createTask(() => sleep(1000, "slow"));
 * const fast = createTask(() => sleep(10, "fast"));
 * const [done, pending] = await wait([slow, fast], { returnWhen: FIRST_COMPLETED });
 * // done: {fast}, pending: {slow}
 * ```
 */
export function wait<A extends Awaitable>(
  aws: Iterable<A>,
  options?: WaitOptions,
): Promise<[done: Set<Started<A>>, pending: Set<Started<A>>]> {
  const items = toList("wait()", aws);
  const opts = checkOptions("wait()", options, optionNames);
  const timeout = checkTimeout("wait()", opts.timeout);
  const returnWhen = opts.returnWhen ?? ALL_COMPLETED;
  if (!returnWhens.includes(returnWhen)) {
    const what = typeof returnWhen === "string" ? JSON.stringify(returnWhen) : describe(returnWhen);
    throw new (typeof returnWhen === "string" ? RangeError : TypeError)(
      `wait(): options.returnWhen must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got ${what}`,
    );
  }
  if (items.length === 0) throw new RangeError("wait(): the set of awaitables is empty");
  const loop = getEventLoop();
  const futures = new Set<Future<unknown>>();
  for (const item of items) {
    futures.add(
      typeof item === "function"
        ? loop.createTask(item as () => PromiseLike<unknown>)
        : futureOf(item as PromiseLike<unknown>, loop),
    );
  }
  return waitFor(loop, futures, timeout, returnWhen as ReturnWhen) as Promise<
    [done: Set<Started<A>>, pending: Set<Started<A>>]
  >;
}

async function waitFor(
  loop: EventLoop,
  futures: Set<Future<unknown>>,
  timeout: number | undefined,
  returnWhen: ReturnWhen,
): Promise<[Set<unknown>, Set<unknown>]> {
  const waiter = loop.createFuture<void>();
  let counter = futures.size;
  let timer: TimerHandle | undefined;
  const release = (): void => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  const onCompletion = (fut: Future<unknown>): void => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && failedWithException(fut))
    ) {
      release();
    }
  };
  if (timeout !== undefined) timer = loop.callLater(timeout, release);
  for (const fut of futures) fut.addDoneCallback(onCompletion);
  try {
    await waiter;
  } finally {
    timer?.cancel();
    for (const fut of futures) fut.removeDoneCallback(onCompletion);
  }
  const done = new Set<unknown>();
  const pending = new Set<unknown>();
  for (const fut of futures) (fut.done() ? done : pending).add(sourceOf(fut));
  return [done, pending];
}
