import { AsyncResource } from "node:async_hooks";
import { currentDeadline } from "@x/task";

/** The deadline of the caller's enclosing `timeout()` scopes, and a way to read it again later. */
export interface EnclosingDeadline {
  /** Loop time (ms). */
  readonly when: number;
  /** Reads the deadline again, in the request's async context (a scope may have been rescheduled). */
  readonly recheck: () => number;
}

/**
 * The deadline of the `timeout()`/`timeoutAt()`/`moveOnAfter()` scopes enclosing the caller
 * (`@x/task`'s `currentDeadline()`), if there is one. A request started there never outlives it, even
 * when the task does not wait on it (a request left running inside `Promise.all`).
 */
export function enclosingDeadline(): EnclosingDeadline | undefined {
  const when = currentDeadline();
  if (when === Number.POSITIVE_INFINITY) return undefined;
  return { when, recheck: AsyncResource.bind(currentDeadline) };
}
