import type { EventLoop } from "../event-loop.js";
import { getEventLoop } from "../events.js";
import { describeValue, PENDING } from "../future.js";
import type { TimerEntry } from "../internal/protocol.js";
import { Waiter } from "../waiter.js";

/**
 * The wait behind `sleep()`: a {@link Waiter} that is also its own timer entry, so a sleep costs one
 * object and a native promise. When its timer comes due it resolves, and the task resumes on the
 * next iteration — asyncio's timing for `sleep(ms > 0)`.
 */
class Sleep<T> extends Waiter<T> implements TimerEntry {
  /** @internal */
  _when: number;
  /** @internal */
  _seq: number;
  /** @internal */
  _cancelled = false;

  constructor(loop: EventLoop, ms: number, value: T) {
    super(loop);
    this._when = loop.time() + ms;
    // Made while a cancellation waited for this task, it is cancelled already (inside `super`, before
    // the fields below existed): it needs no timer, and `_value` holds the cancellation's message.
    if (this._state !== PENDING) {
      this._seq = 0;
      return;
    }
    // The value to resolve with waits in `_value`, which a waiter uses only once it is done.
    this._value = value;
    this._seq = loop._nextSeq();
    loop._addTimer(this, ms);
  }

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    // `_seq` is set (> 0) once the timer is queued; a cancel from inside the constructor finds none.
    if (this._seq > 0) {
      this._cancelled = true;
      this._loop._timerCancelled();
    }
    return true;
  }

  override toString(): string {
    return `sleep until ${this._when}`;
  }

  /** The timer came due: resolve (delivered next iteration); afterwards, deliver. @internal */
  override _run(): void {
    if (this._state === PENDING) this.resolve(this._value as T);
    else super._run();
  }
}

/**
 * Suspend the calling task for `ms` milliseconds, then resolve with `value`.
 *
 * As asyncio's `sleep`, but in milliseconds: `sleep(0)` (or a negative delay) yields to the loop for
 * exactly one iteration, letting every other ready task run. Cancelling the task cancels the sleep.
 * On a `VirtualClock` no real time passes.
 *
 * @throws TypeError when `ms` is not a number; RangeError when it is NaN.
 * @example
 * ```ts
 * import { sleep } from "@x/task";
 * await sleep(500);
 * const x = await sleep(10, "late"); // "late"
 * ```
 */
export function sleep<T = void>(ms: number, value?: T): Promise<T> {
  if (typeof ms !== "number") {
    throw new TypeError(`sleep(ms) expects a number of milliseconds, got ${describeValue(ms)}`);
  }
  if (Number.isNaN(ms)) throw new RangeError("sleep(ms) expects a number of milliseconds, got NaN");
  const loop = getEventLoop();
  if (ms > 0) return new Sleep<T>(loop, ms, value as T).promise;
  // A bare yield: resolved now, delivered on the next iteration.
  const waiter = new Waiter<T>(loop);
  waiter.resolve(value as T);
  return waiter.promise;
}
