import { CancelledError, type EventLoop, type Future, InvalidStateError } from "@x/loop";
import type { Task, TaskOptions } from "@x/loop/task";
import { type DeadlineFrame, deadlineFrames, inheritDeadlines } from "./internal/deadline-stack.js";
import { checkBody } from "./internal/describe.js";
import { inCurrentTask } from "./internal/in-task.js";

const CREATED = 0;
const ENTERED = 1;
const EXITING = 2;
const FINISHED = 3;

type State = typeof CREATED | typeof ENTERED | typeof EXITING | typeof FINISHED;

/**
 * A group of tasks that ends only when all of them have: asyncio's `TaskGroup` (3.11+, with 3.13's
 * handling of cancellations and 3.15's `cancel()`).
 *
 * `TaskGroup.run(async (tg) => …)` runs the body as code of the current task; the body starts
 * children with `tg.createTask()`. When the body has returned, the group waits for every child. The
 * first child that fails (with anything but a cancellation) cancels the body — the task running it
 * gets a `CancelledError` where it waits — and every other child; a body that fails cancels the
 * children too. The group then throws an `AggregateError` of every error that ended it (the
 * children's, then the body's; cancellations are not errors), as asyncio throws an `ExceptionGroup`.
 * Otherwise `run` returns what the body returned.
 *
 * Cancellation, as asyncio 3.13: the cancellation the group sends to its own task to stop the body is
 * withdrawn (`uncancel()`) before `run` settles, so it never escapes the group. A cancellation of the
 * task from elsewhere cancels the children, waits for them, and propagates as `CancelledError` — unless
 * children failed, in which case the `AggregateError` is thrown and the task stays cancelled
 * (`cancelling()` keeps its count, the next await of ours throws `CancelledError`): nothing is lost.
 * `tg.cancel()` stops the body and the children and ends the group without an error.
 *
 * Differences from asyncio: the scope is the body callback (asyncio's `async with TaskGroup() as tg`);
 * outside any task the body runs in a new task (asyncio requires one); errors come as
 * `AggregateError`; state misuse throws `InvalidStateError` (asyncio: `RuntimeError`). When
 * `tg.cancel()` stops the body before it returns, `run` resolves with `undefined`.
 *
 * @example
 * ```ts
 * import { TaskGroup } from "@x/task";
 * const [user, posts] = await TaskGroup.run(async (tg) => {
 *   const user = tg.createTask(() => api.user(id));
 *   const posts = tg.createTask(() => api.posts(id));
 *   return [user, posts];
 * });
 * console.log(user.result(), posts.result());
 * ```
 */
export class TaskGroup {
  #state: State = CREATED;
  #aborting = false;
  #cancelOnEnter = false;
  #parent: Task<unknown> | undefined = undefined;
  #parentCancelRequested = false;
  #loop: EventLoop | undefined = undefined;
  readonly #tasks = new Set<Task<unknown>>();
  #errors: unknown[] = [];
  #onCompleted: Future<void> | undefined = undefined;
  #deadlines: readonly DeadlineFrame[] = [];
  readonly #onTaskDone = (task: Task<unknown>): void => this.#taskDone(task);

  /**
   * Run `body` in a new task group and wait for every task it started: `async with TaskGroup() as tg`.
   *
   * @param body the code of the group; it gets the group, to start tasks in it.
   * @returns what `body` returns (`undefined` if `tg.cancel()` stopped it first).
   * @throws AggregateError of every error of the children and the body; CancelledError when the task
   *   running the group was cancelled from elsewhere (and no child failed).
   * @throws TypeError when `body` is not a function.
   * @example
   * ```ts
   * import { TaskGroup, sleep } from "@x/task";
   * await TaskGroup.run(async (tg) => {
   *   for (const url of urls) tg.createTask(() => download(url));
   * }); // every download has finished here
   * ```
   */
  static run<T>(body: (tg: TaskGroup) => PromiseLike<T>): Promise<T> {
    checkBody("TaskGroup.run(body)", body);
    return new TaskGroup().run(body);
  }

  /**
   * Run `body` in this group (once): the instance form of {@link TaskGroup.run}, for a group made
   * beforehand — for instance one that was handed out so that someone can `cancel()` it.
   * @throws InvalidStateError when the group was already run.
   */
  run<T>(body: (tg: TaskGroup) => PromiseLike<T>): Promise<T> {
    checkBody("TaskGroup.run(body)", body);
    if (this.#state !== CREATED) throw new InvalidStateError("TaskGroup has already been entered");
    return inCurrentTask("TaskGroup", (task) => this.#run(task, body));
  }

  /**
   * Start `coro` as a task of the group: `createTask` whose task the group waits for and watches.
   * A failure of the task cancels the group (see the class notes). Tasks may start more tasks in the
   * group while it waits for them. A child also lives inside the deadlines that enclose the group
   * (`currentDeadline()` reports them).
   *
   * @param coro an async function (or a promise, awaited by the task).
   * @param options `name`, `eager` as for `createTask`.
   * @returns the new task.
   * @throws InvalidStateError when the group has not been entered, is finished (its body returned and
   *   every task ended), or is shutting down (a failure or `cancel()` is cancelling it).
   */
  createTask<T>(coro: (() => PromiseLike<T>) | PromiseLike<T>, options?: TaskOptions): Task<T> {
    if (this.#state === CREATED) throw new InvalidStateError("TaskGroup has not been entered");
    if (this.#state === FINISHED || (this.#state === EXITING && this.#tasks.size === 0)) {
      throw new InvalidStateError("TaskGroup is finished");
    }
    if (this.#aborting) throw new InvalidStateError("TaskGroup is shutting down");
    const task = (this.#loop as EventLoop).createTask(coro, options);
    inheritDeadlines(task as Task<unknown>, this.#deadlines);
    // Watch it even if it already finished (an eager task): its failure must still cancel the group.
    this.#tasks.add(task as Task<unknown>);
    task.addDoneCallback(this.#onTaskDone as (t: Task<T>) => void);
    // An eager child may have cancelled the group before it joined the set.
    if (this.#aborting && !task.done()) task.cancel();
    return task;
  }

  /**
   * Stop the group early and cleanly (asyncio 3.15): cancel every task of the group and the body,
   * and let `run` end without a `CancelledError` (it resolves with the body's value if the body had
   * already returned, else `undefined`). Errors of tasks that fail while being cancelled are still
   * thrown. Called before the group is entered, the group is cancelled as it enters; called after it
   * finished, it does nothing. Idempotent.
   */
  cancel(): void {
    if (this.#state === CREATED) {
      this.#cancelOnEnter = true;
      return;
    }
    if (this.#state === FINISHED || (this.#state === EXITING && this.#tasks.size === 0)) return;
    if (this.#aborting) return;
    this.#abort();
    const parent = this.#parent;
    if (parent !== undefined && !this.#parentCancelRequested) {
      this.#parentCancelRequested = true;
      parent.cancel();
    }
  }

  /** `TaskGroup <entered tasks=2>`, `TaskGroup <cancelling tasks=1 errors=1>`… */
  toString(): string {
    const state = this.#aborting ? "cancelling" : ["created", "entered", "exiting", "finished"][this.#state];
    const tasks = this.#tasks.size > 0 ? ` tasks=${this.#tasks.size}` : "";
    const errors = this.#errors.length > 0 ? ` errors=${this.#errors.length}` : "";
    return `TaskGroup <${state}${tasks}${errors}>`;
  }

  async #run<T>(parent: Task<unknown>, body: (tg: TaskGroup) => PromiseLike<T>): Promise<T> {
    if (this.#state !== CREATED) throw new InvalidStateError("TaskGroup has already been entered");
    // __aenter__
    this.#state = ENTERED;
    this.#parent = parent;
    this.#loop = parent.getLoop();
    this.#deadlines = deadlineFrames(parent);
    if (this.#cancelOnEnter) this.cancel();
    let result: T | undefined;
    let failed = false;
    let bodyError: unknown;
    try {
      result = await body(this);
    } catch (error) {
      failed = true;
      bodyError = error;
    }
    try {
      await this.#exit(parent, failed, bodyError);
    } finally {
      this.#state = FINISHED;
      this.#parent = undefined;
      this.#errors = [];
      this.#deadlines = [];
    }
    return result as T;
  }

  /** __aexit__: wait for the tasks, then decide what escapes. */
  async #exit(parent: Task<unknown>, failed: boolean, bodyError: unknown): Promise<void> {
    this.#state = EXITING;
    let propagateCancellation: unknown =
      failed && bodyError instanceof CancelledError ? bodyError : undefined;
    // The body failed (or its task is being cancelled): stop the children.
    if (failed && !this.#aborting) this.#abort();
    // A loop, because the task may be cancelled again (or several times) while it waits.
    let pendingCancellation: unknown;
    while (this.#tasks.size > 0) {
      this.#onCompleted ??= (this.#loop as EventLoop).createFuture<void>();
      try {
        await this.#onCompleted;
      } catch (error) {
        pendingCancellation = error;
        if (!this.#aborting) {
          // The task running the group is cancelled from elsewhere while the group waits.
          propagateCancellation = error;
          this.#abort();
        }
      }
      this.#onCompleted = undefined;
    }
    if (this.#parentCancelRequested) {
      // The group cancelled its own task: withdraw that request, it must not escape the group.
      if (parent.uncancel() === 0) propagateCancellation = undefined;
      else propagateCancellation ??= pendingCancellation; // the one left is not ours (gh-155433)
    }
    const errors = this.#errors;
    // A cancellation propagates, unless there are errors: they take priority.
    if (propagateCancellation !== undefined && errors.length === 0) throw propagateCancellation;
    if (failed && !(bodyError instanceof CancelledError)) errors.push(bodyError);
    if (errors.length > 0) {
      // A cancellation from elsewhere stays requested (the count unchanged), to be delivered at the
      // task's next await: asyncio 3.13.
      if (parent.cancelling() > 0) {
        parent.uncancel();
        parent.cancel();
      }
      const n = errors.length;
      throw new AggregateError(
        errors,
        `unhandled errors in a TaskGroup (${n} sub-error${n === 1 ? "" : "s"})`,
      );
    }
  }

  #abort(): void {
    this.#aborting = true;
    for (const task of this.#tasks) if (!task.done()) task.cancel();
  }

  #taskDone(task: Task<unknown>): void {
    this.#tasks.delete(task);
    const onCompleted = this.#onCompleted;
    if (onCompleted !== undefined && this.#tasks.size === 0 && !onCompleted.done()) {
      onCompleted.setResult(undefined);
    }
    if (task.cancelled()) return;
    let error: unknown;
    try {
      task.result();
      return;
    } catch (e) {
      error = e;
    }
    this.#errors.push(error);
    const parent = this.#parent as Task<unknown>;
    if (parent.done()) {
      (this.#loop as EventLoop).callExceptionHandler({
        message: `Task '${task.getName()}' failed but the task of its TaskGroup, '${parent.getName()}', is already done`,
        exception: error,
        task,
      });
      return;
    }
    if (!this.#aborting && !this.#parentCancelRequested) {
      // Stop the body: cancel the task running it, and withdraw that request when the group exits.
      this.#abort();
      this.#parentCancelRequested = true;
      parent.cancel();
    }
  }
}
