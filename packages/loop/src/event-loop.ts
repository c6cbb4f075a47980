import { AsyncResource } from "node:async_hooks";
import { performance } from "node:perf_hooks";
import { type Clock, SystemClock } from "./clock.js";
import { InvalidStateError } from "./errors.js";
import { describeValue, Future, isFuture } from "./future.js";
import { Handle, TimerHandle } from "./handle.js";
import type { FailureReport, Runnable, TaskCore, TimerEntry } from "./internal/protocol.js";
import { ReadyQueue } from "./internal/ready-queue.js";
import { enterEndsWithScope, shared } from "./internal/shared-state.js";
import { IntrusiveList } from "./internal/task-list.js";
import { TimerQueue } from "./internal/timer-queue.js";
import { Task, type TaskOptions } from "./task/task.js";
import { isVirtualClock, type VirtualClockListener } from "./virtual-clock.js";
import { Waiter } from "./waiter.js";

/** Options of `new EventLoop()`. */
export interface EventLoopOptions {
  /** The clock the loop reads; a `VirtualClock` makes time jump when every task waits. Default: real time. */
  clock?: Clock;
  /** Debug mode: report callbacks and task steps slower than `slowCallbackMs`, and more checks. */
  debug?: boolean;
  /** In debug mode, the duration (ms, in the loop's clock) above which a callback is reported. Default 100. */
  slowCallbackMs?: number;
}

/** What the exception handler is told: asyncio's context dict. */
export interface ExceptionContext {
  /** What happened, in a sentence. */
  message: string;
  /** The error, when there is one. */
  exception?: unknown;
  /** The future concerned (a future whose exception nobody retrieved, say). */
  future?: Future<unknown>;
  /** The task concerned (a failed task nobody awaited, a slow task step). */
  task?: Task<unknown>;
  /** The callback concerned (one that threw or ran slowly). */
  handle?: Handle;
}

/** A loop-wide exception handler, as set by `loop.setExceptionHandler()`. */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/** A hold on the loop's virtual clock, from `loop.holdClock()`. */
export interface ClockHold extends Disposable {
  /** Let the clock jump again (once; later calls do nothing). */
  release(): void;
}

/** Real time a loop runs before it gives the host a turn for I/O and timers. */
const SLICE_MS = 8;

const settled: Promise<void> = Promise.resolve();

/** What the loop waits for after `_taskWillBlock`: the end of the task's turn. */
const afterTurn = Object.freeze({}) as TaskCore;

/** The longest delay a host timer takes. */
const MAX_HOST_DELAY = 2 ** 31 - 1;

/** An exception tracked until somebody retrieves it. */
interface TrackedFailure {
  readonly loop: EventLoop;
  readonly report: FailureReport;
  readonly ref: WeakRef<object>;
}

const failureRegistry = new FinalizationRegistry<TrackedFailure>((tracked) => {
  tracked.loop._reportDroppedFailure(tracked);
});

/**
 * An event loop: asyncio's, on Node's own. It owns a FIFO ready queue (`callSoon`), a timer heap
 * ordered by deadline then insertion (`callLater`, `callAt`) and a {@link Clock}.
 *
 * One iteration runs the callbacks that were ready when it began; what they schedule runs in the
 * next. When a callback wakes a task, the task runs on to its next suspension before the next
 * callback runs, as in asyncio. The loop drives itself from Node's microtasks and macrotasks and
 * never blocks the process: it runs many iterations per host turn and gives the host its turn after
 * a few milliseconds, so I/O and host timers are never starved.
 *
 * Differences from asyncio: times are milliseconds; `run()` and the process's default loop (see
 * `getEventLoop()`) drive themselves, and a loop made with `new EventLoop()` runs while
 * `runUntilComplete()` or `runForever()` is driving it — those return promises instead of blocking.
 *
 * @example
 * ```ts
 * import { EventLoop, VirtualClock } from "@x/loop";
 * const loop = new EventLoop({ clock: new VirtualClock() });
 * loop.callLater(1000, () => console.log("at", loop.time())); // at 1000
 * await loop.runUntilComplete(loop.createTask(async () => {}));
 * ```
 */
export class EventLoop {
  /** @internal */
  readonly _loop: EventLoop = this;
  /** @internal */
  readonly _task: undefined = undefined;

  readonly #clock: Clock;
  readonly #virtual: boolean;
  readonly #ready = new ReadyQueue();
  readonly #timers = new TimerQueue();
  readonly #tasks = new IntrusiveList<Task<unknown>>();
  readonly #isDefault: boolean;
  #seq = 0;
  /** Callbacks left to run in the current iteration. */
  #todo = 0;
  /** The task woken by the last callback: the loop waits for it to block again. */
  #stepping: TaskCore | undefined = undefined;
  /** The task behind `afterTurn`, for debug reports. */
  #steppingTask: TaskCore | undefined = undefined;
  #stepStartedAt = 0;
  #driving: boolean;
  #stopping = false;
  #closed = false;
  #inRun = false;
  #microtaskQueued = false;
  #immediate: NodeJS.Immediate | undefined = undefined;
  #hostTimer: NodeJS.Timeout | undefined = undefined;
  #hostTimerWhen = Number.POSITIVE_INFINITY;
  #sliceStart = 0;
  #yieldedToHost = false;
  #clockHolds = 0;
  #blockedWaiters: Future<void>[] = [];
  #stopListeners: (() => void)[] = [];
  #exceptionHandler: ExceptionHandler | undefined = undefined;
  #debug: boolean;
  #slowCallbackMs: number;
  readonly #failures = new Set<TrackedFailure>();
  readonly #failureOf = new WeakMap<object, TrackedFailure>();

  readonly #afterHop = (): void => this._taskBlocked(afterTurn);

  readonly #runFromMicrotask = (): void => {
    this.#microtaskQueued = false;
    this.#enter();
  };

  readonly #runFromImmediate = (): void => {
    this.#immediate = undefined;
    this.#yieldedToHost = false;
    // A task still "stepping" at this point awaits something that is not ours: stop waiting for it.
    this.#stepping = undefined;
    this.#sliceStart = performance.now();
    if (this.#driving && this.#todo === 0 && this.#ready.length === 0) this.#idleCheck();
    this.#enter();
  };

  readonly #runFromHostTimer = (): void => {
    this.#hostTimer = undefined;
    this.#hostTimerWhen = Number.POSITIVE_INFINITY;
    this.#sliceStart = performance.now();
    this.#enter();
  };

  /**
   * The loop's own async context, captured once. The loop is mostly entered from a task's context (a
   * microtask queued as the task blocked); whatever runs user code (a callback, a task's start, a
   * future's continuation) must not see that task as the current one, nor its stores, so it runs in
   * this scope (see `#runInLoopContext`). A waiter's wake-up runs no user code (it settles a native
   * promise whose continuation keeps the context of its `await`), so it skips the switch. Where a
   * store entered inside a scope ends with it (`enterEndsWithScope`), a task also starts in this
   * scope: it enters its own context there, and the scope restores the loop's when its first turn
   * returns.
   */
  readonly #scope: AsyncResource;

  constructor(options: EventLoopOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`new EventLoop(options) expects an options object, got ${describeValue(options)}`);
    }
    const { clock = new SystemClock(), debug = false, slowCallbackMs = 100 } = options;
    if (typeof clock !== "object" || clock === null || typeof clock.now !== "function") {
      throw new TypeError(
        `EventLoop: options.clock must be a Clock (an object with now()), got ${describeValue(clock)}`,
      );
    }
    if (typeof slowCallbackMs !== "number" || Number.isNaN(slowCallbackMs) || slowCallbackMs < 0) {
      throw new RangeError(
        `EventLoop: options.slowCallbackMs must be a number >= 0, got ${String(slowCallbackMs)}`,
      );
    }
    this.#clock = clock;
    this.#virtual = isVirtualClock(clock);
    if (this.#virtual) (clock as unknown as { attach(l: VirtualClockListener): void }).attach(this);
    this.#debug = Boolean(debug);
    this.#slowCallbackMs = slowCallbackMs;
    this.#isDefault = (options as { [defaultLoopMark]?: boolean })[defaultLoopMark] === true;
    this.#driving = this.#isDefault;
    this.#scope = shared.context.run(this, () => new AsyncResource("@x/loop.EventLoop"));
  }

  // ---------------------------------------------------------------- public API

  /** The loop's current time in milliseconds, read from its clock (asyncio's `loop.time()`, in ms). */
  time(): number {
    return this.#clock.now();
  }

  /** The clock this loop reads. */
  get clock(): Clock {
    return this.#clock;
  }

  /**
   * Schedule `callback(...args)` to run on the next loop iteration, after the callbacks already
   * scheduled (FIFO). An exception it throws goes to the exception handler.
   * @returns a {@link Handle} whose `cancel()` keeps it from running.
   * @throws InvalidStateError when the loop is closed.
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    this.#checkCallback("callSoon", callback);
    this.#checkOpen("callSoon()");
    const handle = new Handle(this, callback as (...args: never[]) => unknown, args);
    this._push(handle);
    return handle;
  }

  /**
   * Schedule `callback(...args)` to run `delay` ms from now. A negative delay means as soon as
   * possible; timers with the same deadline run in the order they were scheduled.
   * @returns a {@link TimerHandle}.
   * @throws TypeError when `delay` is not a number; RangeError when it is NaN.
   */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    checkTime("callLater", "delay", delay);
    this.#checkCallback("callLater", callback);
    this.#checkOpen("callLater()");
    const handle = new TimerHandle(
      this,
      this.#clock.now() + delay,
      ++this.#seq,
      callback as (...args: never[]) => unknown,
      args,
    );
    this._addTimer(handle, delay);
    return handle;
  }

  /**
   * Schedule `callback(...args)` to run at `when`, in the loop's time (`loop.time()`). A deadline in
   * the past means as soon as possible.
   * @returns a {@link TimerHandle}.
   */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    checkTime("callAt", "when", when);
    this.#checkCallback("callAt", callback);
    this.#checkOpen("callAt()");
    const handle = new TimerHandle(this, when, ++this.#seq, callback as (...args: never[]) => unknown, args);
    this._addTimer(handle, when - this.#clock.now());
    return handle;
  }

  /** Make a pending {@link Future} bound to this loop. */
  createFuture<T = unknown>(): Future<T> {
    this.#checkOpen("createFuture()");
    return new Future<T>(this);
  }

  /**
   * Wrap `coro` in a {@link Task} on this loop: a function is started on a later iteration (at once
   * with `eager: true`) inside the task's async context; a promise is awaited by the task.
   */
  createTask<T>(coro: (() => PromiseLike<T>) | PromiseLike<T>, options?: TaskOptions): Task<T> {
    this.#checkOpen("createTask()");
    return new Task<T>(this, coro, options);
  }

  /**
   * Drive the loop until `aw` is done and settle with its result. A function becomes a task; a
   * future or task is used as it is; any other promise is awaited by a new task.
   * @throws InvalidStateError when the loop is closed or already being driven, or when `stop()` is
   *   called before `aw` completes.
   */
  async runUntilComplete<T>(aw: PromiseLike<T> | (() => PromiseLike<T>)): Promise<T> {
    this.#checkOpen("runUntilComplete()");
    const fut: Future<T> = isFuture(aw) ? (aw as Future<T>) : this.createTask(aw);
    if (this.#isDefault) return await fut;
    if (this.#driving) throw new InvalidStateError("runUntilComplete(): this EventLoop is already running");
    const stopWhenDone = (): void => this.stop();
    fut.addDoneCallback(stopWhenDone);
    await this.#driveUntilStopped();
    fut.removeDoneCallback(stopWhenDone);
    if (!fut.done()) throw new InvalidStateError("the EventLoop stopped before the future completed");
    return fut.result();
  }

  /**
   * Drive the loop until `stop()` is called.
   * @throws InvalidStateError when the loop is closed or already being driven.
   */
  async runForever(): Promise<void> {
    this.#checkOpen("runForever()");
    if (this.#isDefault)
      throw new InvalidStateError("runForever(): the default loop always runs; it cannot be driven");
    if (this.#driving) throw new InvalidStateError("runForever(): this EventLoop is already running");
    await this.#driveUntilStopped();
  }

  /**
   * Stop driving the loop at the end of the current iteration; `runForever()` then resolves and
   * `runUntilComplete()` rejects unless its future is done. Calling it when not running does nothing.
   * @throws InvalidStateError on the default loop, which always runs.
   */
  stop(): void {
    if (this.#isDefault) throw new InvalidStateError("stop(): the default loop cannot be stopped");
    if (!this.#driving) return;
    this.#stopping = true;
    this.#kick();
  }

  /**
   * Close the loop: drop its pending callbacks and timers and report every exception nobody
   * retrieved. Closing twice does nothing.
   * @throws InvalidStateError while the loop is running, and on the default loop.
   */
  close(): void {
    if (this.#isDefault) throw new InvalidStateError("close(): the default loop cannot be closed");
    if (this.#driving)
      throw new InvalidStateError("close(): cannot close a running EventLoop; stop it first");
    if (this.#closed) return;
    this.#closed = true;
    this.#ready.clear();
    this.#timers.clear();
    this.#todo = 0;
    this.#clearHostTurns();
    if (this.#virtual) (this.#clock as unknown as { attach(l: undefined): void }).attach(undefined);
    for (const tracked of [...this.#failures]) {
      const fut = tracked.ref.deref();
      this.#forgetFailure(tracked, fut);
      const context: ExceptionContext = { ...tracked.report };
      if (fut instanceof Task) context.task = fut;
      else if (fut instanceof Future) context.future = fut;
      this.callExceptionHandler(context);
    }
  }

  /** Whether the loop is being driven (always true for the default loop). */
  isRunning(): boolean {
    return this.#driving;
  }

  /** Whether `close()` was called. */
  isClosed(): boolean {
    return this.#closed;
  }

  /** Whether debug mode is on. */
  getDebug(): boolean {
    return this.#debug;
  }

  /** Switch debug mode on or off. */
  setDebug(enabled: boolean): void {
    this.#debug = Boolean(enabled);
  }

  /** The duration (ms) above which debug mode reports a callback. */
  get slowCallbackMs(): number {
    return this.#slowCallbackMs;
  }

  /**
   * Set the handler for errors nobody else handles (failed callbacks, exceptions never retrieved);
   * `null` restores the default, which prints to `console.error`.
   */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError(
        `setExceptionHandler(handler) expects a function or null, got ${describeValue(handler)}`,
      );
    }
    this.#exceptionHandler = handler ?? undefined;
  }

  /** The handler set by `setExceptionHandler()`, or `undefined` when the default is in use. */
  getExceptionHandler(): ExceptionHandler | undefined {
    return this.#exceptionHandler;
  }

  /** Pass `context` to the exception handler (the default one when none is set). */
  callExceptionHandler(context: ExceptionContext): void {
    const handler = this.#exceptionHandler;
    if (handler === undefined) {
      this.defaultExceptionHandler(context);
      return;
    }
    try {
      handler(this, context);
    } catch (exception) {
      this.defaultExceptionHandler({ message: "Unhandled error in the exception handler", exception });
      this.defaultExceptionHandler(context);
    }
  }

  /** The default exception handler: prints the message, the object concerned and the error to `console.error`. */
  defaultExceptionHandler(context: ExceptionContext): void {
    const lines = [context.message || "Unhandled exception in the event loop"];
    if (context.task !== undefined) lines.push(`task: ${context.task}`);
    else if (context.future !== undefined) lines.push(`future: ${context.future}`);
    if (context.handle !== undefined) lines.push(`handle: ${context.handle}`);
    if ("exception" in context) {
      const exception = context.exception;
      lines.push(exception instanceof Error && exception.stack ? exception.stack : String(exception));
    }
    console.error(lines.join("\n"));
  }

  /**
   * Keep a {@link VirtualClock} from jumping while work the loop cannot see is under way (a socket,
   * a worker): with a hold, an idle loop waits for that work instead of moving time to the next
   * timer. No effect on the system clock. `@x`'s own I/O (the HTTP session) holds the clock for you.
   * asyncio has no counterpart (it has no virtual clock).
   */
  holdClock(): ClockHold {
    this.#clockHolds++;
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      this.#clockHolds--;
      if (this.#clockHolds === 0) this.#kickIdle();
    };
    return { release, [Symbol.dispose]: release };
  }

  /** A short description for messages. */
  toString(): string {
    const state = this.#closed ? "closed" : this.#driving ? "running" : "idle";
    return `EventLoop <${state}${this.#virtual ? ", virtual clock" : ""}${this.#debug ? ", debug" : ""}>`;
  }

  // ---------------------------------------------------------------- protocol with futures and tasks

  /** @internal */
  _push(r: Runnable): void {
    this.#ready.push(r);
    if (!this.#inRun) this.#kick();
  }

  /** @internal */
  _addTimer(t: TimerEntry, delay: number): void {
    this.#timers.push(t, delay);
    if (!this.#inRun) this.#kick();
  }

  /** @internal */
  _nextSeq(): number {
    return ++this.#seq;
  }

  /** @internal */
  _timerCancelled(): void {
    this.#timers.noteCancelled();
    // The last live timer is gone: a host timer armed for it would keep the process alive for nothing.
    if (this.#hostTimer !== undefined && this.#timers.peek() === undefined) {
      clearTimeout(this.#hostTimer);
      this.#hostTimer = undefined;
      this.#hostTimerWhen = Number.POSITIVE_INFINITY;
    }
  }

  /** @internal */
  _beginStep(task: TaskCore): void {
    this.#stepping = task;
    if (this.#debug) this.#stepStartedAt = this.#clock.now();
  }

  /** @internal */
  _taskBlocked(task: TaskCore): void {
    if (this.#endStep(task)) this.#kick();
  }

  /**
   * The task made a waiter of ours and will block on it when its current turn ends: continue after
   * one microtask hop, and the loop itself runs one hop later (`#kick`). That second hop is what lets
   * an `await` of a future of ours in the same turn (whose `then` runs in a microtask queued after
   * the first hop) register before the loop goes on: the task may have made the waiter without
   * awaiting it. @internal
   */
  _taskWillBlock(task: TaskCore): void {
    if (this.#stepping !== task) return;
    this.#stepping = afterTurn;
    this.#steppingTask = task;
    void settled.then(this.#afterHop);
  }

  /** @internal */
  _taskStarted(task: Task<unknown>): void {
    this.#tasks.append(task);
  }

  /** @internal */
  _taskDone(task: Task<unknown>): void {
    this.#tasks.remove(task);
    if (!this.#endStep(task)) return;
    // The task's function has returned: nothing of its turn can still change what the loop does
    // next, so the loop goes on now rather than one microtask later.
    if (this.#yieldedToHost) return;
    this.#enter();
  }

  /** The tasks of this loop that are not done yet. @internal */
  _pendingTasks(): Set<Task<unknown>> {
    return new Set(this.#tasks.toArray());
  }

  /** Resolves once every task is blocked (see `waitAllTasksBlocked`). @internal */
  _whenAllBlocked(): Future<void> {
    const fut = new Future<void>(this);
    this.#blockedWaiters.push(fut);
    this.#kickIdle();
    return fut;
  }

  /** @internal */
  _trackFailure(fut: object, report: FailureReport): void {
    const tracked: TrackedFailure = { loop: this, report, ref: new WeakRef(fut) };
    this.#failures.add(tracked);
    this.#failureOf.set(fut, tracked);
    failureRegistry.register(fut, tracked, tracked);
  }

  /** @internal */
  _untrackFailure(fut: object): void {
    const tracked = this.#failureOf.get(fut);
    if (tracked !== undefined) this.#forgetFailure(tracked, fut);
  }

  /** @internal */
  _reportDroppedFailure(tracked: TrackedFailure): void {
    if (!this.#failures.delete(tracked)) return;
    this.callExceptionHandler({ ...tracked.report });
  }

  /** The VirtualClock was moved by hand: run what came due. @internal */
  clockAdvanced(): void {
    this.#kick();
  }

  // ---------------------------------------------------------------- driving

  /**
   * The step the loop waits for (`task`'s, or `afterTurn`) has ended: stop waiting.
   * @returns `false` when the loop was not waiting for it.
   */
  #endStep(task: TaskCore): boolean {
    if (this.#stepping !== task) return false;
    this.#stepping = undefined;
    if (this.#debug) this.#checkSlow(task === afterTurn ? this.#steppingTask : task, this.#stepStartedAt);
    this.#steppingTask = undefined;
    return true;
  }

  #forgetFailure(tracked: TrackedFailure, fut: object | undefined): void {
    this.#failures.delete(tracked);
    if (fut !== undefined) this.#failureOf.delete(fut);
    failureRegistry.unregister(tracked);
  }

  /** Drive the loop until `stop()`; resolves then. */
  #driveUntilStopped(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#stopListeners.push(resolve);
      this.#driving = true;
      this.#sliceStart = performance.now();
      this.#kick();
    });
  }

  /** Make sure the loop runs soon if it has anything to do. */
  #kick(): void {
    if (!this.#driving || this.#inRun || this.#microtaskQueued || this.#stepping !== undefined) return;
    if (this.#yieldedToHost) return;
    this.#microtaskQueued = true;
    // A reaction on a settled promise is the cheapest microtask (queueMicrotask allocates an async resource).
    void settled.then(this.#runFromMicrotask);
  }

  /** The loop may be idle and something changed what idleness means: check on the next host turn. */
  #kickIdle(): void {
    if (!this.#driving || this.#closed) return;
    if (this.#todo === 0 && this.#ready.length === 0 && !this.#inRun) this.#armImmediate();
  }

  /** Run the loop now if it may (callbacks switch into its own context in `#runSome`). */
  #enter(): void {
    if (!this.#driving || this.#closed || this.#inRun || this.#stepping !== undefined) return;
    this.#runSome();
  }

  #runSome(): void {
    this.#inRun = true;
    try {
      const ready = this.#ready;
      let iterations = 0;
      for (;;) {
        if (this.#todo === 0) {
          if (this.#stopping) {
            this.#stopNow();
            return;
          }
          this.#collectDueTimers();
          const n = ready.length;
          if (n === 0) {
            this.#becomeIdle();
            return;
          }
          if ((++iterations & 15) === 0 && performance.now() - this.#sliceStart > SLICE_MS) {
            this.#yieldedToHost = true;
            this.#armImmediate();
            return;
          }
          this.#todo = n;
        }
        const r = ready.shift() as Runnable;
        this.#todo--;
        const startedAt = this.#debug ? this.#clock.now() : 0;
        if (r instanceof Waiter) r._run();
        else if (enterEndsWithScope && r instanceof Task) this.#scope.runInAsyncScope(r._runInScope, r);
        else this.#runInLoopContext(r);
        if (this.#debug) {
          if (this.#stepping !== undefined) this.#stepStartedAt = startedAt;
          else this.#checkSlow(r, startedAt);
        }
        if (this.#stepping !== undefined) {
          // Wait for the woken task to block again; if it awaits something foreign, the next
          // host turn (the armed immediate) carries on without it.
          this.#armImmediate();
          return;
        }
      }
    } finally {
      this.#inRun = false;
    }
  }

  /** Run `r` (and the callbacks after it, see `#runInContextBatch`) in the loop's own context. */
  #runInLoopContext(r: Runnable): void {
    this.#scope.runInAsyncScope(this.#runInContextBatch, this, r);
  }

  /**
   * Run `first` and then, while in the loop's context, the callbacks after it in this iteration up to
   * the next wake-up: one context switch for a run of callbacks (a future's done callbacks, a batch
   * of `callSoon`s, task starts). Debug mode times each callback on its own.
   */
  #runInContextBatch(first: Runnable): void {
    first._run();
    if (this.#debug) return;
    const ready = this.#ready;
    while (this.#todo > 0 && this.#stepping === undefined) {
      const next = ready.peek();
      // A wake-up needs no switch; a task start takes its own scope (see `#scope`).
      if (next instanceof Waiter || (enterEndsWithScope && next instanceof Task)) return;
      ready.shift();
      this.#todo--;
      (next as Runnable)._run();
    }
  }

  #collectDueTimers(): void {
    const timers = this.#timers;
    // peek() drops cancelled timers (a timeout scope that closed in time): with none live, no clock read.
    let top = timers.peek();
    if (top === undefined) return;
    const now = this.#clock.now();
    while (top !== undefined && top._when <= now) {
      timers.pop();
      this.#ready.push(top);
      top = timers.peek();
    }
  }

  /** Nothing is ready: wait for a timer, an outside event, or (virtual clock) jump. */
  #becomeIdle(): void {
    const next = this.#timers.peek();
    // A timer at +Infinity never comes due: it is no reason to wake up.
    const due = next !== undefined && Number.isFinite(next._when) ? next._when : undefined;
    if (this.#blockedWaiters.length > 0) this.#armImmediate();
    else if (this.#virtual) {
      if (due !== undefined && this.#clockHolds === 0) this.#armImmediate();
    } else if (due !== undefined) this.#armHostTimer(due);
  }

  /** On a host turn with nothing ready: wake `waitAllTasksBlocked` callers, else jump the virtual clock. */
  #idleCheck(): void {
    const waiters = this.#blockedWaiters;
    if (waiters.length > 0) {
      this.#blockedWaiters = [];
      for (const fut of waiters) if (!fut.done()) fut.setResult(undefined);
      return;
    }
    if (this.#virtual && this.#clockHolds === 0) {
      const next = this.#timers.peek();
      if (next !== undefined && Number.isFinite(next._when)) {
        (this.#clock as unknown as { jumpTo(when: number): void }).jumpTo(next._when);
      }
    }
  }

  #armImmediate(): void {
    if (this.#immediate === undefined) this.#immediate = setImmediate(this.#runFromImmediate);
  }

  #armHostTimer(when: number): void {
    if (this.#hostTimer !== undefined) {
      if (this.#hostTimerWhen <= when) return;
      clearTimeout(this.#hostTimer);
    }
    this.#hostTimerWhen = when;
    // Host timers hold at most 2^31 - 1 ms; a later deadline is re-armed when that one fires.
    const delay = Math.min(MAX_HOST_DELAY, Math.max(0, Math.ceil(when - this.#clock.now())));
    this.#hostTimer = setTimeout(this.#runFromHostTimer, delay);
  }

  #clearHostTurns(): void {
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    if (this.#hostTimer !== undefined) clearTimeout(this.#hostTimer);
    this.#immediate = undefined;
    this.#hostTimer = undefined;
    this.#hostTimerWhen = Number.POSITIVE_INFINITY;
    this.#yieldedToHost = false;
  }

  #stopNow(): void {
    this.#stopping = false;
    this.#driving = false;
    this.#clearHostTurns();
    const listeners = this.#stopListeners;
    this.#stopListeners = [];
    for (const resolve of listeners) resolve();
  }

  #checkSlow(what: unknown, startedAt: number): void {
    const took = this.#clock.now() - startedAt;
    if (took <= this.#slowCallbackMs) return;
    const context: ExceptionContext = { message: `Executing ${String(what)} took ${took.toFixed(3)} ms` };
    if (what instanceof Task) context.task = what;
    else if (what instanceof Handle) context.handle = what;
    this.#runInLoopContext({ _run: () => this.callExceptionHandler(context) });
  }

  #checkOpen(what: string): void {
    if (this.#closed) throw new InvalidStateError(`${what}: the EventLoop is closed`);
  }

  #checkCallback(method: string, callback: unknown): void {
    if (typeof callback !== "function") {
      throw new TypeError(`${method}(): callback must be a function, got ${describeValue(callback)}`);
    }
  }
}

/** Marks the options of the process's default loop. @internal */
export const defaultLoopMark: unique symbol = Symbol("@x/loop.default");

function checkTime(method: string, name: string, value: unknown): void {
  if (typeof value !== "number") {
    throw new TypeError(`${method}(): ${name} must be a number of milliseconds, got ${describeValue(value)}`);
  }
  if (Number.isNaN(value)) throw new RangeError(`${method}(): ${name} must not be NaN`);
}
