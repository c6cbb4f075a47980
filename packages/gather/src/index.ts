/**
 * `@x/gather`: asyncio's combinators — `gather`, `asCompleted`, `wait` — and `map`, with tuple
 * types, cancellation that reaches the children, and no callback left behind on long-lived awaitables.
 * @module
 */
export { type AsCompleted, type AsCompletedOptions, asCompleted } from "./as-completed.js";
export type { Awaitable, AwaitableResult, Started } from "./awaitable.js";
export {
  type GatherOptions,
  type GatherOptionsRaising,
  type GatherResults,
  type GatherSettled,
  gather,
} from "./gather.js";
export { type MapOptions, map } from "./map.js";
export { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, type ReturnWhen } from "./return-when.js";
export { type WaitOptions, wait } from "./wait.js";
