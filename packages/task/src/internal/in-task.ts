import { createTask, currentTask, type Task } from "@x/loop/task";

/**
 * Run `scope(task)` as code of the current task; outside any task, in a new task started at once
 * (eager) on the running loop, else the default loop.
 *
 * A scope (a task group, a timeout) works by cancelling the task that runs it, so it needs one. asyncio
 * refuses to run without a current task; Node code often has none (a plain script, an HTTP handler),
 * and a task of its own is what such a caller would get from `createTask` anyway.
 */
export function inCurrentTask<T>(name: string, scope: (task: Task<unknown>) => Promise<T>): Promise<T> {
  const task = currentTask();
  return task !== undefined ? scope(task) : inOwnTask(name, scope);
}

/**
 * Run `scope(task)` in a new task named `name`, started at once (eager): the part of
 * {@link inCurrentTask} for a caller that has already found no current task.
 */
export function inOwnTask<T>(name: string, scope: (task: Task<unknown>) => Promise<T>): Promise<T> {
  const wrapper = createTask(() => scope(currentTask() as Task<unknown>), { name, eager: true });
  return wrapper.then();
}
