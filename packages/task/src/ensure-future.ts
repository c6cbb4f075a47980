import { type Future, isFuture } from "@x/loop";
import { createTask, type Task } from "@x/loop/task";
import { describeValue, isThenable } from "./internal/describe.js";

/**
 * Turn `aw` into a future: asyncio's `ensure_future`.
 *
 * A `Future` (a `Task` included) is returned as it is; an async function is started as a new task
 * (`createTask`, on a later loop iteration); any other awaitable (a promise, a thenable) becomes a
 * task that awaits it, as asyncio wraps awaitables. Note that a task wrapping a promise that is not
 * ours cannot stop that promise: cancelling the task takes effect when the promise settles.
 *
 * @param aw a future, an async function, or a promise.
 * @returns `aw` itself when it is a future, else a new {@link Task}.
 * @throws TypeError when `aw` is none of these.
 * @example
 * ```ts
 * import { ensureFuture } from "@x/task";
 * const task = ensureFuture(fetch("https://example.com")); // a Task<Response>
 * task.addDoneCallback(() => console.log("fetched"));
 * ```
 */
export function ensureFuture<F extends Future<unknown>>(aw: F): F;
export function ensureFuture<T>(aw: (() => PromiseLike<T>) | PromiseLike<T>): Task<T>;
export function ensureFuture<T>(aw: (() => PromiseLike<T>) | PromiseLike<T>): Future<T> {
  if (isFuture(aw)) return aw as Future<T>;
  if (typeof aw === "function" || isThenable(aw)) return createTask(aw);
  throw new TypeError(
    `ensureFuture(aw) expects a Future, an async function or a promise, got ${describeValue(aw)}`,
  );
}
