/**
 * `@x/loop`: the event loop core of `@x` — the loop, futures, clocks, `run()` and the errors of the
 * cancellation model. Tasks and `sleep` are imported from `@x/task`.
 * @module
 */
export { type Clock, SystemClock } from "./clock.js";
export { CancelledError, InvalidStateError, TimeoutError } from "./errors.js";
export {
  type ClockHold,
  EventLoop,
  type EventLoopOptions,
  type ExceptionContext,
  type ExceptionHandler,
} from "./event-loop.js";
export { getEventLoop, getRunningLoop } from "./events.js";
export { describeValue, Future, isFuture } from "./future.js";
export { Handle, TimerHandle } from "./handle.js";
export { type RunOptions, run } from "./run.js";
export { VirtualClock } from "./virtual-clock.js";
export { waitAllTasksBlocked } from "./wait-all-tasks-blocked.js";
export { Waiter, type WaiterCancelHook } from "./waiter.js";
