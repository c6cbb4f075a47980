import type { ClientTimeouts } from "../options.js";
import type { Timeouts } from "./request-timer.js";

/** The defaults: bound a dead connection attempt and a stalled server, never a slow but live download. */
export const DEFAULT_TIMEOUTS: Timeouts = {
  total: Number.POSITIVE_INFINITY,
  poolWait: Number.POSITIVE_INFINITY,
  connect: 30_000,
  read: 300_000,
};

const NAMES = ["total", "poolWait", "connect", "read"] as const;

function value(ms: unknown, where: string, name: string): number {
  if (ms === null) return Number.POSITIVE_INFINITY;
  if (typeof ms !== "number") {
    throw new TypeError(`${where}.${name} must be a number of milliseconds or null, got ${typeof ms}`);
  }
  if (Number.isNaN(ms)) throw new RangeError(`${where}.${name} must not be NaN`);
  return Math.max(0, ms);
}

/**
 * `base` overridden by the entries of `init`. A number stands for `{ total: n }`.
 * @throws TypeError on an unknown entry or a value that is not a number or null; RangeError on NaN.
 */
export function mergeTimeouts(
  base: Timeouts,
  init: ClientTimeouts | number | null | undefined,
  where: string,
): Timeouts {
  if (init === undefined) return base;
  if (init === null) return { ...base, total: Number.POSITIVE_INFINITY };
  if (typeof init === "number") return { ...base, total: value(init, where, "total") };
  if (typeof init !== "object") {
    throw new TypeError(
      `${where} must be an object of timeouts in ms ({ total, poolWait, connect, read }), got ${typeof init}`,
    );
  }
  const merged = { ...base };
  for (const key of Object.keys(init)) {
    if (!(NAMES as readonly string[]).includes(key)) {
      throw new TypeError(`${where}: unknown timeout "${key}" (expected total, poolWait, connect or read)`);
    }
    const ms = (init as Record<string, unknown>)[key];
    if (ms !== undefined) merged[key as (typeof NAMES)[number]] = value(ms, where, key);
  }
  return merged;
}
