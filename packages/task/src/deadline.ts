import { currentTask } from "@x/loop/task";
import { earliestDeadline } from "./internal/deadline-stack.js";

/**
 * The deadline in force for the current task: the earliest deadline (loop time, milliseconds) of the
 * `timeout`/`timeoutAt`/`moveOnAfter` scopes that enclose the caller, `Infinity` when there is none.
 * trio's `current_effective_deadline`; asyncio has no counterpart.
 *
 * It lets lower layers (an HTTP request, a queue or lock wait) respect the caller's remaining budget:
 * `currentDeadline() - loop.time()` milliseconds are left. A task started with `tg.createTask()` lives
 * inside the scopes that enclose its task group, so it sees their deadlines too; a task started with
 * plain `createTask()` outlives the scopes of its creator and sees only its own. A scope whose deadline
 * passed keeps reporting it (in the past) until its body ends. Outside any task: `Infinity`.
 *
 * @returns the deadline in loop time (ms), or `Infinity`.
 * @example
 * ```ts
 * import { getEventLoop } from "@x/loop";
 * import { currentDeadline, timeout } from "@x/task";
 * await timeout(2000, async () => {
 *   const left = currentDeadline() - getEventLoop().time(); // 2000
 *   await request({ timeoutMs: left });
 * });
 * ```
 */
export function currentDeadline(): number {
  const task = currentTask();
  return task === undefined ? Number.POSITIVE_INFINITY : earliestDeadline(task);
}
