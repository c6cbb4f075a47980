import { CancelledError, InvalidStateError } from "./errors.js";
import type { EventLoop } from "./event-loop.js";
import { hasBrand } from "./internal/brand.js";
import type { Runnable, TaskCore } from "./internal/protocol.js";
import { currentContext } from "./internal/shared-state.js";

const futureBrand: unique symbol = Symbol.for("@x/loop.Future");

/** The states of a future; `_state` holds one. @internal */
export const PENDING = 0;
/** @internal */
export const FULFILLED = 1;
/** @internal */
export const REJECTED = 2;
/** @internal */
export const CANCELLED = 3;

type State = typeof PENDING | typeof FULFILLED | typeof REJECTED | typeof CANCELLED;

const stateNames = ["pending", "fulfilled", "rejected", "cancelled"] as const;

const settled: Promise<void> = Promise.resolve();

/** A done callback waiting in a future; run through the loop's ready queue. */
class DoneCallback<F> implements Runnable {
  readonly fn: (fut: F) => void;
  readonly fut: F & Future<unknown>;

  constructor(fn: (fut: F) => void, fut: F & Future<unknown>) {
    this.fn = fn;
    this.fut = fut;
  }

  _run(): void {
    try {
      this.fn(this.fut);
    } catch (exception) {
      this.fut._reportCallbackError(exception, this.fn);
    }
  }
}

/**
 * One `then()` on a future: the continuation to settle, and the task that awaits, if any.
 * Scheduled through the loop's ready queue when the future completes, like asyncio's `__wakeup`.
 */
class Awaiter implements Runnable {
  readonly fut: Future<unknown>;
  readonly task: TaskCore | undefined;
  readonly onFulfilled: ((value: unknown) => unknown) | null | undefined;
  readonly onRejected: ((reason: unknown) => unknown) | null | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;

  constructor(
    fut: Future<unknown>,
    task: TaskCore | undefined,
    onFulfilled: ((value: unknown) => unknown) | null | undefined,
    onRejected: ((reason: unknown) => unknown) | null | undefined,
    resolve: (value: unknown) => void,
    reject: (reason: unknown) => void,
  ) {
    this.fut = fut;
    this.task = task;
    this.onFulfilled = onFulfilled;
    this.onRejected = onRejected;
    this.resolve = resolve;
    this.reject = reject;
  }

  /** The future completed: wake the task (one step) or just settle the continuation. */
  _run(): void {
    const task = this.task;
    if (task !== undefined && task._waitingOn === this.fut) {
      task._waitingOn = undefined;
      task._cancelTarget = undefined;
      task._loop._beginStep(task);
      if (task._mustCancel) {
        // A cancellation requested after the future completed wins over its outcome, as in asyncio;
        // when the future was itself cancelled, its own CancelledError (and message) is the one.
        task._mustCancel = false;
        const fut = this.fut;
        fut._retrieved();
        const error = task._takeCancellation();
        this.settle(false, fut._state === CANCELLED ? fut._cancelledError() : error);
        return;
      }
    }
    this.deliver();
  }

  /** Settle the continuation in a microtask: the future was already done (no loop iteration). */
  deliverLater(): void {
    void settled.then(() => this.deliver());
  }

  /** Settle the continuation with the future's outcome. */
  deliver(): void {
    const fut = this.fut;
    switch (fut._state) {
      case FULFILLED:
        this.settle(true, fut._value);
        return;
      case REJECTED:
        fut._retrieved();
        this.settle(false, fut._value);
        return;
      default:
        this.settle(false, fut._cancelledError());
    }
  }

  settle(ok: boolean, value: unknown): void {
    const handler = ok ? this.onFulfilled : this.onRejected;
    if (typeof handler !== "function") {
      if (ok) this.resolve(value);
      else this.reject(value);
      return;
    }
    try {
      this.resolve(handler(value));
    } catch (error) {
      this.reject(error);
    }
  }
}

/**
 * A result that will exist later: asyncio's `Future`, awaitable, and bound to one loop.
 *
 * A future is pending until `setResult`, `setException` or `cancel` finishes it. Done callbacks run
 * through the loop (`callSoon`), never synchronously, so a task blocked on a future resumes one loop
 * iteration after the future completes — asyncio's rule. Awaiting a future that is already done costs
 * no loop iteration. It implements the `Promise` interface (`then`, `catch`, `finally`), so it can go
 * wherever a promise goes; unlike a promise, it can be cancelled, and a failure nobody retrieves is
 * reported to the loop's exception handler instead of becoming an unhandled rejection.
 *
 * @example
 * ```ts
 * import { getEventLoop } from "@x/loop";
 * const fut = getEventLoop().createFuture<number>();
 * setTimeout(() => fut.setResult(42), 10);
 * console.log(await fut); // 42
 * ```
 */
export class Future<T = unknown> implements Promise<T> {
  /** @internal */
  _state: State = PENDING;
  /** The result, or the exception. @internal */
  _value: unknown = undefined;
  /** @internal */
  _cancelMessage: string | undefined = undefined;
  /** @internal */
  readonly _loop: EventLoop;
  #callbacks: Runnable | Runnable[] | undefined = undefined;
  /** The error a cancelled future throws; made once. @internal */
  _cancelledErr: CancelledError | undefined = undefined;
  #failureTracked = false;

  /**
   * Make a pending future on `loop` (prefer `loop.createFuture()`).
   * @param loop the loop that runs its callbacks; by default the running loop, else the default loop.
   */
  constructor(loop?: EventLoop) {
    this._loop = loop ?? (currentContext()?._loop as EventLoop | undefined) ?? defaultLoopOf();
  }

  /** `"Future"`, for `Object.prototype.toString`. */
  get [Symbol.toStringTag](): string {
    return "Future";
  }

  /** The loop this future is bound to. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /** Whether the future is finished: it has a result, an exception, or was cancelled. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** Whether the future was cancelled. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * The result of the future.
   * @throws CancelledError when it was cancelled; its exception when it failed;
   *   InvalidStateError when it is still pending.
   */
  result(): T {
    switch (this._state) {
      case FULFILLED:
        return this._value as T;
      case REJECTED:
        this._retrieved();
        throw this._value;
      case CANCELLED:
        throw this._cancelledError();
      default:
        throw new InvalidStateError(`${this._describe()}: result() called while it is pending`);
    }
  }

  /**
   * The exception the future failed with, or `undefined` when it succeeded (asyncio returns `None`).
   * @throws CancelledError when it was cancelled; InvalidStateError when it is still pending.
   */
  exception(): unknown {
    switch (this._state) {
      case FULFILLED:
        return undefined;
      case REJECTED:
        this._retrieved();
        return this._value;
      case CANCELLED:
        throw this._cancelledError();
      default:
        throw new InvalidStateError(`${this._describe()}: exception() called while it is pending`);
    }
  }

  /**
   * Finish the future with `value` and schedule its callbacks.
   * @throws InvalidStateError when it is already done.
   */
  setResult(value: T): void {
    this._checkPending("setResult()");
    this._finish(FULFILLED, value);
  }

  /**
   * Finish the future with an exception and schedule its callbacks. If nobody retrieves the
   * exception (by awaiting, `result()` or `exception()`), the loop's exception handler reports it.
   * @throws InvalidStateError when it is already done.
   */
  setException(exception: unknown): void {
    this._checkPending("setException()");
    this._finish(REJECTED, exception);
  }

  /**
   * Cancel the future and schedule its callbacks. Whoever awaits it gets a `CancelledError` with `msg`.
   * @returns `false` when the future is already done, otherwise `true`.
   */
  cancel(msg?: string): boolean {
    if (this._state !== PENDING) return false;
    if (msg !== undefined && typeof msg !== "string") {
      throw new TypeError(`cancel(msg) expects a string message or nothing, got ${typeof msg}`);
    }
    this._cancelMessage = msg;
    this._finish(CANCELLED, undefined);
    return true;
  }

  /**
   * Run `fn(future)` once the future is done, through the loop (`callSoon`), as asyncio does. If it is
   * already done, `fn` is scheduled at once.
   */
  addDoneCallback(fn: (fut: this) => void): void {
    if (typeof fn !== "function") {
      throw new TypeError(`addDoneCallback(fn) expects a function, got ${describeValue(fn)}`);
    }
    const entry = new DoneCallback(fn, this);
    if (this._state !== PENDING) this._loop._push(entry);
    else this._addCallback(entry);
  }

  /**
   * Remove every copy of `fn` from the done callbacks.
   * @returns how many were removed.
   */
  removeDoneCallback(fn: (fut: this) => void): number {
    const callbacks = this.#callbacks;
    if (callbacks === undefined) return 0;
    if (!Array.isArray(callbacks)) {
      if (callbacks instanceof DoneCallback && callbacks.fn === fn) {
        this.#callbacks = undefined;
        return 1;
      }
      return 0;
    }
    const kept = callbacks.filter((entry) => !(entry instanceof DoneCallback && entry.fn === fn));
    const removed = callbacks.length - kept.length;
    if (removed > 0) this.#callbacks = kept.length === 0 ? undefined : kept;
    return removed;
  }

  /**
   * Await the future: the Promise protocol. Called from inside a task, it also tells the loop that
   * the task is blocked here, so that cancelling the task cancels this future.
   */
  // biome-ignore lint/suspicious/noThenProperty: a Future is awaitable by design, like asyncio's.
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // Done with a plain value: a reaction on a resolved promise, the cheapest way to settle the
    // continuation in a microtask (a thenable result takes the general path, which adopts it as before).
    if (this._state === FULFILLED && !isThenable(this._value)) {
      return Promise.resolve(this._value as T).then(onFulfilled, onRejected);
    }
    let resolve!: (value: unknown) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<R1 | R2>((res, rej) => {
      resolve = res as (value: unknown) => void;
      reject = rej;
    });
    const task = currentContext()?._task;
    const awaiter = new Awaiter(
      this as Future<unknown>,
      task,
      onFulfilled as ((value: unknown) => unknown) | null | undefined,
      onRejected,
      resolve,
      reject,
    );
    if (this._state !== PENDING) {
      awaiter.deliverLater();
      return promise;
    }
    this._addCallback(awaiter);
    if (task !== undefined) {
      task._blockOn(this);
      task._loop._taskBlocked(task);
    }
    return promise;
  }

  /** The Promise protocol's `catch`. */
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onRejected);
  }

  /** The Promise protocol's `finally`. */
  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onFinally);
  }

  /** A short description for messages: `Future <pending>`. */
  toString(): string {
    return this._describe();
  }

  /** @internal */
  _describe(): string {
    return `Future <${stateNames[this._state]}>`;
  }

  /** @internal */
  _checkPending(what: string): void {
    if (this._state !== PENDING) {
      throw new InvalidStateError(`${this._describe()}: ${what} called on a future that is already done`);
    }
  }

  /** Finish and schedule the callbacks; the caller checked that the future is pending. @internal */
  _finish(state: State, value: unknown): void {
    this._state = state;
    this._value = value;
    if (state === REJECTED) {
      this.#failureTracked = true;
      this._loop._trackFailure(this, {
        message: `${this._failureLabel()} exception was never retrieved`,
        exception: value,
      });
    }
    this._scheduleCallbacks();
  }

  /** @internal */
  _failureLabel(): string {
    return "Future";
  }

  /** @internal */
  _scheduleCallbacks(): void {
    const callbacks = this.#callbacks;
    if (callbacks === undefined) return;
    this.#callbacks = undefined;
    const loop = this._loop;
    if (!Array.isArray(callbacks)) {
      loop._push(callbacks);
      return;
    }
    for (let i = 0; i < callbacks.length; i++) loop._push(callbacks[i] as Runnable);
  }

  /** Run the callbacks now instead of through the ready queue (sleep(0) takes one iteration). @internal */
  _runCallbacksNow(): void {
    const callbacks = this.#callbacks;
    if (callbacks === undefined) return;
    this.#callbacks = undefined;
    if (!Array.isArray(callbacks)) {
      callbacks._run();
      return;
    }
    for (let i = 0; i < callbacks.length; i++) (callbacks[i] as Runnable)._run();
  }

  /** @internal */
  _addCallback(entry: Runnable): void {
    const callbacks = this.#callbacks;
    if (callbacks === undefined) this.#callbacks = entry;
    else if (Array.isArray(callbacks)) callbacks.push(entry);
    else this.#callbacks = [callbacks, entry];
  }

  /** How many callbacks (done callbacks and awaiters) are registered. @internal */
  _callbackCount(): number {
    const callbacks = this.#callbacks;
    if (callbacks === undefined) return 0;
    return Array.isArray(callbacks) ? callbacks.length : 1;
  }

  /** The exception was retrieved: no report. @internal */
  _retrieved(): void {
    if (this.#failureTracked) {
      this.#failureTracked = false;
      this._loop._untrackFailure(this);
    }
  }

  /** @internal */
  _cancelledError(): CancelledError {
    this._cancelledErr ??= new CancelledError(this._cancelMessage ?? "");
    return this._cancelledErr;
  }

  /** @internal */
  _reportCallbackError(exception: unknown, fn: unknown): void {
    const name = typeof fn === "function" && fn.name ? fn.name : "anonymous";
    this._loop.callExceptionHandler({
      message: `Exception in done callback ${name} of ${this._describe()}`,
      exception,
      future: this as Future<unknown>,
    });
  }
}

Object.defineProperty(Future.prototype, futureBrand, { value: true });

/**
 * Whether `value` is a {@link Future} (a `Task` included), from any installed copy of `@x/loop`.
 * asyncio's `isfuture`.
 */
export function isFuture(value: unknown): value is Future<unknown> {
  return hasBrand(value, futureBrand);
}

/** Whether `value` is a promise-like object (has a `then` method): a promise resolved with it adopts it. @internal */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    ((typeof value === "object" && value !== null) || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * A short description of a value for argument errors, as every `@x` package words them: `null`,
 * `undefined`, `number 5`, `the string "x"`, `the symbol Symbol(k)`, `a function`, `a promise` (any
 * thenable), `an array`, `an object`, or `an object (Map)` for an instance of another class. For
 * primitives built on {@link Waiter}, so that their messages read like ours. (asyncio has no
 * counterpart: Python's messages use `type(x).__name__`.)
 *
 * @example
 * ```ts
 * import { describeValue } from "@x/loop";
 * describeValue("5"); // 'the string "5"'
 * describeValue(new Map()); // "an object (Map)"
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "string":
      return `the string ${JSON.stringify(value)}`;
    case "symbol":
      return `the symbol ${String(value)}`;
    case "function":
      return "a function";
    case "object": {
      if (Array.isArray(value)) return "an array";
      if (typeof (value as { then?: unknown }).then === "function") return "a promise";
      const name = className(value);
      return name === undefined || name === "Object" ? "an object" : `an object (${name})`;
    }
    default:
      return `${typeof value} ${String(value)}`;
  }
}

/** The name of the class `value` is an instance of, when it has a usable one. */
function className(value: object): string | undefined {
  try {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === null) return undefined;
    const ctor = (proto as { constructor?: unknown }).constructor;
    return typeof ctor === "function" && ctor.name !== "" ? ctor.name : undefined;
  } catch {
    return undefined; // a proxy whose traps throw: say no more than "an object"
  }
}

let resolveDefaultLoop: (() => EventLoop) | undefined;

/** Set by the module that makes the default loop (avoids an import cycle). @internal */
export function setDefaultLoopProvider(provider: () => EventLoop): void {
  resolveDefaultLoop = provider;
}

function defaultLoopOf(): EventLoop {
  if (resolveDefaultLoop === undefined) throw new InvalidStateError("the default loop is not available");
  return resolveDefaultLoop();
}
