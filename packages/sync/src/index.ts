/**
 * `@x/sync`: asyncio's synchronization primitives and queues for `@x` — fair (FIFO), safe under
 * cancellation, with `using`-friendly releasers, `{ signal }` on every wait and `statistics()` —
 * plus trio's `CapacityLimiter` and a `KeyedLimiter`.
 * @module
 */
export { Barrier, type BarrierState, type BarrierStatistics } from "./barrier.js";
export {
  CapacityLimiter,
  type CapacityLimiterStatistics,
} from "./capacity-limiter.js";
export { Condition, type ConditionStatistics } from "./condition.js";
export { BrokenBarrierError, QueueEmpty, QueueFull, QueueShutDown } from "./errors.js";
export { Event, type EventStatistics } from "./event.js";
export type { WaitOptions } from "./internal/arguments.js";
export type { Releaser } from "./internal/releaser.js";
export {
  KeyedLimiter,
  type KeyedLimiterKeyStatistics,
  type KeyedLimiterOptions,
  type KeyedLimiterStatistics,
} from "./keyed-limiter.js";
export { LifoQueue } from "./lifo-queue.js";
export { Lock, type LockStatistics } from "./lock.js";
export { PriorityQueue, type PriorityQueueOptions } from "./priority-queue.js";
export { Queue, type QueueStatistics } from "./queue.js";
export { BoundedSemaphore, Semaphore, type SemaphoreStatistics } from "./semaphore.js";
