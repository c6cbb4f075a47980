import { describeValue } from "@x/loop";

export { describeValue };

/** Whether `value` is a promise-like object or function (it has a `then` method). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * Check a delay or deadline argument: a number (negative and infinite values are allowed) or `null`.
 * @throws TypeError when it is neither; RangeError when it is NaN.
 */
export function checkTime(where: string, name: string, value: unknown): asserts value is number | null {
  if (value === null) return;
  if (typeof value !== "number") {
    throw new TypeError(
      `${where}: ${name} must be a number of milliseconds or null, got ${describeValue(value)}`,
    );
  }
  if (Number.isNaN(value)) throw new RangeError(`${where}: ${name} must not be NaN`);
}

/** @throws TypeError when `value` is not a function. */
export function checkBody(where: string, value: unknown): void {
  if (typeof value !== "function") {
    throw new TypeError(
      `${where} expects an async function as its body, got ${describeValue(value)}; ` +
        "pass the function itself, not its promise",
    );
  }
}
