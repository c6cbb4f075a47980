import {
  CancelledError,
  type EventLoop,
  type Future,
  InvalidStateError,
  TimeoutError,
  type TimerHandle,
  Waiter,
} from "@x/loop";
import { futureOf, sourceOf, type TaskFunction } from "./inputs.js";

const OPEN = 0;
const TIMED_OUT = 1;
const CLOSED = 2;

/**
 * The state behind `asCompleted()`: the awaitables it watches, the ones done but not handed out yet
 * (in completion order), and the consumers waiting for the next one. Each consumer is a `Waiter` made
 * in its task, so cancelling the task cancels only its wait; a completion it had already been handed
 * goes back to the front of the line.
 *
 * Every callback it registers is taken back when the iteration ends early (`close()`) or times out;
 * the ones of completed awaitables are gone by then, so a long-lived awaitable keeps nothing.
 */
export class Completions {
  readonly #loop: EventLoop;
  readonly #timeoutMs: number | undefined;
  /** Every future watched (for detaching); tasks from queued functions are added as they start. */
  #watched: Future<unknown>[] = [];
  /** Completed, not handed out yet. */
  #done: Future<unknown>[] = [];
  #doneHead = 0;
  /** Consumers waiting for the next completion, in arrival order. */
  #getters: Waiter<Handed>[] = [];
  /** Awaitables still to hand out. */
  #left = 0;
  /** Watched awaitables (queued functions included) not completed yet. */
  #todo = 0;
  #state: typeof OPEN | typeof TIMED_OUT | typeof CLOSED = OPEN;
  #timer: TimerHandle | undefined = undefined;
  readonly #limit: number;
  #running = 0;
  #queue: TaskFunction[] = [];
  #queueHead = 0;

  readonly #onDone = (fut: Future<unknown>): void => this.#completed(fut);

  readonly #onTaskDone = (fut: Future<unknown>): void => {
    this.#running--;
    this.#completed(fut);
    this.#launch();
  };

  readonly #onTimeout = (): void => {
    this.#timer = undefined;
    if (this.#state !== OPEN) return;
    this.#state = TIMED_OUT;
    this.#detach();
    const getters = this.#getters;
    this.#getters = [];
    for (const waiter of getters) waiter.reject(this.#timeoutError());
  };

  constructor(loop: EventLoop, items: readonly unknown[], timeoutMs: number | undefined, limit: number) {
    this.#loop = loop;
    this.#timeoutMs = timeoutMs;
    this.#limit = limit;
    let seenDone: Set<unknown> | undefined;
    for (const item of items) {
      if (typeof item === "function") {
        this.#queue.push(item as TaskFunction);
        this.#todo++;
        continue;
      }
      const fut = futureOf(item as PromiseLike<unknown>, loop);
      if (fut.done()) {
        seenDone ??= new Set();
        if (seenDone.has(fut)) continue;
        seenDone.add(fut);
      } else if (fut.removeDoneCallback(this.#onDone) > 0) {
        // Our callback is already on this pending future: it was passed twice (a Set would cost more).
        fut.addDoneCallback(this.#onDone);
        continue;
      }
      this.#watched.push(fut);
      this.#todo++;
      fut.addDoneCallback(this.#onDone);
    }
    this.#left = this.#todo;
    this.#launch();
    if (this.#todo > 0 && timeoutMs !== undefined) this.#timer = loop.callLater(timeoutMs, this.#onTimeout);
  }

  /** Count one awaitable as handed out; false when none is left. */
  _take(): boolean {
    if (this.#left === 0) return false;
    this.#left--;
    return true;
  }

  /**
   * The result of the next awaitable to complete, as a native promise, if one has completed and not
   * been handed out yet (for the iterable form: it is bound at once, no need to wait).
   */
  _nextReady(): Promise<unknown> | undefined {
    const fut = this.#shift();
    if (fut === undefined) return undefined;
    let value: unknown;
    try {
      value = fut.result();
    } catch (error) {
      const failed = Promise.reject(error);
      // Handed out but perhaps never awaited: no unhandled rejection for that.
      failed.catch(ignore);
      return failed;
    }
    return Promise.resolve(value);
  }

  /** The result of the next awaitable to complete, taken when awaited (for the iterable form). */
  _nextResult(): Promise<unknown> {
    return this._nextReady() ?? this.#failed() ?? this.#wait().then(resultOf);
  }

  /**
   * The next awaitable to complete, as the caller passed it (for the async iterable form), in an
   * iterator result: never as a promise's value, which would adopt it.
   */
  _nextSource(): Promise<IteratorResult<unknown>> {
    const fut = this.#shift();
    if (fut !== undefined) return Promise.resolve({ done: false, value: sourceOf(fut) });
    const failed = this.#failed();
    if (failed !== undefined) return failed;
    return this.#wait().then(sourceResult, (error: unknown) => {
      // A `for await` loop whose next() fails never calls return(): clean up here.
      if (error instanceof CancelledError) this.close();
      throw error;
    });
  }

  /**
   * End the iteration: take back every callback, cancel the timeout, never start the functions not
   * started yet. Consumers still waiting fail with InvalidStateError. Closing twice does nothing.
   */
  close(): void {
    if (this.#state === CLOSED) return;
    const wasOpen = this.#state === OPEN;
    this.#state = CLOSED;
    this.#left = 0;
    if (wasOpen) this.#detach();
    const getters = this.#getters;
    this.#getters = [];
    for (const waiter of getters) {
      waiter.reject(
        new InvalidStateError("asCompleted(): the iteration was closed while this await was pending"),
      );
    }
  }

  /** A rejected promise when the iteration timed out or was closed. */
  #failed(): Promise<never> | undefined {
    if (this.#state === TIMED_OUT) return Promise.reject(this.#timeoutError());
    if (this.#state === CLOSED) {
      return Promise.reject(new InvalidStateError("asCompleted(): the iteration was closed"));
    }
    return undefined;
  }

  #timeoutError(): TimeoutError {
    return new TimeoutError(`asCompleted(): not every awaitable completed within ${this.#timeoutMs} ms`);
  }

  #shift(): Future<unknown> | undefined {
    const done = this.#done;
    if (this.#doneHead === done.length) return undefined;
    const fut = done[this.#doneHead] as Future<unknown>;
    done[this.#doneHead++] = undefined as unknown as Future<unknown>;
    if (this.#doneHead === done.length) {
      this.#done = [];
      this.#doneHead = 0;
    }
    return fut;
  }

  #wait(): Promise<Handed> {
    const waiter: Waiter<Handed> = new Waiter<Handed>(this.#loop, (revoked) => {
      const i = this.#getters.indexOf(waiter);
      if (i >= 0) this.#getters.splice(i, 1);
      // Its task was cancelled after this completion was handed to it: pass it on, still first in line.
      if (revoked !== undefined) this.#handOut(revoked.value.fut, true);
    });
    this.#getters.push(waiter);
    return waiter.promise;
  }

  #completed(fut: Future<unknown>): void {
    if (this.#state !== OPEN) return;
    this.#todo--;
    if (this.#todo === 0) {
      // Everything completed: nothing is left to detach.
      this.#watched = [];
      if (this.#timer !== undefined) {
        this.#timer.cancel();
        this.#timer = undefined;
      }
    }
    this.#handOut(fut, false);
  }

  #handOut(fut: Future<unknown>, first: boolean): void {
    const getters = this.#getters;
    while (getters.length > 0) {
      const waiter = getters.shift() as Waiter<Handed>;
      if (waiter.resolve({ fut })) return;
    }
    if (!first) this.#done.push(fut);
    else if (this.#doneHead > 0) this.#done[--this.#doneHead] = fut;
    else this.#done.unshift(fut);
  }

  #launch(): void {
    const queue = this.#queue;
    while (this.#queueHead < queue.length && this.#running < this.#limit) {
      const head = this.#queueHead++;
      const fn = queue[head] as TaskFunction;
      queue[head] = undefined as unknown as TaskFunction;
      const task = this.#loop.createTask(fn);
      this.#running++;
      this.#watched.push(task);
      task.addDoneCallback(this.#onTaskDone);
    }
    if (this.#queueHead === queue.length && queue.length > 0) {
      this.#queue = [];
      this.#queueHead = 0;
    }
  }

  /** Take back every callback of the awaitables not completed yet; start nothing more. */
  #detach(): void {
    if (this.#timer !== undefined) {
      this.#timer.cancel();
      this.#timer = undefined;
    }
    for (const fut of this.#watched) {
      if (fut.done()) continue;
      fut.removeDoneCallback(this.#onDone);
      fut.removeDoneCallback(this.#onTaskDone);
    }
    this.#watched = [];
    this.#queue = [];
    this.#queueHead = 0;
  }
}

/** A completion handed to a waiting consumer (boxed: a future is thenable, a promise would adopt it). */
interface Handed {
  readonly fut: Future<unknown>;
}

function ignore(): void {}

function resultOf(handed: Handed): unknown {
  return handed.fut.result();
}

function sourceResult(handed: Handed): IteratorResult<unknown> {
  return { done: false, value: sourceOf(handed.fut) };
}
