import { type ClockHold, type EventLoop, VirtualClock, Waiter } from "@x/loop";

/** Whether `loop` reads a `VirtualClock` (whose jumps a network wait must hold back). */
export function hasVirtualClock(loop: EventLoop): boolean {
  return loop.clock instanceof VirtualClock;
}

/** What an {@link IoWaiter} does when it is cancelled while pending. */
export type AbortHook = (message: string | undefined) => void;

/**
 * A {@link Waiter} for a wait on the network or on the connection pool, made in the waiting task so
 * that cancelling the task cancels it.
 *
 * - `onAbort` runs synchronously inside `cancel()`, so a cancelled request is aborted (and its socket
 *   freed) at once, not one loop iteration later when the task resumes.
 * - With `holdClock`, the loop's `VirtualClock` is held while the waiter is pending: the loop cannot
 *   see the socket, so it must not jump virtual time while a task waits for the network.
 */
export class IoWaiter<T> extends Waiter<T> {
  #hold: ClockHold | undefined = undefined;
  #onAbort: AbortHook | undefined = undefined;

  /**
   * @param loop the loop that delivers the wake-up.
   * @param holdClock hold the loop's `VirtualClock` while pending (a wait on the network).
   * @param onAbort runs synchronously when the waiter is cancelled while pending.
   * @param onRevoke the {@link Waiter}'s `onCancel` hook (runs as the cancelled task resumes).
   *
   * When a cancellation of the task was already pending, the waiter is cancelled by the base
   * constructor and `done()` is true at once: `onAbort` is not called, the caller checks `done()`.
   */
  constructor(
    loop: EventLoop,
    holdClock: boolean,
    onAbort?: AbortHook,
    onRevoke?: (revoked: { value: T } | undefined) => void,
  ) {
    super(loop, onRevoke);
    if (this.done()) return;
    this.#onAbort = onAbort;
    if (holdClock && hasVirtualClock(loop)) this.#hold = loop.holdClock();
  }

  override resolve(value: T): boolean {
    if (!super.resolve(value)) return false;
    this.#settled();
    return true;
  }

  override reject(error: unknown): boolean {
    if (!super.reject(error)) return false;
    this.#settled();
    return true;
  }

  override cancel(msg?: string): boolean {
    // Called by the base constructor when a cancellation is pending: nothing of ours exists yet.
    if (!(#hold in this)) return super.cancel(msg);
    if (!super.cancel(msg)) return false;
    const onAbort = this.#onAbort;
    this.#settled();
    onAbort?.(msg);
    return true;
  }

  #settled(): void {
    this.#onAbort = undefined;
    const hold = this.#hold;
    if (hold !== undefined) {
      this.#hold = undefined;
      hold.release();
    }
  }
}
