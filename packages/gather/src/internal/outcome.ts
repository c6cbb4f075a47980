import type { Future } from "@x/loop";

/**
 * The error a finished future ended with (its `CancelledError` when cancelled), or `undefined` when it
 * succeeded. Marks a failure as retrieved, as asyncio's `exception()` does. A future that failed with
 * the value `undefined` counts as failed too (hence the `failed` flag).
 */
export function errorOf(fut: Future<unknown>): { failed: boolean; error: unknown } {
  try {
    fut.result();
    return { failed: false, error: undefined };
  } catch (error) {
    return { failed: true, error };
  }
}

/** Whether a finished future failed (not cancelled), marking its exception retrieved. */
export function failedWithException(fut: Future<unknown>): boolean {
  return !fut.cancelled() && errorOf(fut).failed;
}
