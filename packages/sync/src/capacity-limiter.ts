import { getEventLoop, InvalidStateError, type WaiterCancelHook } from "@x/loop";
import { currentTask } from "@x/task";
import {
  checkCount,
  checkFunction,
  describeValue,
  signalOf,
  type WaitOptions,
} from "./internal/arguments.js";
import { Hold, type Releaser } from "./internal/releaser.js";
import { runHeld } from "./internal/run-held.js";
import { ListWaiter, WaiterList } from "./internal/waiter-list.js";

/** What `CapacityLimiter.statistics()` reports. */
export interface CapacityLimiterStatistics {
  /** Tokens held now. */
  readonly borrowedTokens: number;
  /** The limit. */
  readonly totalTokens: number;
  /** Who holds the tokens (tasks, or the borrowers given to `acquireOnBehalfOf`). */
  readonly borrowers: readonly unknown[];
  /** How many acquires are waiting. */
  readonly waiters: number;
}

type LimiterWaiter = ListWaiter<Releaser, unknown>;

/** A borrower for code that runs outside any task: one per acquisition. */
class AnonymousBorrower {
  toString(): string {
    return "a borrower outside any task";
  }
}

/**
 * Limit how many tasks do something at once, knowing who holds each token: trio's `CapacityLimiter`.
 *
 * Like a {@link Semaphore}, but each token is held by a borrower (the current task by default, or
 * whatever object `acquireOnBehalfOf` names), which gives three guarantees a semaphore cannot: a
 * borrower cannot take a second token (that would deadlock at the limit), only a borrower can give
 * one back, and `statistics()` names the borrowers. `totalTokens` can be changed at any time: raising
 * it wakes waiters at once; lowering it takes no token back, new borrowers just wait until enough are
 * returned. Waiters are served FIFO; a waiter cancelled after it was handed a token passes it on.
 *
 * @example
 * ```ts
 * import { CapacityLimiter } from "@x/sync";
 * const limiter = new CapacityLimiter(10);
 * async function crawl(url: string) {
 *   using _ = await limiter.acquire();
 *   return await fetch(url);
 * }
 * limiter.totalTokens = 20; // more at once from now on
 * ```
 */
export class CapacityLimiter {
  #total: number;
  readonly #borrowers = new Set<unknown>();
  readonly #waiters = new WaiterList<LimiterWaiter>();
  readonly #release = (borrower: unknown): void => this.releaseOnBehalfOf(borrower);
  readonly #passOn: WaiterCancelHook<Releaser> = (revoked) => {
    if (revoked !== undefined) revoked.value.release();
  };

  /**
   * @param totalTokens how many tokens may be held at once: an integer >= 1, or Infinity.
   * @throws TypeError when it is not a number; RangeError when it is not an integer >= 1 or Infinity.
   */
  constructor(totalTokens: number) {
    checkCount("new CapacityLimiter(totalTokens): totalTokens", totalTokens, 1, true);
    this.#total = totalTokens;
  }

  /** How many tokens may be held at once. Setting it wakes as many waiters as now fit. */
  get totalTokens(): number {
    return this.#total;
  }

  /**
   * Resize the limiter (trio's `total_tokens`): more tokens wake as many waiters as now fit; fewer
   * take effect as holders release.
   * @throws TypeError when it is not a number; RangeError when it is not an integer >= 1 or Infinity.
   */
  set totalTokens(value: number) {
    checkCount("CapacityLimiter.totalTokens", value, 1, true);
    this.#total = value;
    this.#wake();
  }

  /** Tokens held now. */
  get borrowedTokens(): number {
    return this.#borrowers.size;
  }

  /** Tokens free now (0 when more are held than the limit, after lowering it). */
  get availableTokens(): number {
    return Math.max(0, this.#total - this.#borrowers.size);
  }

  /**
   * Take a token for the current task (outside a task, for this acquisition alone).
   * @returns a {@link Releaser} that gives the token back once.
   * @throws InvalidStateError when the current task already holds a token of this limiter.
   */
  acquire(options?: WaitOptions): Promise<Releaser> {
    return this.acquireOnBehalfOf(currentTask() ?? new AnonymousBorrower(), options);
  }

  /**
   * Take a token on behalf of `borrower` (any value that identifies who holds it): at once when one is
   * free and nobody waits, else FIFO after those waiting.
   * @param options `signal` aborts this wait (it rejects with `signal.reason`).
   * @throws InvalidStateError when `borrower` already holds a token of this limiter.
   */
  acquireOnBehalfOf(borrower: unknown, options?: WaitOptions): Promise<Releaser> {
    const signal = signalOf(options, "CapacityLimiter", "acquire");
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#borrowers.has(borrower)) {
      return Promise.reject(
        new InvalidStateError(
          `CapacityLimiter.acquire(): ${describeBorrower(borrower)} already holds one of this limiter's tokens`,
        ),
      );
    }
    if (this.#borrowers.size < this.#total && this.#waiters.length === 0) {
      this.#borrowers.add(borrower);
      return Promise.resolve(new Hold(this.#release, borrower));
    }
    const waiter: LimiterWaiter = new ListWaiter(getEventLoop(), this.#passOn, borrower);
    if (!waiter.done()) {
      this.#waiters.push(waiter);
      waiter.watch(signal);
    }
    return waiter.promise;
  }

  /**
   * Take a token for the current task if one is free and nobody waits.
   * @returns a {@link Releaser}, or undefined when it would have to wait.
   * @throws InvalidStateError when the current task already holds a token.
   */
  tryAcquire(): Releaser | undefined {
    return this.tryAcquireOnBehalfOf(currentTask() ?? new AnonymousBorrower());
  }

  /**
   * Take a token on behalf of `borrower` if one is free and nobody waits.
   * @returns a {@link Releaser}, or undefined when it would have to wait.
   * @throws InvalidStateError when `borrower` already holds a token.
   */
  tryAcquireOnBehalfOf(borrower: unknown): Releaser | undefined {
    if (this.#borrowers.has(borrower)) {
      throw new InvalidStateError(
        `CapacityLimiter.tryAcquire(): ${describeBorrower(borrower)} already holds one of this limiter's tokens`,
      );
    }
    if (this.#borrowers.size >= this.#total || this.#waiters.length > 0) return undefined;
    this.#borrowers.add(borrower);
    return new Hold(this.#release, borrower);
  }

  /**
   * Give back the current task's token. Prefer the {@link Releaser} from `acquire()`.
   * @throws InvalidStateError when the current task holds no token (or the caller is not a task).
   */
  release(): void {
    const task = currentTask();
    if (task === undefined) {
      throw new InvalidStateError(
        "CapacityLimiter.release(): called outside a task; release the Releaser that acquire() gave",
      );
    }
    this.releaseOnBehalfOf(task);
  }

  /**
   * Give back the token held by `borrower`; the first waiter gets it if it fits the limit.
   * @throws InvalidStateError when `borrower` holds no token of this limiter.
   */
  releaseOnBehalfOf(borrower: unknown): void {
    if (!this.#borrowers.delete(borrower)) {
      throw new InvalidStateError(
        `CapacityLimiter.release(): ${describeBorrower(borrower)} holds no token of this limiter`,
      );
    }
    this.#wake();
  }

  /**
   * Run `fn` holding a token for the current task and give it back however `fn` ends.
   * @throws TypeError when `fn` is not a function.
   */
  run<R>(fn: () => R | PromiseLike<R>, options?: WaitOptions): Promise<Awaited<R>> {
    checkFunction("CapacityLimiter.run(fn): fn", fn);
    return runHeld(this.acquire(options), fn);
  }

  /** A snapshot of the limiter's state, for debugging. */
  statistics(): CapacityLimiterStatistics {
    return {
      borrowedTokens: this.#borrowers.size,
      totalTokens: this.#total,
      borrowers: [...this.#borrowers],
      waiters: this.#waiters.length,
    };
  }

  /** A short description for messages. */
  toString(): string {
    const waiters = this.#waiters.length > 0 ? `, waiters: ${this.#waiters.length}` : "";
    return `CapacityLimiter <${this.#borrowers.size}/${this.#total} borrowed${waiters}>`;
  }

  /** Hand free tokens to the first waiters. */
  #wake(): void {
    const waiters = this.#waiters;
    while (waiters.length > 0 && this.#borrowers.size < this.#total) {
      const waiter = waiters.shift() as LimiterWaiter;
      const borrower = waiter._data;
      if (this.#borrowers.has(borrower)) {
        // It got a token another way while it waited: it cannot hold two.
        waiter.reject(
          new InvalidStateError(
            `CapacityLimiter.acquire(): ${describeBorrower(borrower)} already holds one of this limiter's tokens`,
          ),
        );
        continue;
      }
      this.#borrowers.add(borrower);
      waiter.resolve(new Hold(this.#release, borrower));
    }
  }
}

function describeBorrower(borrower: unknown): string {
  if (
    typeof borrower === "object" &&
    borrower !== null &&
    typeof (borrower as { getName?: unknown }).getName === "function"
  ) {
    return `task '${(borrower as { getName(): string }).getName()}'`;
  }
  return borrower instanceof AnonymousBorrower ? String(borrower) : `borrower ${describeValue(borrower)}`;
}
