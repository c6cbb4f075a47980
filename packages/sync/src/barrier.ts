import { Condition } from "./condition.js";
import { BrokenBarrierError } from "./errors.js";
import { checkCount, signalOf, type WaitOptions } from "./internal/arguments.js";

/** The state of a {@link Barrier}, as asyncio names it. */
export type BarrierState = "filling" | "draining" | "resetting" | "broken";

/** What `Barrier.statistics()` reports. */
export interface BarrierStatistics {
  /** How many tasks must call `wait()` to trip the barrier. */
  readonly parties: number;
  /** How many tasks wait in it now. */
  readonly nWaiting: number;
  /** The barrier's state. */
  readonly state: BarrierState;
}

/**
 * Let a fixed number of tasks meet: asyncio's `Barrier`. Each of `parties` tasks calls `wait()`;
 * when the last one arrives they are all released together and each gets a distinct index from 0 to
 * `parties - 1` (the last to arrive gets `parties - 1`). The barrier then refills for the next round;
 * tasks that arrive while it still drains wait for the next round.
 *
 * `abort()` breaks it: every task waiting, and every later `wait()`, fails with
 * {@link BrokenBarrierError} until `reset()`. `reset()` fails the tasks waiting now with
 * `BrokenBarrierError` and makes the barrier usable again. A waiter that is cancelled (or whose
 * signal aborts) simply leaves: the barrier does not break, as in asyncio.
 *
 * @example
 * ```ts
 * import { Barrier } from "@x/sync";
 * const start = new Barrier(3);
 * for (const name of ["a", "b", "c"]) {
 *   createTask(async () => { await start.wait(); console.log(name, "goes"); });
 * }
 * ```
 */
export class Barrier {
  readonly #cond = new Condition();
  readonly #parties: number;
  #state: BarrierState = "filling";
  #count = 0;

  /**
   * @param parties how many tasks must call `wait()` to trip the barrier (at least 1).
   * @throws TypeError when `parties` is not a number; RangeError when it is not an integer >= 1.
   */
  constructor(parties: number) {
    checkCount("new Barrier(parties): parties", parties, 1);
    this.#parties = parties;
  }

  /** How many tasks must call `wait()` to trip the barrier. */
  get parties(): number {
    return this.#parties;
  }

  /** How many tasks wait in the barrier now (0 while it drains or resets). */
  get nWaiting(): number {
    return this.#state === "filling" ? this.#count : 0;
  }

  /** Whether the barrier is broken (`abort()` was called and no `reset()` since). */
  get broken(): boolean {
    return this.#state === "broken";
  }

  /**
   * Wait until `parties` tasks wait, then return this task's index (0 to `parties - 1`).
   * @param options `signal` aborts this wait (it rejects with `signal.reason`).
   * @throws BrokenBarrierError when the barrier is broken or reset while waiting (or already broken).
   * @throws CancelledError when the task is cancelled while waiting.
   */
  async wait(options?: WaitOptions): Promise<number> {
    const signal = signalOf(options, "Barrier", "wait");
    const held = await this.#cond.acquire(options);
    try {
      // While the barrier drains or resets, wait for the next round.
      await this.#cond.waitFor(() => this.#state !== "draining" && this.#state !== "resetting", { signal });
      if (this.#state === "broken") throw new BrokenBarrierError("Barrier.wait(): the barrier is broken");
      const index = this.#count++;
      try {
        if (index + 1 === this.#parties) {
          this.#state = "draining";
          this.#cond.notifyAll();
        } else {
          await this.#cond.waitFor(() => this.#state !== "filling", { signal });
          const state = this.#state as BarrierState;
          if (state === "broken" || state === "resetting") {
            throw new BrokenBarrierError("Barrier.wait(): the barrier was aborted or reset");
          }
        }
        return index;
      } finally {
        this.#count--;
        this.#exit();
      }
    } finally {
      held.release();
    }
  }

  /**
   * Reset the barrier to its initial, filling state; the tasks waiting now fail with
   * {@link BrokenBarrierError}. Returns a native promise (it takes the barrier's internal lock).
   */
  async reset(): Promise<void> {
    using _ = await this.#cond.acquire();
    if (this.#count > 0) {
      if (this.#state !== "resetting") this.#state = "resetting";
    } else {
      this.#state = "filling";
    }
    this.#cond.notifyAll();
  }

  /**
   * Break the barrier: the tasks waiting now and every later `wait()` fail with
   * {@link BrokenBarrierError}, until `reset()`. Returns a native promise.
   */
  async abort(): Promise<void> {
    using _ = await this.#cond.acquire();
    this.#state = "broken";
    this.#cond.notifyAll();
  }

  /** A snapshot of the barrier's state, for debugging. */
  statistics(): BarrierStatistics {
    return { parties: this.#parties, nWaiting: this.nWaiting, state: this.#state };
  }

  /** A short description for messages. */
  toString(): string {
    const extra = this.broken ? "" : `, waiters: ${this.nWaiting}/${this.#parties}`;
    return `Barrier <${this.#state}${extra}>`;
  }

  /** The last task out of a draining or resetting barrier lets the next round fill. */
  #exit(): void {
    if (this.#count === 0) {
      if (this.#state === "resetting" || this.#state === "draining") this.#state = "filling";
      this.#cond.notifyAll();
    }
  }
}
