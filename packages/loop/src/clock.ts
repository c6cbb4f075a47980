import { performance } from "node:perf_hooks";

/**
 * A source of monotonic time in milliseconds, as the loop reads it (`loop.time()`).
 *
 * asyncio's loop reads `time.monotonic()` in seconds; `@x` reads a `Clock` in milliseconds, so that a
 * test can swap in a {@link VirtualClock}.
 */
export interface Clock {
  /** The current time in milliseconds; never goes back. */
  now(): number;
}

/** The default clock: real, monotonic time (`performance.now()`), in milliseconds. */
export class SystemClock implements Clock {
  /** The current monotonic time in milliseconds. */
  now(): number {
    return performance.now();
  }
}
