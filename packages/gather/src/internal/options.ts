import { describe } from "./describe.js";

/** Whether `value` is a plain object (`{ … }`, or made with a null prototype) that is not awaitable. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return typeof (value as { then?: unknown }).then !== "function";
}

/**
 * Check that `options` is undefined or a plain object holding only `known` keys.
 * @returns the options, `{}` when undefined.
 */
export function checkOptions(
  fn: string,
  options: unknown,
  known: readonly string[],
): Readonly<Record<string, unknown>> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${fn}: unknown option ${JSON.stringify(key)} (the options are ${known.map((k) => `"${k}"`).join(", ")})`,
      );
    }
  }
  return options as Record<string, unknown>;
}

/**
 * A timeout in milliseconds: `undefined` or `null` mean none; a negative one means "already passed".
 * @throws TypeError when it is not a number; RangeError when it is NaN.
 */
export function checkTimeout(fn: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") {
    throw new TypeError(
      `${fn}: options.timeout must be a number of milliseconds or null, got ${describe(value)}`,
    );
  }
  if (Number.isNaN(value)) throw new RangeError(`${fn}: options.timeout must not be NaN`);
  return value;
}

/**
 * A concurrency limit: a whole number >= 1, or `Infinity` (the default: no limit).
 * @throws TypeError when it is not a number; RangeError when it is not a whole number >= 1.
 */
export function checkLimit(fn: string, value: unknown): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (typeof value !== "number") {
    throw new TypeError(`${fn}: options.limit must be a number, got ${describe(value)}`);
  }
  if (value !== Number.POSITIVE_INFINITY && !(Number.isInteger(value) && value >= 1)) {
    throw new RangeError(
      `${fn}: options.limit must be a whole number >= 1 or Infinity, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * A boolean option.
 * @throws TypeError when it is neither undefined nor a boolean.
 */
export function checkBoolean(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new TypeError(`${fn}: options.${name} must be a boolean, got ${describe(value)}`);
  }
  return value;
}
