import { CancelledError, type EventLoop, type Handle, InvalidStateError, TimeoutError } from "@x/loop";
import { currentTask, type Task } from "@x/loop/task";
import { type DeadlineFrame, popDeadline, pushDeadline } from "./internal/deadline-stack.js";
import { checkBody, checkTime } from "./internal/describe.js";
import { inOwnTask } from "./internal/in-task.js";

const CREATED = 0;
const ACTIVE = 1;
const EXPIRING = 2;
const EXPIRED = 3;
const FINISHED = 4;

type State = typeof CREATED | typeof ACTIVE | typeof EXPIRING | typeof EXPIRED | typeof FINISHED;

const stateNames = ["created", "active", "expiring", "expired", "finished"] as const;

/** Runs a scope and turns its own expiry into `undefined` instead of `TimeoutError` (for `moveOnAfter`). */
let runScope: <T>(timeout: Timeout, body: (t: Timeout) => PromiseLike<T>, moveOn: boolean) => Promise<T>;

/** A scope whose deadline is `ms` after the moment it opens (`timeout()`, `moveOnAfter()`). */
let scopeIn: (ms: number) => Timeout;

/**
 * A deadline for a block of code: asyncio's `Timeout`, the object that `timeout()` and `timeoutAt()`
 * hand to their body.
 *
 * While the body runs, the scope is *active*. When the deadline passes, the scope cancels the task
 * that runs the body (*expiring*); when the body ends with that cancellation — and no other
 * cancellation of the task is pending — the scope throws `TimeoutError` instead, with the
 * `CancelledError` it replaced as its `cause` (*expired*). A body that ends before the deadline leaves
 * the scope *finished*. `when()` is the deadline in loop time (milliseconds, `loop.time()`), or `null`
 * for none; `reschedule()` moves it while the scope is active.
 *
 * Where asyncio writes `async with Timeout(when) as t:`, this package writes
 * `await new Timeout(when).run(async (t) => …)`;
 * `timeout()` and `timeoutAt()` do exactly that. Differences: a scope opened outside any task runs its
 * body in a new task (asyncio refuses), and the deadline is also what `currentDeadline()` reports.
 *
 * @example
 * ```ts
 * import { timeout } from "@x/task";
 * await timeout(1000, async (t) => {
 *   await firstStep();
 *   t.reschedule(t.when()! + 500); // half a second more
 *   await secondStep();
 * });
 * ```
 */
export class Timeout {
  #state: State = CREATED;
  #when: number | null;
  /** For `timeout(ms)`: the delay, turned into the deadline when the scope opens. */
  #delay: number | undefined = undefined;
  #frames: DeadlineFrame[] | undefined = undefined;
  #loop: EventLoop | undefined = undefined;
  #task: Task<unknown> | undefined = undefined;
  #cancelling = 0;
  #handle: Handle | undefined = undefined;
  /** The deadline passed: cancel the task (a static handler, given the scope as its argument). */
  static #onTimeout(timeout: Timeout): void {
    timeout.#handle = undefined;
    if (timeout.#state !== ACTIVE) return;
    timeout.#state = EXPIRING;
    (timeout.#task as Task<unknown>).cancel();
  }

  static {
    runScope = (timeout, body, moveOn) => timeout.#run(body, moveOn);
    scopeIn = (ms) => {
      const timeout = new Timeout(null);
      timeout.#delay = ms;
      return timeout;
    };
  }

  /**
   * Make a scope with the deadline `when` (loop time, ms; `null` for none) that is not active yet:
   * `run()` opens it. A deadline in the past expires on the next loop iteration after the scope opens.
   * @throws TypeError when `when` is neither a number nor `null`; RangeError when it is NaN.
   */
  constructor(when: number | null) {
    checkTime("new Timeout(when)", "when", when);
    this.#when = when;
  }

  /** The deadline in loop time (milliseconds), or `null` when there is none. */
  when(): number | null {
    return this.#when;
  }

  /**
   * Move the deadline to `when` (loop time, ms), or remove it with `null`. A deadline that has already
   * passed expires the scope on the next loop iteration.
   * @throws InvalidStateError unless the scope is active (not yet opened, expiring, expired or finished).
   * @throws TypeError when `when` is neither a number nor `null`; RangeError when it is NaN.
   */
  reschedule(when: number | null): void {
    checkTime("Timeout.reschedule(when)", "when", when);
    if (this.#state !== ACTIVE) {
      if (this.#state === CREATED) throw new InvalidStateError("Timeout has not been entered");
      throw new InvalidStateError(
        `Cannot change the deadline of a Timeout that is ${stateNames[this.#state]}`,
      );
    }
    this.#when = when;
    this.#schedule();
  }

  /** Whether the deadline passed while the scope was active (it is expiring or expired). */
  expired(): boolean {
    return this.#state === EXPIRING || this.#state === EXPIRED;
  }

  /** `Timeout <active when=1500>`, `Timeout <expired>`… */
  toString(): string {
    const when = this.#state === ACTIVE ? ` when=${this.#when === null ? "null" : this.#when}` : "";
    return `Timeout <${stateNames[this.#state]}${when}>`;
  }

  /**
   * Open the scope, run `body(this)` in it and close it: asyncio's `async with timeout:`.
   *
   * @returns what the body returns (also when the deadline passed but the body caught the cancellation
   *   and returned normally, as in asyncio).
   * @throws TimeoutError when the deadline passed and the body ended with the cancellation it caused;
   *   whatever else the body throws; InvalidStateError when the scope was already opened once.
   */
  run<T>(body: (t: Timeout) => PromiseLike<T>): Promise<T> {
    checkBody("Timeout.run(body)", body);
    return this.#run(body, false);
  }

  #run<T>(body: (t: Timeout) => PromiseLike<T>, moveOn: boolean): Promise<T> {
    if (this.#state !== CREATED) throw new InvalidStateError("Timeout has already been entered");
    // inCurrentTask's check, made here so that a scope inside a task allocates no closure.
    const task = currentTask();
    if (task !== undefined) return this.#scope(task, body, moveOn);
    return inOwnTask("timeout", (t) => this.#scope(t, body, moveOn));
  }

  #scope<T>(task: Task<unknown>, body: (t: Timeout) => PromiseLike<T>, moveOn: boolean): Promise<T> {
    if (this.#state !== CREATED) throw new InvalidStateError("Timeout has already been entered");
    // __aenter__: remember how many cancellations were pending, so that only ours becomes a timeout.
    this.#state = ACTIVE;
    this.#task = task;
    this.#loop = task.getLoop();
    this.#cancelling = task.cancelling();
    if (this.#delay === undefined) this.#schedule();
    else this.#scheduleIn(this.#delay);
    this.#frames = pushDeadline(task, this);
    let result: PromiseLike<T>;
    try {
      result = body(this);
    } catch (error) {
      result = Promise.reject(error);
    }
    // __aexit__, as two reactions rather than an async function: one promise less per scope.
    return Promise.resolve(result).then(
      (value) => {
        if (this.#exit()) task.uncancel();
        return value;
      },
      (error: unknown) => {
        const expired = this.#exit();
        if (expired && task.uncancel() <= this.#cancelling && error instanceof CancelledError) {
          if (moveOn) return undefined as T;
          throw new TimeoutError(`the deadline (${String(this.#when)} ms in loop time) passed`, {
            cause: error,
          });
        }
        throw error;
      },
    );
  }

  /** __aexit__'s bookkeeping: drop the timer and the deadline, settle the state; whether it expired. */
  #exit(): boolean {
    popDeadline(this.#frames as DeadlineFrame[], this);
    this.#frames = undefined;
    if (this.#handle !== undefined) {
      this.#handle.cancel();
      this.#handle = undefined;
    }
    const expired = this.#state === EXPIRING;
    this.#state = expired ? EXPIRED : FINISHED;
    this.#task = undefined;
    return expired;
  }

  /**
   * Open with a deadline `ms` from now. A relative timer (`callLater`) rather than `callAt`: the loop
   * keeps the timers of one delay in one list, so a million `timeout(5000)` scopes share it.
   */
  #scheduleIn(ms: number): void {
    const loop = this.#loop as EventLoop;
    this.#delay = undefined;
    if (ms > 0 && ms !== Number.POSITIVE_INFINITY) {
      // The timer's deadline is the scope's: one reading of the clock.
      const handle = loop.callLater(ms, Timeout.#onTimeout, this);
      this.#handle = handle;
      this.#when = handle.when();
      return;
    }
    this.#when = loop.time() + ms;
    if (ms <= 0) this.#handle = loop.callSoon(Timeout.#onTimeout, this);
  }

  #schedule(): void {
    if (this.#handle !== undefined) {
      this.#handle.cancel();
      this.#handle = undefined;
    }
    const when = this.#when;
    if (when === null || when === Number.POSITIVE_INFINITY) return;
    const loop = this.#loop as EventLoop;
    this.#handle =
      when <= loop.time()
        ? loop.callSoon(Timeout.#onTimeout, this)
        : loop.callAt(when, Timeout.#onTimeout, this);
  }
}

/**
 * Open a scope with a deadline `ms` from now (none for `null`) around `body`; with `moveOn`, its own
 * expiry gives `undefined` instead of `TimeoutError`. @internal
 */
export function runTimeoutScope<T>(
  ms: number | null,
  body: (t: Timeout) => PromiseLike<T>,
  moveOn: boolean,
): Promise<T> {
  return runScope(ms === null ? new Timeout(null) : scopeIn(ms), body, moveOn);
}

/**
 * Run `body` with a deadline `ms` milliseconds from now: asyncio's `timeout(delay)`, in milliseconds.
 *
 * At the deadline the task running the body is cancelled; if the body ends with that cancellation,
 * `timeout` throws `TimeoutError` (its `cause` is the `CancelledError`). Only that cancellation is
 * converted: a cancellation of the task from elsewhere — even one that arrives at the same moment —
 * propagates as `CancelledError`. Nested timeouts: the one whose deadline passed converts its own
 * cancellation, the others see a `TimeoutError` or `CancelledError` go by. `null` means no deadline;
 * a delay of 0 or less expires on the next loop iteration. The body gets the {@link Timeout} (`when()`,
 * `reschedule()`, `expired()`). It works in `finally` blocks and after a caught cancellation (it only
 * counts the requests made while it is open).
 *
 * Called outside any task, the body runs in a new task (asyncio requires a task). Only awaitables of
 * this library see the cancellation: a body blocked in a foreign promise notices it at its next
 * await of ours (pass `currentTask()!.signal` to `fetch` and friends).
 *
 * @param ms the delay in milliseconds (loop time), or `null` for none.
 * @param body the code to run; it gets the scope.
 * @returns what `body` returns.
 * @throws TimeoutError when the deadline passed first; whatever `body` throws.
 * @throws TypeError when `ms` is not a number or `null`, or `body` is not a function; RangeError when `ms` is NaN.
 * @example
 * ```ts
 * import { timeout } from "@x/task";
 * import { TimeoutError } from "@x/loop";
 * try {
 *   const page = await timeout(5000, () => session.get(url).then((r) => r.text()));
 * } catch (e) {
 *   if (e instanceof TimeoutError) console.log("too slow");
 *   else throw e;
 * }
 * ```
 */
export function timeout<T>(ms: number | null, body: (t: Timeout) => PromiseLike<T>): Promise<T> {
  checkTime("timeout(ms, body)", "ms", ms);
  checkBody("timeout(ms, body)", body);
  return runScope(ms === null ? new Timeout(null) : scopeIn(ms), body, false);
}

/**
 * Run `body` with the deadline `when`, in loop time (`loop.time()`, milliseconds): asyncio's
 * `timeout_at`. Everything else is as {@link timeout}; a deadline in the past expires on the next
 * loop iteration, `null` means none.
 *
 * @param when the deadline in loop time (ms), or `null`.
 * @param body the code to run; it gets the scope.
 * @returns what `body` returns.
 * @throws TimeoutError when the deadline passed first; whatever `body` throws.
 * @throws TypeError when `when` is not a number or `null`, or `body` is not a function; RangeError when `when` is NaN.
 * @example
 * ```ts
 * import { getEventLoop } from "@x/loop";
 * import { timeoutAt } from "@x/task";
 * const deadline = getEventLoop().time() + 10_000;
 * await timeoutAt(deadline, () => connect());
 * await timeoutAt(deadline, () => handshake()); // the same budget for both
 * ```
 */
export function timeoutAt<T>(when: number | null, body: (t: Timeout) => PromiseLike<T>): Promise<T> {
  checkTime("timeoutAt(when, body)", "when", when);
  checkBody("timeoutAt(when, body)", body);
  return runScope(new Timeout(when), body, false);
}
