import type { Future } from "@x/loop";
import { ensureFuture } from "./ensure-future.js";

/**
 * Wait for `aw` without letting a cancellation reach it: asyncio's `shield`.
 *
 * `aw` becomes a future (see `ensureFuture`: an async function starts as a task) — the *inner* — and
 * `shield` returns a new future — the *outer* — that follows it. Cancelling the outer (as happens when
 * the task awaiting it is cancelled) does not cancel the inner: it keeps running, and its outcome is
 * dropped (a failure of the inner after that is reported through the loop's exception handler, as in
 * asyncio). If the inner is cancelled by other means, the outer is cancelled too. When `aw` is already
 * done, it is returned as it is.
 *
 * @param aw a future, an async function, or a promise.
 * @returns the outer future (or `aw` when it is already done).
 * @throws TypeError when `aw` is not awaitable.
 * @example
 * ```ts
 * import { createTask, shield } from "@x/task";
 * const save = createTask(() => db.commit());
 * try {
 *   await shield(save); // cancelling us does not interrupt the commit
 * } finally {
 *   if (!save.done()) console.log("commit continues in the background");
 * }
 * ```
 */
export function shield<T>(aw: (() => PromiseLike<T>) | PromiseLike<T>): Future<T> {
  const inner = ensureFuture(aw) as Future<T>;
  if (inner.done()) return inner;
  const outer = inner.getLoop().createFuture<T>();
  const onInnerDone = (): void => {
    if (outer.cancelled()) {
      // Nobody waits any more: mark a failure as retrieved, as asyncio does.
      if (!inner.cancelled()) inner.exception();
      return;
    }
    if (inner.cancelled()) {
      outer.cancel();
      return;
    }
    let value: T;
    try {
      value = inner.result();
    } catch (error) {
      outer.setException(error);
      return;
    }
    outer.setResult(value);
  };
  const onOuterDone = (): void => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(onOuterDone);
  return outer;
}
