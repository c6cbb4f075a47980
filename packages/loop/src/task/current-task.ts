import { getEventLoop } from "../events.js";
import { currentContext } from "../internal/shared-state.js";
import type { Task } from "./task.js";

/**
 * The task running in the caller's async context, or `undefined` outside a task (asyncio returns
 * `None`). Unlike asyncio, it does not need a running loop.
 */
export function currentTask(): Task<unknown> | undefined {
  const task = currentContext()?._task as Task<unknown> | undefined;
  return task !== undefined && !task.done() ? task : undefined;
}

/** The tasks of the running loop (else the default loop) that are not done yet: asyncio's `all_tasks`. */
export function allTasks(): Set<Task<unknown>> {
  return getEventLoop()._pendingTasks();
}
