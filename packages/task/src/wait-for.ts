import { CancelledError, type Future, getEventLoop, isFuture, TimeoutError } from "@x/loop";
import { createTask } from "@x/loop/task";
import { checkTime, describeValue, isThenable } from "./internal/describe.js";
import { futureOf } from "./internal/future-of.js";
import { timeout } from "./timeout.js";

/**
 * Wait for `aw` for at most `ms` milliseconds: asyncio's `wait_for` (3.12+), built on `timeout()`.
 *
 * - An async function runs in the caller's task, as `await coro` does in asyncio, inside a
 *   `timeout(ms)` scope; a `Future` or `Task` is awaited in that scope, so at the deadline it is
 *   cancelled and `waitFor` waits for it to finish its cleanup before throwing `TimeoutError` (whose
 *   `cause` is the `CancelledError`). If the awaited code catches the cancellation and returns a
 *   value anyway, that value is returned (as in asyncio).
 * - A promise that is not ours cannot be cancelled: `waitFor` stops waiting for it at the deadline and
 *   leaves it running (its outcome is ignored, a later rejection is not reported as unhandled).
 * - With `ms <= 0` the awaitable gets no time at all: a future that is already done gives its result,
 *   anything else is cancelled (a function is never started) and, once it has finished, `TimeoutError`.
 * - With `ms === null` it simply waits.
 *
 * A cancellation of the caller is never turned into a `TimeoutError`, nor swallowed: it cancels the
 * awaited future, and propagates as `CancelledError`.
 *
 * @param aw an async function, a future or task, or a promise.
 * @param ms the time allowed in milliseconds (loop time), or `null` for no limit.
 * @returns what `aw` gives.
 * @throws TimeoutError when the time ran out; whatever `aw` throws.
 * @throws TypeError when `aw` is not awaitable or `ms` is not a number or `null`; RangeError when `ms` is NaN.
 * @example
 * ```ts
 * import { createTask, waitFor } from "@x/task";
 * const download = createTask(() => fetchAll());
 * const pages = await waitFor(download, 30_000); // download is cancelled after 30 s
 * ```
 */
export function waitFor<T>(aw: (() => PromiseLike<T>) | PromiseLike<T>, ms: number | null): Promise<T> {
  if (typeof aw !== "function" && !isThenable(aw)) {
    throw new TypeError(
      `waitFor(aw, ms) expects an async function, a Future or a promise, got ${describeValue(aw)}`,
    );
  }
  checkTime("waitFor(aw, ms)", "ms", ms);
  if (ms !== null && ms <= 0) return noTimeAtAll(aw);
  if (typeof aw === "function") return timeout(ms, () => aw());
  const fut = futureOf(getEventLoop(), aw);
  return timeout(ms, () => fut);
}

/** `ms <= 0`: a finished future gives its outcome; anything else is cancelled, awaited, and times out. */
async function noTimeAtAll<T>(aw: (() => PromiseLike<T>) | PromiseLike<T>): Promise<T> {
  const fut: Future<T> = isFuture(aw)
    ? (aw as Future<T>)
    : typeof aw === "function"
      ? createTask(aw)
      : futureOf(getEventLoop(), aw);
  if (fut.done()) return fut.result();
  await cancelAndWait(fut);
  try {
    return fut.result();
  } catch (error) {
    if (error instanceof CancelledError)
      throw new TimeoutError("waitFor(): no time was allowed", { cause: error });
    throw error;
  }
}

/** Cancel `fut` and wait until it is done, without passing a cancellation of the caller on to it. */
async function cancelAndWait(fut: Future<unknown>): Promise<void> {
  const waiter = fut.getLoop().createFuture<void>();
  const release = (): void => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  fut.addDoneCallback(release);
  try {
    fut.cancel();
    await waiter;
  } finally {
    fut.removeDoneCallback(release);
  }
}
