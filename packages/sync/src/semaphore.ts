import { getEventLoop, InvalidStateError } from "@x/loop";
import { checkCount, checkFunction, signalOf, type WaitOptions } from "./internal/arguments.js";
import { Hold, type Releaser } from "./internal/releaser.js";
import { runHeld } from "./internal/run-held.js";
import { ListWaiter, WaiterList } from "./internal/waiter-list.js";

/** What `Semaphore.statistics()` reports. */
export interface SemaphoreStatistics {
  /** The permits free now. */
  readonly value: number;
  /** How many acquires are waiting. */
  readonly waiters: number;
  /** The most permits a `BoundedSemaphore` may hold free; undefined for a plain `Semaphore`. */
  readonly bound: number | undefined;
}

/** A waiter whose data says whether it was handed a permit (and has not resumed yet). */
type SemaphoreWaiter = ListWaiter<Releaser, boolean>;

/**
 * Let at most `value` tasks in at once: asyncio's `Semaphore` (with Python 3.11's FIFO fix), fair and
 * cancellation-safe.
 *
 * `acquire()` takes a permit at once when one is free and nobody waits (no yield to the loop, as in
 * asyncio), and resolves with a {@link Releaser} for `using`. Otherwise it waits in FIFO order;
 * `release()` hands its permit straight to the first waiter. As in Python 3.11+, a newcomer also waits
 * while a waiter that was handed a permit has not resumed yet, so tasks get in strictly in the order
 * they asked; each one that resumes lets in as many of the next waiters as there are free permits.
 * A waiter cancelled after it was handed a permit, before it resumed, passes the permit on, so no
 * permit is ever lost or counted twice. `release()` without a matching acquire adds a permit, as in
 * asyncio; use {@link BoundedSemaphore} to refuse that.
 *
 * @example
 * ```ts
 * import { Semaphore } from "@x/sync";
 * const slots = new Semaphore(4);
 * async function fetchOne(url: string) {
 *   using _ = await slots.acquire(); // at most 4 requests in flight
 *   return await fetch(url);
 * }
 * ```
 */
export class Semaphore {
  #value: number;
  /** Waiters handed a permit that have not resumed yet: newcomers wait for them (FIFO). */
  #inTransit = 0;
  readonly #waiters = new WaiterList<SemaphoreWaiter>();
  readonly #release = (): void => this.release();

  /**
   * @param value the permits free at the start (default 1).
   * @throws TypeError when `value` is not a number; RangeError when it is negative, NaN or fractional.
   */
  constructor(value = 1) {
    checkCount(`new ${new.target.name}(value): value`, value, 0);
    this.#value = value;
  }

  /** The permits free now. */
  get value(): number {
    return this.#value;
  }

  /**
   * Whether `acquire()` would wait: no permit is free, or others wait already — including a waiter
   * that was handed a permit and has not resumed yet (FIFO, as asyncio's `locked()`).
   */
  locked(): boolean {
    return this.#value === 0 || this.#waiters.length > 0 || this.#inTransit > 0;
  }

  /**
   * Take a permit: at once when one is free and nobody waits, else after those already waiting.
   * @param options `signal` aborts this wait (it rejects with `signal.reason`).
   * @returns a {@link Releaser} that gives the permit back once.
   * @throws CancelledError when the task is cancelled while waiting; the signal's reason when it aborts.
   */
  acquire(options?: WaitOptions): Promise<Releaser> {
    const signal = signalOf(options, this, "acquire");
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.locked()) {
      this.#value--;
      return Promise.resolve(new Hold(this.#release, undefined));
    }
    const waiter: SemaphoreWaiter = new ListWaiter(getEventLoop(), undefined, false);
    if (!waiter.done()) {
      this.#waiters.push(waiter);
      waiter.watch(signal);
    }
    return this.#acquired(waiter);
  }

  /**
   * Give a permit back: the first waiter gets it (it resumes on the next iteration), else it becomes
   * free. Prefer the {@link Releaser} from `acquire()`, which gives back only once.
   */
  release(): void {
    this.#value++;
    this.#wakeNext();
  }

  /**
   * Run `fn` holding a permit and give it back however `fn` ends.
   * @returns what `fn` returns.
   * @throws TypeError when `fn` is not a function.
   */
  run<R>(fn: () => R | PromiseLike<R>, options?: WaitOptions): Promise<Awaited<R>> {
    checkFunction(`${this.constructor.name}.run(fn): fn`, fn);
    return runHeld(this.acquire(options), fn);
  }

  /** A snapshot of the semaphore's state, for debugging. */
  statistics(): SemaphoreStatistics {
    return { value: this.#value, waiters: this.#waiters.length, bound: undefined };
  }

  /** A short description for messages. */
  toString(): string {
    const state = this.locked() ? "locked" : `unlocked, value: ${this.#value}`;
    const waiters = this.#waiters.length > 0 ? `, waiters: ${this.#waiters.length}` : "";
    return `${this.constructor.name} <${state}${waiters}>`;
  }

  /** Hand a free permit to the first waiter, if both exist. */
  #wakeNext(): boolean {
    if (this.#value <= 0) return false;
    const next = this.#waiters.shift();
    if (next === undefined) return false;
    this.#value--;
    this.#inTransit++;
    next._data = true;
    next.resolve(new Hold(this.#release, undefined));
    return true;
  }

  /** The waiter resumes: with its permit, or cancelled (then its permit, if it had one, is free again). */
  async #acquired(waiter: SemaphoreWaiter): Promise<Releaser> {
    try {
      return await waiter.promise;
    } catch (error) {
      // Handed a permit, then cancelled before it resumed: the permit is free again.
      if (waiter._data) this.#value++;
      throw error;
    } finally {
      if (waiter._data) this.#inTransit--;
      // Waiters that arrived meanwhile had to wait their turn: let in as many as there are permits.
      while (this.#wakeNext()) {}
    }
  }
}

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired: asyncio's
 * `BoundedSemaphore`. Releasing when all `value` permits are already free throws, instead of
 * silently raising the limit.
 *
 * @example
 * ```ts
 * import { BoundedSemaphore } from "@x/sync";
 * const pool = new BoundedSemaphore(2);
 * pool.release(); // throws InvalidStateError: nothing was acquired
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  readonly #bound: number;

  /**
   * @param value the permits, all free at the start (default 1); never more are free.
   * @throws TypeError when `value` is not a number; RangeError when it is negative, NaN or fractional.
   */
  constructor(value = 1) {
    super(value);
    this.#bound = value;
  }

  /**
   * Give a permit back.
   * @throws InvalidStateError (asyncio raises ValueError) when every permit is already free.
   */
  override release(): void {
    if (this.value >= this.#bound) {
      throw new InvalidStateError(
        `BoundedSemaphore.release(): released too many times (all ${this.#bound} permits are free)`,
      );
    }
    super.release();
  }

  /** A snapshot of the semaphore's state, for debugging. */
  override statistics(): SemaphoreStatistics {
    return { ...super.statistics(), bound: this.#bound };
  }
}
