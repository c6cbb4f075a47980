/**
 * `@x/task`: tasks, `sleep` and asyncio's structured concurrency for `@x` — task groups, timeouts,
 * `waitFor`, `shield`, and the deadline of the current task.
 * @module
 */
export { allTasks, createTask, currentTask, sleep, Task, type TaskOptions } from "@x/loop/task";
export { currentDeadline } from "./deadline.js";
export { ensureFuture } from "./ensure-future.js";
export { moveOnAfter } from "./move-on-after.js";
export { shield } from "./shield.js";
export { TaskGroup } from "./task-group.js";
export { Timeout, timeout, timeoutAt } from "./timeout.js";
export { waitFor } from "./wait-for.js";
