import { isBranded } from "./internal/brand.js";

const cancelledBrand: unique symbol = Symbol.for("@x/loop.CancelledError");
const invalidStateBrand: unique symbol = Symbol.for("@x/loop.InvalidStateError");
const timeoutBrand: unique symbol = Symbol.for("@x/loop.TimeoutError");

/**
 * Thrown into a task (and by `future.result()`) when the task or the awaitable it waits on is cancelled.
 *
 * As in asyncio, cancellation is an exception that travels up the stack so that `finally` blocks run:
 * catch it only to clean up, and rethrow it. Swallowing it makes the task look as if it finished
 * normally, and breaks `timeout()` and `TaskGroup`. `message` is the message given to `cancel(msg)`
 * (empty when none).
 *
 * @example
 * ```ts
 * import { CancelledError } from "@x/loop";
 * try { await work(); } catch (e) { if (e instanceof CancelledError) await cleanUp(); throw e; }
 * ```
 */
export class CancelledError extends Error {
  /** A stable code for logs and checks across copies of the package. */
  readonly code: "ERR_X_CANCELLED" = "ERR_X_CANCELLED";

  constructor(message = "", options?: ErrorOptions) {
    super(message, options);
    this.name = "CancelledError";
    Object.defineProperty(this, cancelledBrand, { value: true });
  }

  /** Whether `value` is one of these errors, also when it comes from another installed copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, CancelledError, value, cancelledBrand);
  }
}

/**
 * Thrown when an object is used in a state that does not allow the call, e.g. `future.result()` on a
 * pending future, `setResult` on a finished one, or `callSoon` on a closed loop. asyncio's
 * `InvalidStateError`; also used where asyncio raises `RuntimeError` for misuse of state.
 */
export class InvalidStateError extends Error {
  /** A stable code for logs and checks across copies of the package. */
  readonly code: "ERR_X_INVALID_STATE" = "ERR_X_INVALID_STATE";

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidStateError";
    Object.defineProperty(this, invalidStateBrand, { value: true });
  }

  /** Whether `value` is one of these errors, also when it comes from another installed copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, InvalidStateError, value, invalidStateBrand);
  }
}

/**
 * Thrown by `timeout()`, `timeoutAt()` and `waitFor()` when the deadline passes. Its `cause` is the
 * `CancelledError` that the deadline delivered and that it replaced, as asyncio chains
 * `TimeoutError` from `CancelledError`. Subclasses (such as the HTTP client's timeout error) stay
 * recognisable with `instanceof TimeoutError`.
 */
export class TimeoutError extends Error {
  /** A stable code for logs and checks across copies of the package. */
  readonly code: string = "ERR_X_TIMEOUT";

  constructor(message = "the deadline passed", options?: ErrorOptions) {
    super(message, options);
    this.name = "TimeoutError";
    Object.defineProperty(this, timeoutBrand, { value: true });
  }

  /** Whether `value` is one of these errors, also when it comes from another installed copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, TimeoutError, value, timeoutBrand);
  }
}
