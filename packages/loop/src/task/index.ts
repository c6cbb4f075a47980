/**
 * The task machinery of the loop core: `@x/task` re-exports these (import them from there).
 * @module
 */
export { createTask } from "./create-task.js";
export { allTasks, currentTask } from "./current-task.js";
export { sleep } from "./sleep.js";
export { Task, type TaskOptions } from "./task.js";
