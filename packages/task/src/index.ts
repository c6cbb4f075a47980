/**
 * `@x/task`: tasks, `sleep` and asyncio's structured concurrency for @x.
 * @module
 */
export { allTasks, createTask, currentTask, sleep, Task, type TaskOptions } from "@x/loop/task";
