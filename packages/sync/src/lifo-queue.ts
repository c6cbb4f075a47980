import { LifoStore } from "./internal/queue-store.js";
import { Queue, useStore } from "./queue.js";

/**
 * A {@link Queue} that gives the most recently put item first: asyncio's `LifoQueue`. Everything
 * else (waiting, fairness, `join`, `shutdown`, iteration) is the Queue's.
 *
 * @example
 * ```ts
 * import { LifoQueue } from "@x/sync";
 * const stack = new LifoQueue<number>();
 * stack.putNowait(1);
 * stack.putNowait(2);
 * stack.getNowait(); // 2
 * ```
 */
export class LifoQueue<T = unknown> extends Queue<T> {
  /**
   * @param maxsize the capacity; 0 or less (the default) means unbounded.
   * @throws TypeError when `maxsize` is not a number; RangeError when it is NaN or fractional.
   */
  constructor(maxsize = 0) {
    super(maxsize);
    useStore<T>(this, new LifoStore<T>());
  }
}
