/** Argument checks shared by the primitives: each throws TypeError/RangeError naming what it got. */

import { describeValue } from "@x/loop";

export { describeValue };

/** The options every wait takes. */
export interface WaitOptions {
  /**
   * Abort just this wait: it rejects with `signal.reason` (at once when the signal is already
   * aborted). A wait that has already been granted is not undone.
   */
  signal?: AbortSignal | undefined;
}

function isSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AbortSignal).aborted === "boolean" &&
    typeof (value as AbortSignal).addEventListener === "function"
  );
}

/**
 * The signal of `options`, checked; undefined when none was given.
 * @param owner the object (or class name) whose method was called, for the message of a TypeError.
 */
export function signalOf(
  options: WaitOptions | undefined,
  owner: object | string,
  method: string,
): AbortSignal | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `${callName(owner, method)}: options must be an object, got ${describeValue(options)}`,
    );
  }
  const { signal } = options;
  if (signal === undefined) return undefined;
  if (!isSignal(signal)) {
    throw new TypeError(
      `${callName(owner, method)}: options.signal must be an AbortSignal, got ${describeValue(signal)}`,
    );
  }
  return signal;
}

/** `Class.method()`, for messages (built only when a message is needed). */
export function callName(owner: object | string, method: string): string {
  return `${typeof owner === "string" ? owner : owner.constructor.name}.${method}()`;
}

/**
 * Check a count such as a semaphore's value: an integer >= `min` (or Infinity when allowed).
 * @throws TypeError when it is not a number; RangeError when it is NaN, fractional or too small.
 */
export function checkCount(
  what: string,
  value: unknown,
  min: number,
  allowInfinity = false,
): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(`${what} must be a number, got ${describeValue(value)}`);
  }
  if (allowInfinity && value === Number.POSITIVE_INFINITY) return;
  if (!Number.isInteger(value) || value < min) {
    const expected = allowInfinity ? `an integer >= ${min} or Infinity` : `an integer >= ${min}`;
    throw new RangeError(`${what} must be ${expected}, got ${String(value)}`);
  }
}

/** @throws TypeError unless `fn` is a function. */
export function checkFunction(what: string, fn: unknown): asserts fn is (...args: never[]) => unknown {
  if (typeof fn !== "function") throw new TypeError(`${what} must be a function, got ${describeValue(fn)}`);
}
