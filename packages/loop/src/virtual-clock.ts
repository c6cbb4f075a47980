import type { Clock } from "./clock.js";
import { hasBrand } from "./internal/brand.js";

const virtualClockBrand: unique symbol = Symbol.for("@x/loop.VirtualClock");

/** What a loop that reads a VirtualClock listens to: the clock moved by hand. */
export interface VirtualClockListener {
  /** Called after `advance()` moved the clock. */
  clockAdvanced(): void;
}

/**
 * A clock for tests: time stands still while anything can run, and jumps straight to the next timer
 * when every task is waiting. A test of code that sleeps for an hour finishes in milliseconds, with
 * the same order of events on every run.
 *
 * It starts at 0. The loop that reads it moves it forward by itself when it is idle; `advance(ms)`
 * moves it by hand, and the loop then runs the timers that came due. Modelled on trio's `MockClock`
 * with `autojump_threshold = 0`; asyncio has no counterpart.
 *
 * @example
 * ```ts
 * import { run, VirtualClock } from "@x/loop";
 * import { sleep } from "@x/task";
 * const clock = new VirtualClock();
 * await run(async () => { await sleep(3_600_000); }, { clock }); // returns at once
 * clock.now(); // 3600000
 * ```
 */
export class VirtualClock implements Clock {
  #now = 0;
  #listener: VirtualClockListener | undefined;

  constructor() {
    Object.defineProperty(this, virtualClockBrand, { value: true });
  }

  /** The current virtual time in milliseconds. */
  now(): number {
    return this.#now;
  }

  /**
   * Move the clock forward by `ms` milliseconds; the loop then runs the timers that came due.
   * @throws RangeError when `ms` is negative, NaN or infinite: time never goes back.
   */
  advance(ms: number): void {
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`VirtualClock.advance(ms) expects a finite number >= 0, got ${String(ms)}`);
    }
    this.#now += ms;
    this.#listener?.clockAdvanced();
  }

  /**
   * Jump to `when` if it is later than now (the loop does this when every task waits).
   * @internal
   */
  jumpTo(when: number): void {
    if (when > this.#now) this.#now = when;
  }

  /**
   * Attach the loop that reads this clock; a clock serves one loop at a time.
   * @internal
   */
  attach(listener: VirtualClockListener | undefined): void {
    this.#listener = listener;
  }
}

/** Whether `clock` is a {@link VirtualClock} (of any installed copy of `@x/loop`). */
export function isVirtualClock(clock: Clock): clock is VirtualClock {
  return hasBrand(clock, virtualClockBrand);
}
