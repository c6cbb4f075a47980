import { CancelledError } from "./errors.js";
import type { EventLoop } from "./event-loop.js";
import { CANCELLED, FULFILLED, PENDING, REJECTED } from "./future.js";
import type { TaskCore } from "./internal/protocol.js";
import { currentContext } from "./internal/shared-state.js";

type WaiterState = typeof PENDING | typeof FULFILLED | typeof REJECTED | typeof CANCELLED;

/** Called when a waiter ends in a `CancelledError`: see {@link Waiter}. */
export type WaiterCancelHook<T> = (revoked: { value: T } | undefined) => void;

function ignore(): void {}

/**
 * A thenable that rejects with `reason`: resolving a waiter's promise with it rejects the promise (two
 * microtasks later than a reject function would, while the loop waits for the woken task anyway).
 */
class Rejection {
  readonly #reason: unknown;
  constructor(reason: unknown) {
    this.#reason = reason;
  }
  // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, see the class notes
  then(_resolve: unknown, reject: (reason: unknown) => void): void {
    reject(this.#reason);
  }
}

/**
 * A one-shot wake-up of the task that made it: a native promise that the loop settles one iteration
 * after `resolve()`, `reject()` or `cancel()`, as a task blocked on an asyncio future resumes one
 * iteration after the future completes. For building primitives (locks, queues, `sleep`): it costs
 * far less than a {@link Future}, because `await waiter.promise` is a native await.
 *
 * Made inside a task, it registers as what the task is blocked on, so cancelling the task cancels it.
 * When a task is cancelled after its waiter was resolved but before it resumed, the task gets the
 * `CancelledError` instead of the value (as in asyncio); `onCancel` then receives `{ value }` at once,
 * inside `task.cancel()`, so the primitive can pass the value (a permit, a queue item, a wake-up) on
 * to someone else before anybody else runs. When a pending waiter is cancelled, `onCancel` receives
 * `undefined` as the task resumes.
 *
 * A rejection nobody awaits is dropped, never an unhandled rejection.
 *
 * @example
 * ```ts
 * import { getEventLoop, Waiter } from "@x/loop";
 * const waiter = new Waiter<number>(getEventLoop(), () => waiters.delete(waiter));
 * waiters.add(waiter);
 * const n = await waiter.promise; // someone calls waiter.resolve(1)
 * ```
 */
export class Waiter<T = void> {
  /** The promise the task awaits. */
  readonly promise: Promise<T>;
  /** @internal */
  _state: WaiterState = PENDING;
  /** @internal */
  _value: unknown = undefined;
  /** @internal */
  readonly _loop: EventLoop;
  /** @internal */
  readonly _task: TaskCore | undefined;
  // Only the resolving function is kept: a rejection resolves with a thenable that rejects (see
  // `Rejection`), which saves the second function on every waiter, the usual path being a wake-up.
  #resolve!: (value: T | Rejection) => void;
  #onCancel: WaiterCancelHook<T> | undefined;

  /**
   * @param loop the loop that delivers the wake-up.
   * @param onCancel called when the waiter ends in a `CancelledError` (see the class notes).
   */
  constructor(loop: EventLoop, onCancel?: WaiterCancelHook<T>) {
    this._loop = loop;
    this.#onCancel = onCancel;
    this.promise = new Promise<T>((resolve) => {
      this.#resolve = resolve as (value: T | Rejection) => void;
    });
    const task = currentContext()?._task;
    this._task = task;
    if (task !== undefined) {
      task._blockOn(this);
      task._loop._taskWillBlock(task);
    }
  }

  /** Whether `resolve`, `reject` or `cancel` was called. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** Whether `cancel` was called while it was pending. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * Wake the task with `value` on the next iteration.
   * @returns `false` when the waiter is already done.
   */
  resolve(value: T): boolean {
    if (this._state !== PENDING) return false;
    this._state = FULFILLED;
    this._value = value;
    this._loop._push(this);
    return true;
  }

  /**
   * Wake the task with an error on the next iteration.
   * @returns `false` when the waiter is already done.
   */
  reject(error: unknown): boolean {
    if (this._state !== PENDING) return false;
    this._state = REJECTED;
    this._value = error;
    this.promise.catch(ignore);
    this._loop._push(this);
    return true;
  }

  /**
   * Wake the task with `CancelledError(msg)` on the next iteration.
   * @returns `false` when the waiter is already done.
   */
  cancel(msg?: string): boolean {
    if (this._state !== PENDING) return false;
    this.#markCancelled(msg);
    this._loop._push(this);
    return true;
  }

  /** A short description for messages. */
  toString(): string {
    return `${this.constructor.name} <${["pending", "resolved", "rejected", "cancelled"][this._state]}>`;
  }

  /**
   * The task was cancelled after this waiter was resolved and before it resumed: take the value back
   * now (`onCancel` gets it) and wake the task with `CancelledError(msg)` instead. @internal
   */
  _revoke(msg?: string): boolean {
    if (this._state !== FULFILLED) return false;
    const value = this._value as T;
    const onCancel = this.#onCancel;
    this.#onCancel = undefined;
    this.#markCancelled(msg);
    onCancel?.({ value });
    return true;
  }

  /** End in `CancelledError(msg)` (delivered by `_run`); nobody need await the rejection. */
  #markCancelled(msg: string | undefined): void {
    this._state = CANCELLED;
    this._value = msg;
    this.promise.catch(ignore);
  }

  /** Deliver the outcome: the task resumes. @internal */
  _run(): void {
    const task = this._task;
    if (task !== undefined && task._waitingOn === this) {
      task._waitingOn = undefined;
      task._cancelTarget = undefined;
      task._loop._beginStep(task);
      if (task._mustCancel) {
        task._mustCancel = false;
        let error = task._takeCancellation();
        if (this._state === FULFILLED) this.#onCancel?.({ value: this._value as T });
        else if (this._state === CANCELLED) {
          // The waiter was cancelled itself (by the first request): its message is the one, as asyncio.
          this.#onCancel?.(undefined);
          error = new CancelledError((this._value as string | undefined) ?? "");
        }
        this.promise.catch(ignore);
        this.#resolve(new Rejection(error));
        return;
      }
    }
    switch (this._state) {
      case FULFILLED:
        this.#resolve(this._value as T);
        return;
      case REJECTED:
        this.#resolve(new Rejection(this._value));
        return;
      case CANCELLED:
        this.#onCancel?.(undefined);
        this.#resolve(new Rejection(new CancelledError((this._value as string | undefined) ?? "")));
        return;
      default:
    }
  }
}
