import { CancelledError, InvalidStateError } from "../errors.js";
import type { EventLoop } from "../event-loop.js";
import { CANCELLED, describeValue, FULFILLED, Future, isThenable, REJECTED } from "../future.js";
import type { FutureCore } from "../internal/protocol.js";
import { shared } from "../internal/shared-state.js";

/** Options of `createTask()`. */
export interface TaskOptions {
  /** The task's name, for messages and debugging (default `Task-N`). */
  name?: string;
  /** Start the function at once, in the caller's turn, instead of on a later loop iteration. */
  eager?: boolean;
}

let lastTaskId = 0;

/**
 * A function (or promise) running as a task on a loop: asyncio's `Task`, awaitable and cancellable.
 *
 * The function runs inside the task's async context, so every awaitable of `@x` knows which task waits
 * on it. `cancel()` is a request, delivered as in asyncio: the awaitable the task is blocked on fails
 * with `CancelledError` (awaiting a task and being cancelled cancels that task too); if the task is
 * not blocked on one of ours at that moment, the next one it awaits fails at once. One `cancel()`
 * delivers one `CancelledError`; the task may catch it and go on (`cancelling()` and `uncancel()`
 * count the requests). A cancellation still undelivered when the function returns ends the task
 * cancelled. Pending tasks are held by their loop, so a task nobody refers to is never lost.
 *
 * Beyond asyncio: `signal` is an `AbortSignal` that aborts when the task is cancelled, for APIs that
 * are not ours (`fetch`, streams, timers).
 *
 * @example
 * ```ts
 * import { createTask, sleep } from "@x/task";
 * const task = createTask(async () => { await sleep(100); return "done"; }, { name: "worker" });
 * console.log(await task); // "done"
 * ```
 */
export class Task<T = unknown> extends Future<T> {
  /** @internal */
  _waitingOn: FutureCore | undefined = undefined;
  /** @internal */
  _cancelTarget: FutureCore | undefined = undefined;
  /** @internal */
  _mustCancel = false;
  /** Links of the loop's list of pending tasks. @internal */
  _prev: Task<unknown> | undefined = undefined;
  /** @internal */
  _next: Task<unknown> | undefined = undefined;
  /** The name, or until one is asked for, the number of the default name `Task-N`. */
  #name: string | number;
  #cancelsRequested = 0;
  #abort: AbortController | undefined = undefined;

  /**
   * Make a task on `loop` (prefer `createTask()` or `loop.createTask()`).
   * @throws TypeError when `coro` is neither a function nor a promise, or an option has the wrong type.
   */
  constructor(loop: EventLoop, coro: (() => PromiseLike<T>) | PromiseLike<T>, options?: TaskOptions) {
    super(loop);
    if (typeof coro !== "function" && !isThenable(coro)) {
      throw new TypeError(
        `createTask(coro) expects an async function (or a promise), got ${describeValue(coro)}; ` +
          "pass the function itself, as in createTask(main) or createTask(() => work(1))",
      );
    }
    let name: string | undefined;
    let eager = false;
    if (options !== undefined) {
      if (typeof options !== "object" || options === null) {
        throw new TypeError(
          `createTask(coro, options): options must be an object, got ${describeValue(options)}`,
        );
      }
      name = options.name;
      eager = options.eager ?? false;
      if (name !== undefined && typeof name !== "string") {
        throw new TypeError(`createTask(): options.name must be a string, got ${describeValue(name)}`);
      }
      if (typeof eager !== "boolean") {
        throw new TypeError(`createTask(): options.eager must be a boolean, got ${describeValue(eager)}`);
      }
    }
    this.#name = name ?? ++lastTaskId;
    // Until the task starts, `_value` (unused while pending) holds the function or promise to run.
    this._value = coro;
    loop._taskStarted(this as Task<unknown>);
    if (eager) this.#start(false, false);
    else loop._push(this);
  }

  /** The task of the async context (RunContext): the task itself. @internal */
  get _task(): Task<T> {
    return this;
  }

  /** `"Task"`, for `Object.prototype.toString`. */
  override get [Symbol.toStringTag](): string {
    return "Task";
  }

  /** The task's name (`Task-N` unless one was given). */
  getName(): string {
    if (typeof this.#name === "number") this.#name = `Task-${this.#name}`;
    return this.#name;
  }

  /** Rename the task. */
  setName(name: string): void {
    if (typeof name !== "string")
      throw new TypeError(`setName(name) expects a string, got ${describeValue(name)}`);
    this.#name = name;
  }

  /**
   * An `AbortSignal` that aborts (with a `CancelledError` as its reason) when the task is cancelled,
   * for APIs that are not ours. It stays aborted even if the task catches the cancellation.
   */
  get signal(): AbortSignal {
    if (this.#abort === undefined) {
      this.#abort = new AbortController();
      if (this.#cancelsRequested > 0 || this.cancelled())
        this.#abort.abort(new CancelledError(this._cancelMessage ?? ""));
    }
    return this.#abort.signal;
  }

  /**
   * Request cancellation: the task gets a `CancelledError(msg)` where it waits (see the class notes).
   * @returns `false` when the task is already done, otherwise `true`.
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    if (msg !== undefined && typeof msg !== "string") {
      throw new TypeError(`cancel(msg) expects a string message or nothing, got ${typeof msg}`);
    }
    this.#cancelsRequested++;
    if (this.#abort !== undefined && !this.#abort.signal.aborted)
      this.#abort.abort(new CancelledError(msg ?? ""));
    const waitingOn = this._waitingOn;
    // As asyncio: keep _waitingOn, it may be a task that ignores the request and must be cancelled again.
    // A waiter already resolved but not delivered gives its value back now, so that a permit or an
    // item handed to this task goes on to the next in line before anybody else can run.
    if (waitingOn !== undefined && (waitingOn.cancel(msg) || waitingOn._revoke?.(msg) === true)) {
      this._cancelTarget = waitingOn;
      this._cancelMessage = msg;
      return true;
    }
    this._mustCancel = true;
    this._cancelMessage = msg;
    return true;
  }

  /** How many cancellation requests are pending (made and not withdrawn by `uncancel()`). */
  cancelling(): number {
    return this.#cancelsRequested;
  }

  /**
   * Withdraw one cancellation request (for code like `timeout()` that turned its own cancellation
   * into something else). When none remain, an undelivered cancellation is dropped, as in asyncio 3.13.
   * @returns the number of requests left.
   */
  uncancel(): number {
    if (this.#cancelsRequested > 0) {
      this.#cancelsRequested--;
      if (this.#cancelsRequested === 0) this._mustCancel = false;
    }
    return this.#cancelsRequested;
  }

  /** Tasks finish only by running: always throws, as asyncio's `Task.set_result`. */
  override setResult(_value: T): never {
    throw new InvalidStateError(`${this._describe()}: a Task does not support setResult()`);
  }

  /** Tasks finish only by running: always throws, as asyncio's `Task.set_exception`. */
  override setException(_exception: unknown): never {
    throw new InvalidStateError(`${this._describe()}: a Task does not support setException()`);
  }

  /** The awaitable this task is blocked on, if it is blocked on one of ours. */
  waitingOn(): Future<unknown> | undefined {
    return this._waitingOn as Future<unknown> | undefined;
  }

  /** @internal */
  override _describe(): string {
    const state = ["pending", "finished", "failed", "cancelled"][this._state];
    const waiting = this._waitingOn !== undefined ? `, waiting on ${String(this._waitingOn)}` : "";
    return `Task '${this.getName()}' <${state}${waiting}>`;
  }

  /** @internal */
  override _failureLabel(): string {
    return `Task '${this.getName()}'`;
  }

  /** @internal */
  _blockOn(awaitable: FutureCore): void {
    const target = this._cancelTarget;
    if (target !== undefined && target !== awaitable) {
      // The request went to an awaitable this task made but did not await: it belongs here.
      this._cancelTarget = undefined;
      this._mustCancel = true;
    }
    this._waitingOn = awaitable;
    if (this._mustCancel && awaitable.cancel(this._cancelMessage)) {
      this._mustCancel = false;
      this._cancelTarget = awaitable;
    }
  }

  /** @internal */
  _takeCancellation(): Error {
    const error = new CancelledError(this._cancelMessage ?? "");
    this._cancelMessage = undefined;
    return error;
  }

  /** Start the task: the loop runs this from its ready queue. @internal */
  _run(): void {
    this.#start(true, false);
  }

  /**
   * Start the task inside a scope of the loop that ends its async context when it returns (see
   * `enterEndsWithScope`): entering the task's context then costs one frame instead of two. @internal
   */
  _runInScope(): void {
    this.#start(true, true);
  }

  #start(fromLoop: boolean, inScope: boolean): void {
    const coro = this._value as (() => PromiseLike<T> | T) | PromiseLike<T> | undefined;
    this._value = undefined;
    if (coro === undefined) return;
    if (this._mustCancel) {
      // Cancelled before it started: the function never runs, as in asyncio.
      this._mustCancel = false;
      this.#end(CANCELLED, this._takeCancellation());
      return;
    }
    if (fromLoop) this._loop._beginStep(this);
    if (inScope) {
      shared.context.enterWith(this);
      Task.#begin(this as Task<unknown>, coro as (() => unknown) | PromiseLike<unknown>);
      return;
    }
    shared.context.run(
      this,
      Task.#begin,
      this as Task<unknown>,
      coro as (() => unknown) | PromiseLike<unknown>,
    );
  }

  static #fulfilledInContext(value: unknown): void {
    (shared.context.getStore() as Task<unknown>).#settle(true, value);
  }

  static #rejectedInContext(error: unknown): void {
    (shared.context.getStore() as Task<unknown>).#settle(false, error);
  }

  /** Call the function (in the task's async context) and follow what it returns. */
  static #begin(task: Task<unknown>, coro: (() => unknown) | PromiseLike<unknown>): void {
    let result: unknown;
    if (typeof coro === "function") {
      try {
        result = coro();
      } catch (error) {
        task.#settle(false, error);
        return;
      }
    } else {
      result = coro;
    }
    if (result instanceof Promise) {
      // The usual case, an async function's promise: its reactions run in the context they were
      // subscribed in, this task's, so two shared handlers find the task there (no closures per task).
      promiseThen.call(result, Task.#fulfilledInContext, Task.#rejectedInContext);
    } else if (isThenable(result)) {
      // Subscribing here, in the task's context, makes an awaitable of ours see this task blocked on it.
      result.then(
        (value) => task.#settle(true, value),
        (error: unknown) => task.#settle(false, error),
      );
    } else {
      task.#settle(true, result);
    }
  }

  #settle(ok: boolean, value: unknown): void {
    if (this.done()) return;
    if (!ok && value instanceof CancelledError) this.#end(CANCELLED, value);
    // A function that returns with a cancellation still undelivered ends cancelled; one that
    // throws ends with its error, as asyncio's Task.__step does.
    else if (ok && this._mustCancel) this.#end(CANCELLED, this._takeCancellation());
    else this.#end(ok ? FULFILLED : REJECTED, value);
  }

  #end(state: typeof FULFILLED | typeof REJECTED | typeof CANCELLED, value: unknown): void {
    this._mustCancel = false;
    this._waitingOn = undefined;
    this._cancelTarget = undefined;
    if (state === CANCELLED) {
      const error = value as CancelledError;
      this._cancelledErr = error;
      this._cancelMessage = error.message;
      if (this.#abort !== undefined && !this.#abort.signal.aborted) this.#abort.abort(error);
      this._finish(CANCELLED, undefined);
    } else {
      this._finish(state, value);
    }
    this._loop._taskDone(this as Task<unknown>);
  }
}

const promiseThen = Promise.prototype.then;
