import { getEventLoop } from "./events.js";

/**
 * Resolve once every other task of the loop is blocked: nothing is ready to run and (with a
 * `VirtualClock`) before the clock would jump. A task waiting here counts as blocked. trio's
 * `wait_all_tasks_blocked`, for tests; asyncio has no counterpart.
 *
 * @example
 * ```ts
 * import { waitAllTasksBlocked } from "@x/loop";
 * createTask(() => queue.get());
 * await waitAllTasksBlocked(); // the getter now waits in the queue
 * ```
 */
export function waitAllTasksBlocked(): Promise<void> {
  return getEventLoop()._whenAllBlocked();
}
