import { getEventLoop, type WaiterCancelHook } from "@x/loop";
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

/** Options of `new KeyedLimiter()`. */
export interface KeyedLimiterOptions {
  /** How many holds at once over all keys: an integer >= 1, or Infinity (the default). */
  total?: number | undefined;
  /** How many holds at once for one key: an integer >= 1, or Infinity (the default). */
  perKey?: number | undefined;
}

/** One key's part of `KeyedLimiter.statistics()`. */
export interface KeyedLimiterKeyStatistics {
  /** Holds of this key now. */
  readonly inUse: number;
  /** Acquires of this key waiting. */
  readonly waiters: number;
}

/** What `KeyedLimiter.statistics()` reports. */
export interface KeyedLimiterStatistics<K> {
  /** The limit over all keys. */
  readonly total: number;
  /** The limit per key. */
  readonly perKey: number;
  /** Holds now, over all keys. */
  readonly inUse: number;
  /** Acquires waiting, over all keys. */
  readonly waiters: number;
  /** Every key held or waited for, with its numbers. */
  readonly keys: ReadonlyMap<K, KeyedLimiterKeyStatistics>;
}

/** A waiter whose data is its arrival number, to keep FIFO order across keys. */
type KeyedWaiter = ListWaiter<Releaser, number>;

/** The holds and waiters of one key. */
class KeyState<K> extends WaiterList<KeyedWaiter> {
  inUse = 0;
  readonly key: K;
  readonly #onLeft: (state: KeyState<K>) => void;

  constructor(key: K, onLeft: (state: KeyState<K>) => void) {
    super();
    this.key = key;
    this.#onLeft = onLeft;
  }

  override _left(): void {
    this.#onLeft(this);
  }
}

/**
 * Limit holds both in total and per key: the general form of an HTTP connection pool's `limit` and
 * `limitPerHost` (asyncio and trio have no counterpart; this is `@x`'s).
 *
 * `acquire(key)` succeeds when fewer than `total` holds exist and fewer than `perKey` for that key.
 * Waiters are served in arrival order, except that a waiter held back only by its own key's limit
 * never blocks waiters of other keys: a busy host does not stall the pool. Releasing a hold, or a
 * waiter cancelled after it was handed one, passes the hold to the first waiter that fits.
 * Keys are compared as `Map` keys (strings and numbers by value, objects by identity); a key with no
 * hold and no waiter is forgotten.
 *
 * @example
 * ```ts
 * import { KeyedLimiter } from "@x/sync";
 * const pool = new KeyedLimiter<string>({ total: 100, perKey: 6 });
 * async function get(url: URL) {
 *   using _ = await pool.acquire(url.host);
 *   return await fetch(url);
 * }
 * ```
 */
export class KeyedLimiter<K = string> {
  readonly #total: number;
  readonly #perKey: number;
  #inUse = 0;
  #arrivals = 0;
  readonly #states = new Map<K, KeyState<K>>();
  /** The states with at least one waiter. */
  readonly #waiting = new Set<KeyState<K>>();
  readonly #release = (key: K): void => this.#releaseKey(key);
  readonly #passOn: WaiterCancelHook<Releaser> = (revoked) => {
    if (revoked !== undefined) revoked.value.release();
  };
  readonly #stateLeft = (state: KeyState<K>): void => this.#forgetIfIdle(state);

  /**
   * @param options `total` and `perKey` limits (each an integer >= 1 or Infinity; default Infinity).
   * @throws TypeError when `options` or a limit has the wrong type; RangeError when a limit is out of range.
   */
  constructor(options: KeyedLimiterOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `new KeyedLimiter(options): options must be an object, got ${describeValue(options)}`,
      );
    }
    const { total = Number.POSITIVE_INFINITY, perKey = Number.POSITIVE_INFINITY } = options;
    checkCount("new KeyedLimiter(): options.total", total, 1, true);
    checkCount("new KeyedLimiter(): options.perKey", perKey, 1, true);
    this.#total = total;
    this.#perKey = perKey;
  }

  /** The limit over all keys. */
  get total(): number {
    return this.#total;
  }

  /** The limit per key. */
  get perKey(): number {
    return this.#perKey;
  }

  /** Holds now, over all keys. */
  get inUse(): number {
    return this.#inUse;
  }

  /**
   * Take a hold for `key`: at once when both limits allow it and no earlier waiter could use it, else
   * when a release makes room (FIFO among the waiters that fit).
   * @param options `signal` aborts this wait (it rejects with `signal.reason`).
   * @returns a {@link Releaser} that gives the hold back once.
   * @throws CancelledError when the task is cancelled while waiting; the signal's reason when it aborts.
   */
  acquire(key: K, options?: WaitOptions): Promise<Releaser> {
    const signal = signalOf(options, "KeyedLimiter", "acquire");
    if (signal?.aborted) return Promise.reject(signal.reason);
    let state = this.#states.get(key);
    // Nobody who could take this hold waits: one whose key fits would already have been served.
    if (this.#inUse < this.#total && (state === undefined || state.inUse < this.#perKey)) {
      if (state === undefined) {
        state = new KeyState(key, this.#stateLeft);
        this.#states.set(key, state);
      }
      state.inUse++;
      this.#inUse++;
      return Promise.resolve(new Hold(this.#release, key));
    }
    if (state === undefined) {
      state = new KeyState(key, this.#stateLeft);
      this.#states.set(key, state);
    }
    const waiter: KeyedWaiter = new ListWaiter(getEventLoop(), this.#passOn, ++this.#arrivals);
    if (!waiter.done()) {
      state.push(waiter);
      this.#waiting.add(state);
      waiter.watch(signal);
    } else {
      this.#forgetIfIdle(state);
    }
    return waiter.promise;
  }

  /**
   * Run `fn` holding a hold for `key` and give it back however `fn` ends.
   * @throws TypeError when `fn` is not a function.
   */
  run<R>(key: K, fn: () => R | PromiseLike<R>, options?: WaitOptions): Promise<Awaited<R>> {
    checkFunction("KeyedLimiter.run(key, fn): fn", fn);
    return runHeld(this.acquire(key, options), fn);
  }

  /** A snapshot of the limiter's state, for debugging. */
  statistics(): KeyedLimiterStatistics<K> {
    const keys = new Map<K, KeyedLimiterKeyStatistics>();
    let waiters = 0;
    for (const [key, state] of this.#states) {
      keys.set(key, { inUse: state.inUse, waiters: state.length });
      waiters += state.length;
    }
    return { total: this.#total, perKey: this.#perKey, inUse: this.#inUse, waiters, keys };
  }

  /** A short description for messages. */
  toString(): string {
    return `KeyedLimiter <${this.#inUse}/${this.#total} in use, ${this.#states.size} keys>`;
  }

  #releaseKey(key: K): void {
    const state = this.#states.get(key) as KeyState<K>;
    state.inUse--;
    this.#inUse--;
    this.#dispatch();
    this.#forgetIfIdle(state);
  }

  /** Hand free holds to the earliest waiters whose key has room. */
  #dispatch(): void {
    while (this.#inUse < this.#total) {
      let best: KeyState<K> | undefined;
      let bestArrival = Number.POSITIVE_INFINITY;
      for (const state of this.#waiting) {
        const head = state.first();
        if (head !== undefined && state.inUse < this.#perKey && head._data < bestArrival) {
          best = state;
          bestArrival = head._data;
        }
      }
      if (best === undefined) return;
      const waiter = best.shift() as KeyedWaiter;
      if (best.length === 0) this.#waiting.delete(best);
      best.inUse++;
      this.#inUse++;
      waiter.resolve(new Hold(this.#release, best.key));
    }
  }

  #forgetIfIdle(state: KeyState<K>): void {
    if (state.length === 0) this.#waiting.delete(state);
    if (state.inUse === 0 && state.length === 0 && this.#states.get(state.key) === state) {
      this.#states.delete(state.key);
    }
  }
}
