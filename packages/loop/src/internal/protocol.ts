/**
 * The contract between the loop, futures and tasks, as plain interfaces so that the modules that
 * implement them need not import each other (and two installed copies of `@x/loop` can cooperate).
 */

/** Anything the loop can run from its ready queue. */
export interface Runnable {
  _run(): void;
}

/** An entry of the loop's timer heap, ordered by (`_when`, `_seq`). */
export interface TimerEntry extends Runnable {
  _when: number;
  _seq: number;
  _cancelled: boolean;
}

/** A task, as the loop and futures see it. */
export interface TaskCore {
  /** The awaitable of ours that the task is blocked on, if any. */
  _waitingOn: FutureCore | undefined;
  /**
   * The awaitable a cancellation request was sent to and not yet delivered through. If the task
   * turns out to wait on another awaitable (it had made this one without awaiting it), the request
   * moves to that one.
   */
  _cancelTarget: FutureCore | undefined;
  /** A cancellation was requested that has not been delivered yet. */
  _mustCancel: boolean;
  readonly _loop: LoopCore;
  /** The task is about to wait on `awaitable`: record it, and move an undelivered cancellation to it. */
  _blockOn(awaitable: FutureCore): void;
  /** Deliver a pending cancellation: the error to throw where the task waits. */
  _takeCancellation(): Error;
}

/** A future, as the loop and tasks see it. */
export interface FutureCore {
  cancel(msg?: string): boolean;
  done(): boolean;
  /**
   * Take back a value that was handed over but not delivered yet (a resolved waiter whose task has
   * not resumed): the task will get `CancelledError(msg)` instead. Absent or `false`: nothing to take.
   */
  _revoke?(msg?: string): boolean;
}

/** The store of the async context: the task (or, in plain loop callbacks, the loop) that runs. */
export interface RunContext {
  readonly _loop: LoopCore;
  readonly _task: TaskCore | undefined;
}

/** What a loop offers futures and tasks. */
export interface LoopCore {
  _push(r: Runnable): void;
  /** Queue a timer whose deadline is now + `delay`. */
  _addTimer(t: TimerEntry, delay: number): void;
  _timerCancelled(): void;
  /** The task has just blocked on one of our awaitables. */
  _taskBlocked(task: TaskCore): void;
  /** The task made a waiter and will block on it when its turn ends. */
  _taskWillBlock(task: TaskCore): void;
  /** The task is about to resume: wait for it to block again before running the next callback. */
  _beginStep(task: TaskCore): void;
  /** A future failed and nobody has asked for its exception yet. */
  _trackFailure(fut: object, report: FailureReport): void;
  /** The failure was retrieved: do not report it. */
  _untrackFailure(fut: object): void;
}

/** What is reported for an exception that nobody retrieved. */
export interface FailureReport {
  message: string;
  exception: unknown;
}
