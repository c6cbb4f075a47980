import { type EventLoop, Future } from "@x/loop";

/**
 * A {@link Future} that follows a promise that is not ours. A native promise offers no way to take
 * back a `then`, so every `Promise.race([longLived, …])` leaves one more reaction on `longLived`
 * until it settles (Node issue 17469). Instead, each foreign promise gets one mirror per loop, made on
 * first use and kept in a WeakMap: it subscribes to the promise once, and every `wait`, `asCompleted`
 * or `gather` call adds and removes done callbacks on the mirror, which can be taken back.
 *
 * A mirror cannot be cancelled (the promise it follows cannot be), and a failure it copies is marked
 * retrieved at once: the promise belongs to the caller, who decides whether its rejection matters.
 */
export class MirrorFuture<T = unknown> extends Future<T> {
  /** The promise this future follows. */
  readonly source: PromiseLike<T>;

  constructor(loop: EventLoop, source: PromiseLike<T>) {
    super(loop);
    this.source = source;
  }

  /** A mirror is shared and its promise runs on regardless: it is never cancelled. */
  override cancel(_msg?: string): boolean {
    return false;
  }
}

const mirrors = new WeakMap<object, MirrorFuture>();

/** The mirror of `promise` on `loop`, made (and subscribed to the promise) on first use. */
export function mirrorOf<T>(promise: PromiseLike<T>, loop: EventLoop): MirrorFuture<T> {
  const known = mirrors.get(promise);
  if (known !== undefined && known.getLoop() === loop) return known as MirrorFuture<T>;
  const mirror = new MirrorFuture<T>(loop, promise);
  mirrors.set(promise, mirror as MirrorFuture);
  const fulfil = (value: T): void => {
    if (mirror.done() || loop.isClosed()) return;
    mirror.setResult(value);
  };
  const fail = (error: unknown): void => {
    if (mirror.done() || loop.isClosed()) return;
    mirror.setException(error);
    mirror.exception();
  };
  try {
    void promise.then(fulfil, fail);
  } catch (error) {
    fail(error);
  }
  return mirror;
}
