import { type EventLoop, type Future, isFuture } from "@x/loop";

/**
 * A future that follows `promise`: a promise that is not one of ours cannot be cancelled, but a future
 * that waits for it can, so a deadline can stop the wait (the promise itself runs on, its outcome
 * ignored; a later rejection is not reported as unhandled). A future of ours is returned as it is.
 */
export function futureOf<T>(loop: EventLoop, promise: PromiseLike<T>): Future<T> {
  if (isFuture(promise)) return promise as Future<T>;
  const fut = loop.createFuture<T>();
  promise.then(
    (value) => {
      if (!fut.done()) fut.setResult(value);
    },
    (error: unknown) => {
      if (!fut.done()) fut.setException(error);
    },
  );
  return fut;
}
