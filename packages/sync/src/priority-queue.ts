import { checkFunction, describeValue } from "./internal/arguments.js";
import { HeapStore } from "./internal/queue-store.js";
import { Queue, useStore } from "./queue.js";

/** Options of `new PriorityQueue()`. */
export interface PriorityQueueOptions<T> {
  /**
   * Order two items as `Array.prototype.sort`'s comparator does: negative when `a` comes first.
   * Default: numbers, bigints and strings in their natural order, arrays element by element
   * (a shorter prefix first), so `[priority, item]` works like a Python tuple.
   */
  compare?: ((a: T, b: T) => number) | undefined;
}

function isNumeric(value: unknown): value is number | bigint {
  return typeof value === "number" || typeof value === "bigint";
}

/**
 * The default order of a {@link PriorityQueue}: Python's, for the values JavaScript can compare.
 * @throws TypeError for values it cannot order (objects, mixed kinds), as Python does.
 */
export function defaultCompare(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = defaultCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if ((isNumeric(a) && isNumeric(b)) || (typeof a === "string" && typeof b === "string")) {
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  throw new TypeError(
    `PriorityQueue: cannot order ${describeValue(a)} and ${describeValue(b)}; use numbers, strings, ` +
      "bigints or arrays of them as priorities (e.g. [priority, sequence, item]), or pass { compare }",
  );
}

/**
 * A {@link Queue} that gives the smallest item first: asyncio's `PriorityQueue`. Items are ordered by
 * `compare`, by default as Python orders numbers, strings and tuples, so `[priority, item]` entries
 * work as in Python (add a sequence number, `[priority, seq, item]`, when items themselves cannot be
 * compared). Equal items come out in no particular order, as from Python's heap.
 *
 * @example
 * ```ts
 * import { PriorityQueue } from "@x/sync";
 * const q = new PriorityQueue<[number, string]>();
 * q.putNowait([2, "later"]);
 * q.putNowait([1, "first"]);
 * q.getNowait(); // [1, "first"]
 * ```
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  /**
   * @param maxsize the capacity; 0 or less (the default) means unbounded.
   * @param options `compare` replaces the default order.
   * @throws TypeError when `maxsize` is not a number or `compare` not a function; RangeError when
   *   `maxsize` is NaN or fractional.
   */
  constructor(maxsize = 0, options: PriorityQueueOptions<T> = {}) {
    super(maxsize);
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `new PriorityQueue(maxsize, options): options must be an object, got ${describeValue(options)}`,
      );
    }
    const { compare = defaultCompare } = options;
    checkFunction("new PriorityQueue(): options.compare", compare);
    useStore<T>(this, new HeapStore<T>(compare));
  }
}
