import { getEventLoop } from "../events.js";
import { Task, type TaskOptions } from "./task.js";

/**
 * Run `coro` as a new {@link Task} on the running loop (else the default loop) and return the task.
 *
 * A function starts on a later loop iteration, in creation order, inside the task's async context
 * (with `eager: true` it starts at once, like asyncio's eager tasks); a promise is awaited by the task.
 * Unlike asyncio, a task does not need a running loop: outside `run()` it runs on the default loop.
 *
 * @throws TypeError when `coro` is not a function or a promise.
 * @example
 * ```ts
 * import { createTask, sleep } from "@x/task";
 * const task = createTask(async () => { await sleep(1000); return 1; }, { name: "slow" });
 * task.cancel(); // the sleep fails with CancelledError
 * ```
 */
export function createTask<T>(coro: (() => PromiseLike<T>) | PromiseLike<T>, options?: TaskOptions): Task<T> {
  return new Task<T>(getEventLoop(), coro, options);
}
