import { getEventLoop, InvalidStateError } from "@x/loop";
import {
  checkCount,
  checkFunction,
  describeValue,
  signalOf,
  type WaitOptions,
} from "./internal/arguments.js";
import type { Releaser } from "./internal/releaser.js";
import { runHeld } from "./internal/run-held.js";
import { ListWaiter, WaiterList } from "./internal/waiter-list.js";
import { Lock, type LockStatistics } from "./lock.js";

/** What `Condition.statistics()` reports. */
export interface ConditionStatistics {
  /** How many tasks wait to be notified. */
  readonly waiters: number;
  /** The underlying lock's statistics. */
  readonly lock: LockStatistics;
}

type ConditionWaiter = ListWaiter<true>;

function isLockLike(value: unknown): value is Lock {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Lock).acquire === "function" &&
    typeof (value as Lock).release === "function" &&
    typeof (value as Lock).locked === "function"
  );
}

/**
 * Wait for a state change announced by another task, holding a lock around the check: asyncio's
 * `Condition`.
 *
 * `wait()` must be called with the lock held: it releases the lock, waits for `notify()` (FIFO),
 * then re-acquires the lock before it returns — also when it is cancelled or its signal aborts, so
 * the caller always still holds the lock when `wait()` ends, however it ends. As in asyncio, a
 * waiter that ends with an error after it may have been notified passes one notification on
 * (possibly a spurious wake-up), so a notification is never swallowed: re-check your predicate, or use
 * `waitFor()`.
 *
 * @example
 * ```ts
 * import { Condition } from "@x/sync";
 * const cond = new Condition();
 * const items: string[] = [];
 * async function consume() {
 *   using _ = await cond.acquire();
 *   await cond.waitFor(() => items.length > 0);
 *   return items.shift();
 * }
 * async function produce(item: string) {
 *   using _ = await cond.acquire();
 *   items.push(item);
 *   cond.notify();
 * }
 * ```
 */
export class Condition {
  readonly #lock: Lock;
  readonly #waiters = new WaiterList<ConditionWaiter>();

  /**
   * @param lock the lock to use (a new {@link Lock} by default); share one to tie several
   *   conditions to the same state.
   * @throws TypeError when `lock` is not a Lock.
   */
  constructor(lock?: Lock) {
    if (lock !== undefined && !isLockLike(lock)) {
      throw new TypeError(`new Condition(lock): lock must be a Lock, got ${describeValue(lock)}`);
    }
    this.#lock = lock ?? new Lock();
  }

  /** Whether the underlying lock is held. */
  locked(): boolean {
    return this.#lock.locked();
  }

  /** Acquire the underlying lock (see `Lock.acquire()`). */
  acquire(options?: WaitOptions): Promise<Releaser> {
    return this.#lock.acquire(options);
  }

  /** Release the underlying lock (see `Lock.release()`). */
  release(): void {
    this.#lock.release();
  }

  /** Run `fn` holding the underlying lock (see `Lock.run()`). */
  run<R>(fn: () => R | PromiseLike<R>, options?: WaitOptions): Promise<Awaited<R>> {
    checkFunction("Condition.run(fn): fn", fn);
    return runHeld(this.acquire(options), fn);
  }

  /**
   * Release the lock, wait until notified, and re-acquire the lock.
   *
   * @param options `signal` aborts the wait for a notification; the lock is still re-acquired before
   *   the promise rejects with `signal.reason`.
   * @returns `true`, as asyncio.
   * @throws InvalidStateError when the lock is not held. CancelledError when the task is cancelled
   *   (after the lock is re-acquired).
   */
  async wait(options?: WaitOptions): Promise<true> {
    const signal = signalOf(options, "Condition", "wait");
    if (!this.#lock.locked()) {
      throw new InvalidStateError("Condition.wait(): cannot wait on an un-acquired lock");
    }
    if (signal?.aborted) throw signal.reason;
    const waiter: ConditionWaiter = new ListWaiter(getEventLoop(), undefined, undefined);
    this.#lock.release();
    let failed = false;
    let error: unknown;
    try {
      if (!waiter.done()) {
        this.#waiters.push(waiter);
        waiter.watch(signal);
      }
      await waiter.promise;
    } catch (e) {
      failed = true;
      error = e;
    }
    // Re-acquire the lock even when cancelled: the caller's `finally`/`using` will release it.
    for (;;) {
      try {
        await this.#lock.acquire();
        break;
      } catch (e) {
        failed = true;
        error = e;
      }
    }
    if (failed) {
      // We may have been notified before the error: pass one notification on (asyncio does the same).
      this.#notify(1);
      throw error;
    }
    return true;
  }

  /**
   * Wait until `predicate()` returns a truthy value, checking it first and after every notification.
   * The lock must be held.
   * @returns the predicate's last (truthy) value, as asyncio's `wait_for`.
   * @throws TypeError when `predicate` is not a function; what `wait()` throws.
   */
  async waitFor<R>(predicate: () => R, options?: WaitOptions): Promise<R> {
    checkFunction("Condition.waitFor(predicate): predicate", predicate);
    let result = predicate();
    while (!result) {
      await this.wait(options);
      result = predicate();
    }
    return result;
  }

  /**
   * Wake up to `n` waiting tasks (FIFO); each returns from `wait()` once it has re-acquired the lock,
   * so release the lock after notifying.
   * @throws InvalidStateError when the lock is not held; TypeError/RangeError for a bad `n`.
   */
  notify(n = 1): void {
    checkCount("Condition.notify(n): n", n, 0, true);
    if (!this.#lock.locked()) {
      throw new InvalidStateError("Condition.notify(): cannot notify on an un-acquired lock");
    }
    this.#notify(n);
  }

  /**
   * Wake every waiting task.
   * @throws InvalidStateError when the lock is not held.
   */
  notifyAll(): void {
    this.notify(Number.POSITIVE_INFINITY);
  }

  /** A snapshot of the condition's state, for debugging. */
  statistics(): ConditionStatistics {
    return { waiters: this.#waiters.length, lock: this.#lock.statistics() };
  }

  /** A short description for messages. */
  toString(): string {
    const waiters = this.#waiters.length > 0 ? `, waiters: ${this.#waiters.length}` : "";
    return `Condition <${this.#lock.locked() ? "locked" : "unlocked"}${waiters}>`;
  }

  #notify(n: number): void {
    const waiters = this.#waiters;
    for (let i = 0; i < n; i++) {
      const w = waiters.shift();
      if (w === undefined) return;
      w.resolve(true);
    }
  }
}
