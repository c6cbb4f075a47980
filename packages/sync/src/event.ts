import { getEventLoop } from "@x/loop";
import { signalOf, type WaitOptions } from "./internal/arguments.js";
import { ListWaiter, WaiterList } from "./internal/waiter-list.js";

/** What `Event.statistics()` reports. */
export interface EventStatistics {
  /** Whether the flag is set. */
  readonly isSet: boolean;
  /** How many tasks wait for it. */
  readonly waiters: number;
}

type EventWaiter = ListWaiter<true>;

const alreadySet: Promise<true> = Promise.resolve(true);

/**
 * A flag that tasks can wait for: asyncio's `Event`.
 *
 * `set()` sets the flag and wakes every task waiting in `wait()` (they resume on the next loop
 * iteration, in the order they started waiting); while it is set, `wait()` returns at once without
 * yielding. `clear()` resets it. A waiter that is cancelled, or whose `{ signal }` aborts, leaves
 * without a trace.
 *
 * @example
 * ```ts
 * import { Event } from "@x/sync";
 * const ready = new Event();
 * createTask(async () => { await ready.wait(); console.log("go"); });
 * ready.set();
 * ```
 */
export class Event {
  #value = false;
  readonly #waiters = new WaiterList<EventWaiter>();

  /** Whether the flag is set. */
  isSet(): boolean {
    return this.#value;
  }

  /** Set the flag and wake every waiting task. Setting a set event does nothing. */
  set(): void {
    if (this.#value) return;
    this.#value = true;
    const waiters = this.#waiters;
    for (let w = waiters.shift(); w !== undefined; w = waiters.shift()) w.resolve(true);
  }

  /** Reset the flag: later `wait()`s block until the next `set()`. */
  clear(): void {
    this.#value = false;
  }

  /**
   * Wait until the flag is set (at once when it is).
   * @param options `signal` aborts this wait (it rejects with `signal.reason`).
   * @returns `true`, as asyncio's `Event.wait()`.
   * @throws CancelledError when the task is cancelled while waiting; the signal's reason when it aborts.
   */
  wait(options?: WaitOptions): Promise<true> {
    const signal = signalOf(options, "Event", "wait");
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#value) return alreadySet;
    const waiter: EventWaiter = new ListWaiter(getEventLoop(), undefined, undefined);
    if (!waiter.done()) {
      this.#waiters.push(waiter);
      waiter.watch(signal);
    }
    return waiter.promise;
  }

  /** A snapshot of the event's state, for debugging. */
  statistics(): EventStatistics {
    return { isSet: this.#value, waiters: this.#waiters.length };
  }

  /** A short description for messages. */
  toString(): string {
    const waiters = this.#waiters.length > 0 ? `, waiters: ${this.#waiters.length}` : "";
    return `Event <${this.#value ? "set" : "unset"}${waiters}>`;
  }
}
