import { getEventLoop, InvalidStateError, type WaiterCancelHook } from "@x/loop";
import { currentTask, type Task } from "@x/task";
import { checkFunction, signalOf, type WaitOptions } from "./internal/arguments.js";
import { Hold, type Releaser } from "./internal/releaser.js";
import { runHeld } from "./internal/run-held.js";
import { ListWaiter, WaiterList } from "./internal/waiter-list.js";

/** What `Lock.statistics()` reports. */
export interface LockStatistics {
  /** Whether the lock is held. */
  readonly locked: boolean;
  /** The task that acquired it (undefined when free, or when acquired outside a task). */
  readonly holder: Task<unknown> | undefined;
  /** How many acquires are waiting. */
  readonly waiters: number;
}

type LockWaiter = ListWaiter<Releaser, Task<unknown> | undefined>;

/**
 * Guard shared state so that one task at a time uses it: asyncio's `Lock`, fair and cancellation-safe.
 *
 * `acquire()` takes a free lock at once, without yielding to the loop (as asyncio does), and resolves
 * with a {@link Releaser}, so `using _ = await lock.acquire()` releases at the end of the block.
 * When the lock is held, acquirers wait in FIFO order and `release()` hands the lock straight to the
 * first of them: nobody can take it in between. A waiter that is cancelled while waiting leaves the
 * queue; one that is cancelled after the lock was handed to it but before it resumed passes the lock
 * on to the next waiter. A `{ signal }` aborts just that wait.
 *
 * As in asyncio, the lock has no owner: any task may release it, and it is not reentrant. In debug
 * mode (`loop.getDebug()`) a task that acquires a lock it already holds is reported through the
 * loop's exception handler, because it deadlocks unless another task releases the lock.
 * Difference from asyncio: between `release()` and the resumption of the waiter it was handed to,
 * `locked()` stays true (asyncio reports the lock free while nobody else may take it).
 *
 * @example
 * ```ts
 * import { Lock } from "@x/sync";
 * const lock = new Lock();
 * async function deposit(account: { balance: number }, amount: number) {
 *   using _ = await lock.acquire();
 *   account.balance = (await read(account)) + amount;
 * }
 * ```
 */
export class Lock {
  #locked = false;
  #holder: Task<unknown> | undefined = undefined;
  readonly #waiters = new WaiterList<LockWaiter>();
  readonly #release = (): void => this.release();
  readonly #passOn: WaiterCancelHook<Releaser> = (revoked) => {
    // Handed the lock, then cancelled before it could use it: the next waiter gets it.
    if (revoked !== undefined) revoked.value.release();
  };

  /** Whether the lock is held. */
  locked(): boolean {
    return this.#locked;
  }

  /**
   * Acquire the lock: at once when it is free, else after the tasks already waiting (FIFO).
   *
   * @param options `signal` aborts this wait (it rejects with `signal.reason`).
   * @returns a {@link Releaser}; release it (or let `using` do it) when done.
   * @throws CancelledError when the task is cancelled while waiting; the signal's reason when it aborts.
   * @throws TypeError when `options` is malformed.
   */
  acquire(options?: WaitOptions): Promise<Releaser> {
    const signal = signalOf(options, "Lock", "acquire");
    if (signal?.aborted) return Promise.reject(signal.reason);
    const task = currentTask();
    if (!this.#locked) {
      this.#locked = true;
      this.#holder = task;
      return Promise.resolve(new Hold(this.#release, undefined));
    }
    // The task's loop is the running loop: no second look-up of the async context.
    const loop = task !== undefined ? task.getLoop() : getEventLoop();
    if (task !== undefined && task === this.#holder && loop.getDebug()) {
      loop.callExceptionHandler({
        message:
          `Lock.acquire(): task '${task.getName()}' already holds this lock and waits for it again; ` +
          "a Lock is not reentrant, so this deadlocks unless another task releases it",
        task,
      });
    }
    const waiter: LockWaiter = new ListWaiter(loop, this.#passOn, task);
    if (!waiter.done()) {
      this.#waiters.push(waiter);
      waiter.watch(signal);
    }
    return waiter.promise;
  }

  /**
   * Release the lock: the first waiter gets it, else it becomes free. Any task may release it.
   * Prefer the {@link Releaser} from `acquire()`, which releases only once.
   * @throws InvalidStateError when the lock is not held.
   */
  release(): void {
    if (!this.#locked) throw new InvalidStateError("Lock.release(): the lock is not acquired");
    const next = this.#waiters.shift();
    if (next === undefined) {
      this.#locked = false;
      this.#holder = undefined;
      return;
    }
    this.#holder = next._data;
    next.resolve(new Hold(this.#release, undefined));
  }

  /**
   * Run `fn` holding the lock and release it however `fn` ends: the callback form of
   * `using _ = await lock.acquire()`.
   * @returns what `fn` returns.
   * @throws TypeError when `fn` is not a function.
   */
  run<R>(fn: () => R | PromiseLike<R>, options?: WaitOptions): Promise<Awaited<R>> {
    checkFunction("Lock.run(fn): fn", fn);
    return runHeld(this.acquire(options), fn);
  }

  /** A snapshot of the lock's state, for debugging (trio's `statistics()`). */
  statistics(): LockStatistics {
    return { locked: this.#locked, holder: this.#holder, waiters: this.#waiters.length };
  }

  /** A short description for messages. */
  toString(): string {
    const state = this.#locked ? "locked" : "unlocked";
    const waiters = this.#waiters.length > 0 ? `, waiters: ${this.#waiters.length}` : "";
    return `Lock <${state}${waiters}>`;
  }
}
