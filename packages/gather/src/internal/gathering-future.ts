import { CancelledError, type EventLoop, Future, isFuture } from "@x/loop";
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
 * With a `limit`, at most that many of the tasks made from functions run at once; the others start,
 * in input order, as running ones finish. Once the future is done, no further task is started.
 */
export class GatheringFuture<T> extends Future<T> {
  readonly #loop: EventLoop;
  readonly #returnExceptions: boolean;
  readonly #limit: number;
  /** The children by index; a queued function's slot stays undefined until it starts. */
  #children: (Future<unknown> | undefined)[] = [];
  /** Each child's result (or, with `returnExceptions`, its error). */
  #values: unknown[] = [];
  /** Position → child index, made when an awaitable appears twice (otherwise position = child index). */
  #positions: number[] | undefined = undefined;
  /** Children that follow a foreign promise, with their callbacks: `cancel()` detaches them. */
  #foreign: Map<number, ChildCallback> | undefined = undefined;
  #expected = 0;
  #finished = 0;
  #running = 0;
  #queuedIndex: number[] = [];
  #queuedFn: TaskFunction[] = [];
  #queueHead = 0;
  #cancelRequested = false;
  #cancelMessage: string | undefined = undefined;

  constructor(loop: EventLoop, returnExceptions: boolean, limit: number) {
    super(loop);
    this.#loop = loop;
    this.#returnExceptions = returnExceptions;
    this.#limit = limit;
  }

  /** Add every item (already checked to be awaitable) as a child, starting tasks up to the limit. */
  _begin(items: readonly unknown[]): void {
    const loop = this.#loop;
    const children = this.#children;
    let seen: Map<unknown, number> | undefined;
    for (let p = 0; p < items.length; p++) {
      const item = items[p];
      if (typeof item === "function") {
        const index = this.#newChild();
        if (this.#running < this.#limit) this.#startTask(index, item as TaskFunction);
        else {
          this.#queuedIndex.push(index);
          this.#queuedFn.push(item as TaskFunction);
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
    if (this.#expected === 0) this.#complete();
  }

  /**
   * Cancel every child that is not done yet (a foreign promise cannot be stopped: gather stops
   * waiting for it and counts it as cancelled) and drop the functions not started yet.
   * @returns `false` when the gathering is done or no child could be cancelled, as asyncio.
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
    const dropped = this.#queuedIndex.length - this.#queueHead;
    if (dropped > 0) {
      this.#dropQueue();
      this.#expected -= dropped;
      cancelled = true;
    }
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

  #startTask(index: number, fn: TaskFunction): void {
    const task = this.#loop.createTask(fn);
    this.#children[index] = task;
    this.#running++;
    task.addDoneCallback((f) => this.#taskDone(index, f));
  }

  #taskDone(index: number, fut: Future<unknown>): void {
    this.#running--;
    this.#childDone(index, fut);
    const indices = this.#queuedIndex;
    while (this.#queueHead < indices.length && this.#running < this.#limit && !this.done()) {
      const head = this.#queueHead++;
      const fn = this.#queuedFn[head] as TaskFunction;
      this.#queuedFn[head] = undefined as unknown as TaskFunction;
      this.#startTask(indices[head] as number, fn);
    }
    if (this.#queueHead === indices.length && indices.length > 0) this.#dropQueue();
  }

  #childDone(index: number, fut: Future<unknown>): void {
    this.#finished++;
    if (this.done()) {
      // Nobody will read it: mark the failure retrieved, as asyncio does.
      if (!fut.cancelled()) fut.exception();
      return;
    }
    let value: unknown;
    try {
      value = fut.result();
    } catch (error) {
      if (!this.#returnExceptions) {
        this.#dropQueue();
        this.setException(error);
        this.#release();
        return;
      }
      value = error;
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

  #dropQueue(): void {
    this.#queuedIndex = [];
    this.#queuedFn = [];
    this.#queueHead = 0;
  }

  /** Done: forget the children (cancel() is a no-op from now on). */
  #release(): void {
    this.#children = [];
    this.#values = [];
    this.#positions = undefined;
    this.#foreign = undefined;
  }
}
