import { isBranded, setBrand } from "./internal/brand.js";

const brokenBarrierBrand: unique symbol = Symbol.for("@x/sync.BrokenBarrierError");
const queueEmptyBrand: unique symbol = Symbol.for("@x/sync.QueueEmpty");
const queueFullBrand: unique symbol = Symbol.for("@x/sync.QueueFull");
const queueShutDownBrand: unique symbol = Symbol.for("@x/sync.QueueShutDown");

/**
 * Thrown by `Barrier.wait()` when the barrier is broken (`abort()`) or reset (`reset()`) while the
 * task waits, and by every later `wait()` on a broken barrier until `reset()`. asyncio's
 * `BrokenBarrierError`.
 *
 * @example
 * ```ts
 * import { Barrier, BrokenBarrierError } from "@x/sync";
 * try { await barrier.wait(); } catch (e) { if (!(e instanceof BrokenBarrierError)) throw e; }
 * ```
 */
export class BrokenBarrierError extends Error {
  /** A stable code for logs and checks across copies of the package. */
  readonly code: "ERR_X_BROKEN_BARRIER" = "ERR_X_BROKEN_BARRIER";

  constructor(message = "the barrier is broken", options?: ErrorOptions) {
    super(message, options);
    this.name = "BrokenBarrierError";
    setBrand(this, brokenBarrierBrand);
  }

  /** Whether `value` is one of these errors, also when it comes from another installed copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, BrokenBarrierError, value, brokenBarrierBrand);
  }
}

/**
 * Thrown by `Queue.getNowait()` when the queue has no item to give. asyncio's `QueueEmpty`.
 *
 * @example
 * ```ts
 * import { Queue, QueueEmpty } from "@x/sync";
 * try { queue.getNowait(); } catch (e) { if (!(e instanceof QueueEmpty)) throw e; }
 * ```
 */
export class QueueEmpty extends Error {
  /** A stable code for logs and checks across copies of the package. */
  readonly code: "ERR_X_QUEUE_EMPTY" = "ERR_X_QUEUE_EMPTY";

  constructor(message = "the queue is empty", options?: ErrorOptions) {
    super(message, options);
    this.name = "QueueEmpty";
    setBrand(this, queueEmptyBrand);
  }

  /** Whether `value` is one of these errors, also when it comes from another installed copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, QueueEmpty, value, queueEmptyBrand);
  }
}

/**
 * Thrown by `Queue.putNowait()` when the queue has no free slot. asyncio's `QueueFull`.
 *
 * @example
 * ```ts
 * import { Queue, QueueFull } from "@x/sync";
 * try { queue.putNowait(job); } catch (e) { if (e instanceof QueueFull) dropped++; else throw e; }
 * ```
 */
export class QueueFull extends Error {
  /** A stable code for logs and checks across copies of the package. */
  readonly code: "ERR_X_QUEUE_FULL" = "ERR_X_QUEUE_FULL";

  constructor(message = "the queue is full", options?: ErrorOptions) {
    super(message, options);
    this.name = "QueueFull";
    setBrand(this, queueFullBrand);
  }

  /** Whether `value` is one of these errors, also when it comes from another installed copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, QueueFull, value, queueFullBrand);
  }
}

/**
 * Thrown by `Queue.put()`/`putNowait()` once the queue is shut down, and by `get()`/`getNowait()`
 * once it is shut down and empty (at once after `shutdown(true)`); waiting `put()`s and `get()`s
 * fail with it when `shutdown()` is called. asyncio's `QueueShutDown` (Python 3.13).
 * `for await (const item of queue)` ends on it instead of throwing.
 *
 * @example
 * ```ts
 * import { Queue, QueueShutDown } from "@x/sync";
 * try { await queue.put(job); } catch (e) { if (!(e instanceof QueueShutDown)) throw e; }
 * ```
 */
export class QueueShutDown extends Error {
  /** A stable code for logs and checks across copies of the package. */
  readonly code: "ERR_X_QUEUE_SHUT_DOWN" = "ERR_X_QUEUE_SHUT_DOWN";

  constructor(message = "the queue is shut down", options?: ErrorOptions) {
    super(message, options);
    this.name = "QueueShutDown";
    setBrand(this, queueShutDownBrand);
  }

  /** Whether `value` is one of these errors, also when it comes from another installed copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, QueueShutDown, value, queueShutDownBrand);
  }
}
