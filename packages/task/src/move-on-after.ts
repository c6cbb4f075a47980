import { checkBody, checkTime } from "./internal/describe.js";
import { runTimeoutScope, type Timeout } from "./timeout.js";

/**
 * Run `body` with a deadline `ms` milliseconds from now, and give up quietly when it passes: the
 * promise resolves with `undefined` instead of throwing `TimeoutError`. trio's `move_on_after`;
 * asyncio has no counterpart (it is `timeout()` with the `TimeoutError` caught).
 *
 * Everything else is as `timeout()`: only this scope's own expiry is swallowed — a `TimeoutError`
 * from an inner scope, a cancellation of the task from elsewhere and the body's errors propagate.
 * Check `t.expired()` on the scope to tell an expiry from a body that returned `undefined`.
 *
 * @param ms the delay in milliseconds (loop time), or `null` for none.
 * @param body the code to run; it gets the {@link Timeout}.
 * @returns what `body` returns, or `undefined` when the deadline passed first.
 * @throws whatever `body` throws (but not this scope's `TimeoutError`).
 * @throws TypeError when `ms` is not a number or `null`, or `body` is not a function; RangeError when `ms` is NaN.
 * @example
 * ```ts
 * import { moveOnAfter } from "@x/task";
 * const reply = await moveOnAfter(100, () => queue.get()); // undefined after 100 ms
 * ```
 */
export function moveOnAfter<T>(
  ms: number | null,
  body: (t: Timeout) => PromiseLike<T>,
): Promise<T | undefined> {
  checkTime("moveOnAfter(ms, body)", "ms", ms);
  checkBody("moveOnAfter(ms, body)", body);
  return runTimeoutScope<T | undefined>(ms, body, true);
}
