import { CancelledError, type EventLoop, Future, isFuture } from "@x/loop";
import type { Task } from "@x/task";
import { isMirror, type TaskFunction } from "./inputs.js";
import { mirrorOf } from "./mirror.js";

type ChildCallback = (fut: Future<unknown>) => void;

/**
 * The future `gather()` returns: asyncio's `_GatheringFuture`. It holds one child per distinct
 * awaitable (a task for each function), and finishes with the children's results in input order, or
 * with the first failure (a cancelled child fails it with that `CancelledError`; the gathering future
 * is never "cancelled" itself). `cancel()` cancels the children instead of the future, as
 * `Task.cancel()` does; the future then fails with `CancelledError` once the children have answered,
 * whatever `returnExceptions` says.
 *
 * With a finite `limit`, the functions do not get a task each: `limit` worker tasks (fewer if there
 * are fewer functions) call them one after another, in input order, as the bounded pool of
 * `p-map` or a hand-written worker pool does; a task per queued job would cost far more. Once the
 * future is done, no further function is called.
 */
export class GatheringFuture<T> extends Future<T> {
  readonly #loop: EventLoop;
  readonly #returnExceptions: boolean;
  readonly #limit: number;
  /** The children by index (functions run by workers have none). */
  #children: (Future<unknown> | undefined)[] = [];
  /** Each child's result (or, with `returnExceptions`, its error). */
  #values: unknown[] = [];
  /** Position → child index, made when an awaitable appears twice (otherwise position = child index). */
  #positions: number[] | undefined = undefined;
  /** Children that follow a foreign promise, with their callbacks: `cancel()` detaches them. */
  #foreign: Map<number, ChildCallback> | undefined = undefined;
  #expected = 0;
  #finished = 0;
  /** With a limit: the functions for the workers, their child indices (none: the same), the next one. */
  #jobs: readonly (TaskFunction | undefined)[] = [];
  #jobIndex: number[] | undefined = undefined;
  /** How many functions the workers call (fixed at the start: the caller's list may change later). */
  #jobCount = 0;
  #nextJob = 0;
  #workers: Task<void>[] = [];
  #cancelRequested = false;
  #cancelMessage: string | undefined = undefined;

  constructor(loop: EventLoop, returnExceptions: boolean, limit: number) {
    super(loop);
    this.#loop = loop;
    this.#returnExceptions = returnExceptions;
    this.#limit = limit;
  }

  /**
   * Start the workers over a list of functions only, with a limit: the list is read as it is (the
   * common case of a large bounded gather, with nothing to copy per item).
   */
  _beginPool(fns: readonly TaskFunction[]): void {
    this.#jobs = fns;
    this.#jobCount = fns.length;
    this.#values = new Array(fns.length);
    this.#expected = fns.length;
    this.#startWorkers();
    if (this.#expected === 0) this.#complete();
  }

  /** Add every item (already checked to be awaitable) as a child; start the tasks or the workers. */
  _begin(items: readonly unknown[]): void {
    const loop = this.#loop;
    const children = this.#children;
    const pooled = this.#limit !== Number.POSITIVE_INFINITY;
    const jobs: TaskFunction[] = [];
    const jobIndex: number[] = [];
    let seen: Map<unknown, number> | undefined;
    for (let p = 0; p < items.length; p++) {
      const item = items[p];
      if (typeof item === "function") {
        const index = this.#newChild();
        if (pooled) {
          jobs.push(item as TaskFunction);
          jobIndex.push(index);
        } else {
          const task = loop.createTask(item as TaskFunction);
          children[index] = task;
          task.addDoneCallback((f) => this.#childDone(index, f));
        }
        continue;
      }
      seen ??= new Map();
      const known = seen.get(item);
      if (known !== undefined) {
        if (this.#positions === undefined) this.#positions = Array.from({ length: p }, (_, i) => i);
        this.#positions.push(known);
        continue;
      }
      const index = this.#newChild();
      seen.set(item, index);
      const aw = item as PromiseLike<unknown>;
      const fut = isFuture(aw) ? aw : mirrorOf(aw, loop);
      children[index] = fut;
      const callback: ChildCallback = (f) => this.#childDone(index, f);
      if (isMirror(fut)) {
        this.#foreign ??= new Map();
        this.#foreign.set(index, callback);
      }
      fut.addDoneCallback(callback);
    }
    if (jobs.length > 0) {
      this.#jobs = jobs;
      this.#jobIndex = jobIndex;
      this.#jobCount = jobs.length;
      this.#startWorkers();
    }
    if (this.#expected === 0) this.#complete();
  }

  #startWorkers(): void {
    const workers = Math.min(this.#limit, this.#jobCount);
    const work = (): Promise<void> => this.#work();
    for (let w = 0; w < workers; w++) this.#workers.push(this.#loop.createTask(work));
  }

  /**
   * Cancel every child that is not done yet (a foreign promise cannot be stopped: gather stops
   * waiting for it and counts it as cancelled), cancel the workers (and so the functions they run)
   * and drop the functions not called yet.
   * @returns `false` when the gathering is done or nothing could be cancelled, as asyncio.
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    if (msg !== undefined && typeof msg !== "string") {
      throw new TypeError(`cancel(msg) expects a string message or nothing, got ${typeof msg}`);
    }
    let cancelled = false;
    const children = this.#children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child === undefined) continue;
      const callback = this.#foreign?.get(i);
      if (callback !== undefined) {
        if (child.done()) continue;
        // Stop following the promise and finish this child as cancelled, as asyncio's wrapper task would.
        child.removeDoneCallback(callback);
        this.#foreign?.delete(i);
        const standIn = new Future<unknown>(this.#loop);
        standIn.cancel(msg);
        children[i] = standIn;
        standIn.addDoneCallback(callback);
        cancelled = true;
      } else if (child.cancel(msg)) {
        cancelled = true;
      }
    }
    const notCalled = this.#jobCount - this.#nextJob;
    if (notCalled > 0) {
      this.#dropJobs();
      this.#expected -= notCalled;
      cancelled = true;
    }
    for (const worker of this.#workers) if (worker.cancel(msg)) cancelled = true;
    if (cancelled) {
      this.#cancelRequested = true;
      this.#cancelMessage = msg;
      if (this.#finished === this.#expected) this.#complete();
    }
    return cancelled;
  }

  #newChild(): number {
    const index = this.#children.length;
    this.#children.push(undefined);
    this.#values.push(undefined);
    this.#positions?.push(index);
    this.#expected++;
    return index;
  }

  /** A worker: call the next function, record its outcome, until none is left or gather is done. */
  async #work(): Promise<void> {
    while (this.#nextJob < this.#jobCount && !this.done()) {
      const k = this.#nextJob++;
      const fn = this.#jobs[k] as TaskFunction;
      const index = this.#jobIndex === undefined ? k : (this.#jobIndex[k] as number);
      let value: unknown;
      try {
        value = await fn();
      } catch (error) {
        this.#outcome(index, false, error);
        continue;
      }
      this.#outcome(index, true, value);
    }
  }

  #childDone(index: number, fut: Future<unknown>): void {
    if (this.done()) {
      this.#finished++;
      // Nobody will read it: mark the failure retrieved, as asyncio does.
      if (!fut.cancelled()) fut.exception();
      return;
    }
    let value: unknown;
    try {
      value = fut.result();
    } catch (error) {
      this.#outcome(index, false, error);
      return;
    }
    this.#outcome(index, true, value);
  }

  /** A child finished (a cancelled one fails with its CancelledError). */
  #outcome(index: number, ok: boolean, value: unknown): void {
    this.#finished++;
    if (this.done()) return;
    if (!ok && !this.#returnExceptions) {
      this.setException(value);
      this.#release();
      return;
    }
    this.#values[index] = value;
    if (this.#finished === this.#expected) this.#complete();
  }

  #complete(): void {
    if (this.#cancelRequested) {
      // Cancelling gather propagates even with returnExceptions (asyncio's issue 32684).
      this.setException(new CancelledError(this.#cancelMessage ?? ""));
    } else {
      const values = this.#values;
      const positions = this.#positions;
      this.setResult((positions === undefined ? values : positions.map((i) => values[i])) as T);
    }
    this.#release();
  }

  /** Forget the functions not called yet (the workers see an empty list and stop). */
  #dropJobs(): void {
    this.#jobs = [];
    this.#jobIndex = undefined;
    this.#jobCount = 0;
    this.#nextJob = 0;
  }

  /** Done: forget the children and the functions not called (cancel() is a no-op from now on). */
  #release(): void {
    this.#children = [];
    this.#values = [];
    this.#positions = undefined;
    this.#foreign = undefined;
    this.#dropJobs();
    this.#workers = [];
  }
}
