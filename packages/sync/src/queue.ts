import { getEventLoop, InvalidStateError, type WaiterCancelHook } from "@x/loop";
import { QueueEmpty, QueueFull, QueueShutDown } from "./errors.js";
import { Event } from "./event.js";
import { describeValue, signalOf, type WaitOptions } from "./internal/arguments.js";
import { FifoStore, type QueueStore } from "./internal/queue-store.js";
import { ListWaiter, WaiterList } from "./internal/waiter-list.js";

/** What `Queue.statistics()` reports. */
export interface QueueStatistics {
  /** Items in the queue (`qsize()`). */
  readonly qsize: number;
  /** The capacity given to the constructor (0 or less: unbounded). */
  readonly maxsize: number;
  /** Tasks waiting in `get()`. */
  readonly getters: number;
  /** Tasks waiting in `put()`. */
  readonly putters: number;
  /** Items put and not yet marked done with `taskDone()`. */
  readonly unfinishedTasks: number;
  /** Whether `shutdown()` was called. */
  readonly shutdown: boolean;
}

/** What a waiting getter is handed: a box, so that the item can still change before the getter resumes. */
interface Handed<T> {
  item: T;
}

type GetWaiter<T> = ListWaiter<Handed<T>>;
type PutWaiter<T> = ListWaiter<void, T>;

const resolvedVoid: Promise<void> = Promise.resolve();

let setStore!: <T>(queue: Queue<T>, store: QueueStore<T>) => void;

/** Give a queue of a subclass its own order (LIFO, priority). @internal */
export function useStore<T>(queue: Queue<T>, store: QueueStore<T>): void {
  setStore(queue, store);
}

/**
 * A FIFO queue for producer and consumer tasks: asyncio's `Queue` (Python 3.13, with `shutdown`),
 * fair and cancellation-safe, and async-iterable.
 *
 * With `maxsize > 0`, `put()` waits while the queue is full; `get()` waits while it is empty. Both
 * return at once, without yielding to the loop, when they need not wait (as in asyncio). Waiting
 * getters and putters are served in FIFO order: an item put while getters wait goes straight to the
 * first of them, and a slot freed while putters wait is kept for the first of them, so no newcomer
 * overtakes a waiting task. A `get()` that is cancelled never loses an item (one already handed to it
 * goes back to the front of the queue, or to the next getter) and a `put()` that is cancelled never
 * inserts one. `join()`/`taskDone()` count unfinished items as in asyncio; `shutdown()` stops the
 * queue (see there). `for await (const item of queue)` takes items until the queue is shut down and
 * empty, then ends.
 *
 * Differences from asyncio, for fairness: an item handed to a waiting getter is no longer counted by
 * `qsize()` (nobody else can get it) though it still occupies its slot for `full()` until that getter
 * resumes; and a slot kept for a woken putter makes `full()` true (asyncio lets a newcomer take it and
 * sends the woken putter to the back of the line).
 *
 * @example
 * ```ts
 * import { Queue } from "@x/sync";
 * const jobs = new Queue<string>(10);
 * createTask(async () => {
 *   for await (const job of jobs) console.log("did", job);
 * });
 * await jobs.put("a");
 * jobs.shutdown(); // the loop above ends once "a" is taken
 * ```
 */
export class Queue<T = unknown> implements AsyncIterable<T> {
  readonly #maxsize: number;
  readonly #limit: number;
  #store: QueueStore<T> = new FifoStore<T>();
  readonly #getters = new WaiterList<GetWaiter<T>>();
  readonly #putters = new WaiterList<PutWaiter<T>>();
  /**
   * Items handed to getters that have not resumed yet, in the order they were handed (the getters'
   * order): they still occupy their slot.
   */
  readonly #handed: Handed<T>[] = [];
  /** Slots kept for putters that were woken and have not resumed yet. */
  #reserved = 0;
  #unfinished = 0;
  #finished: Event | undefined = undefined;
  #shutdown = false;
  #immediate = false;
  readonly #getPassOn: WaiterCancelHook<Handed<T>> = (revoked) => {
    if (revoked === undefined) return;
    // A getter handed an item was cancelled before it resumed. To keep FIFO, the getters handed
    // later items (not resumed either) each take the item before theirs, and the last item is next
    // in line again — as in asyncio, where getters take items only as they resume.
    const handed = this.#handed;
    const at = handed.indexOf(revoked.value);
    if (at >= 0) handed.splice(at, 1);
    let carry = revoked.value.item;
    for (let i = Math.max(at, 0); i < handed.length; i++) {
      const box = handed[i] as Handed<T>;
      const later = box.item;
      box.item = carry;
      carry = later;
    }
    this.#giveBack(carry);
  };
  readonly #putPassOn: WaiterCancelHook<void> = (revoked) => {
    if (revoked === undefined) return;
    this.#reserved--;
    this.#wakePutters();
  };

  static {
    setStore = (queue, store) => {
      queue.#store = store;
    };
  }

  /**
   * @param maxsize the capacity; 0 or less (the default) means unbounded, as in asyncio.
   * @throws TypeError when `maxsize` is not a number; RangeError when it is NaN or fractional.
   */
  constructor(maxsize = 0) {
    const what = `new ${new.target.name}(maxsize): maxsize`;
    if (typeof maxsize !== "number")
      throw new TypeError(`${what} must be a number, got ${describeValue(maxsize)}`);
    if (!Number.isInteger(maxsize) && maxsize !== Number.POSITIVE_INFINITY) {
      throw new RangeError(`${what} must be an integer (0 or less for unbounded), got ${String(maxsize)}`);
    }
    this.#maxsize = maxsize;
    this.#limit = maxsize > 0 ? maxsize : Number.POSITIVE_INFINITY;
  }

  /** The capacity given to the constructor (0 or less: unbounded). */
  get maxsize(): number {
    return this.#maxsize;
  }

  /** The number of items in the queue, ready for `getNowait()`. */
  qsize(): number {
    return this.#store.size;
  }

  /** Whether the queue holds no item. */
  empty(): boolean {
    return this.#store.size === 0;
  }

  /** Whether `put()` would wait: every slot is taken (never for an unbounded queue). */
  full(): boolean {
    return this.#store.size + this.#handed.length + this.#reserved >= this.#limit;
  }

  /**
   * Put `item` in the queue, waiting for a free slot while it is full.
   * @param options `signal` aborts the wait (it rejects with `signal.reason`; the item is not put).
   * @throws QueueShutDown when the queue is (or gets) shut down. CancelledError when the task is
   *   cancelled while waiting (the item is not put).
   */
  put(item: T, options?: WaitOptions): Promise<void> {
    const signal = signalOf(options, this, "put");
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#shutdown) return Promise.reject(this.#shutDownError("put"));
    if (!this.full()) {
      this.#add(item);
      return resolvedVoid;
    }
    const waiter: PutWaiter<T> = new ListWaiter(getEventLoop(), this.#putPassOn, item);
    if (!waiter.done()) {
      this.#putters.push(waiter);
      waiter.watch(signal);
    }
    return this.#putWhenWoken(waiter);
  }

  /**
   * Put `item` in the queue at once.
   * @throws QueueFull when the queue is full; QueueShutDown when it is shut down.
   */
  putNowait(item: T): void {
    if (this.#shutdown) throw this.#shutDownError("putNowait");
    if (this.full()) throw new QueueFull(`${this.constructor.name}.putNowait(): the queue is full`);
    this.#add(item);
  }

  /**
   * Remove and return the next item, waiting while the queue is empty.
   * @param options `signal` aborts the wait (it rejects with `signal.reason`; no item is taken).
   * @throws QueueShutDown when the queue is shut down and empty (or shut down with `immediate`).
   *   CancelledError when the task is cancelled while waiting (no item is lost).
   */
  get(options?: WaitOptions): Promise<T> {
    const signal = signalOf(options, this, "get");
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#store.size > 0) return Promise.resolve(this.#takeNow());
    if (this.#shutdown) return Promise.reject(this.#shutDownError("get"));
    return this.#getWhenHanded(this.#waitForItem(signal));
  }

  /**
   * Remove and return the next item at once.
   * @throws QueueEmpty when there is none; QueueShutDown when the queue is shut down and empty.
   */
  getNowait(): T {
    if (this.#store.size > 0) return this.#takeNow();
    if (this.#shutdown) throw this.#shutDownError("getNowait");
    throw new QueueEmpty(`${this.constructor.name}.getNowait(): the queue is empty`);
  }

  /**
   * Mark one item taken from the queue as processed; `join()` resolves when every item put has been.
   * @throws InvalidStateError (asyncio raises ValueError) when called more times than items were put.
   */
  taskDone(): void {
    if (this.#unfinished <= 0) {
      throw new InvalidStateError(
        `${this.constructor.name}.taskDone(): called more times than items were put`,
      );
    }
    this.#unfinished--;
    if (this.#unfinished === 0) this.#finished?.set();
  }

  /**
   * Wait until every item put has been marked done with `taskDone()` (at once when none is pending).
   * @param options `signal` aborts the wait (it rejects with `signal.reason`).
   */
  join(options?: WaitOptions): Promise<void> {
    const signal = signalOf(options, this, "join");
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#unfinished === 0) return resolvedVoid;
    this.#finished ??= new Event();
    return this.#finished.wait(options) as Promise<unknown> as Promise<void>;
  }

  /**
   * Shut the queue down (Python 3.13): `put()` and `putNowait()` fail with {@link QueueShutDown}
   * from now on, and so do the `put()`s waiting now; `get()` goes on giving the items left, then fails
   * with `QueueShutDown`, and the `get()`s waiting now fail with it. With `immediate`, the items left
   * are dropped (each counts as done for `join()`) and `get()` fails at once.
   * @param immediate drop the items left instead of letting getters take them.
   * @throws TypeError when `immediate` is not a boolean.
   */
  shutdown(immediate = false): void {
    if (typeof immediate !== "boolean") {
      throw new TypeError(
        `${this.constructor.name}.shutdown(immediate): immediate must be a boolean, got ${describeValue(immediate)}`,
      );
    }
    this.#shutdown = true;
    if (immediate) {
      this.#immediate = true;
      const dropped = this.#store.size;
      this.#store.clear();
      this.#unfinished -= Math.min(dropped, this.#unfinished);
      if (this.#unfinished === 0) this.#finished?.set();
    }
    for (const getter of this.#getters.drain()) getter.reject(this.#shutDownError("get"));
    for (const putter of this.#putters.drain()) putter.reject(this.#shutDownError("put"));
  }

  /** Whether `shutdown()` was called. */
  isShutDown(): boolean {
    return this.#shutdown;
  }

  /**
   * Iterate over the items as they come: each step is a `get()`; the iteration ends when the queue is
   * shut down and empty. It does not call `taskDone()` for you.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    const iterator: AsyncIterableIterator<T> = {
      next: (): Promise<IteratorResult<T>> => this.#next(),
      return: (): Promise<IteratorResult<T>> => Promise.resolve({ value: undefined, done: true }),
      [Symbol.asyncIterator]: (): AsyncIterableIterator<T> => iterator,
    };
    return iterator;
  }

  /** A snapshot of the queue's state, for debugging. */
  statistics(): QueueStatistics {
    return {
      qsize: this.#store.size,
      maxsize: this.#maxsize,
      getters: this.#getters.length,
      putters: this.#putters.length,
      unfinishedTasks: this.#unfinished,
      shutdown: this.#shutdown,
    };
  }

  /** A short description for messages. */
  toString(): string {
    let extra = `maxsize=${this.#maxsize} qsize=${this.#store.size}`;
    if (this.#getters.length > 0) extra += ` getters=${this.#getters.length}`;
    if (this.#putters.length > 0) extra += ` putters=${this.#putters.length}`;
    if (this.#unfinished > 0) extra += ` tasks=${this.#unfinished}`;
    if (this.#shutdown) extra += " shutdown";
    return `${this.constructor.name} <${extra}>`;
  }

  /** One step of the async iteration: a `get()` that ends the iteration on shutdown. */
  #next(): Promise<IteratorResult<T>> {
    if (this.#store.size > 0) return Promise.resolve({ value: this.#takeNow(), done: false });
    if (this.#shutdown) return Promise.resolve({ value: undefined, done: true });
    return this.#nextWhenHanded(this.#waitForItem(undefined));
  }

  /**
   * Take an item for a caller that does not wait (the store has one). In a FIFO queue, items handed
   * to getters that have not resumed yet came first: the caller gets the oldest of those, and each of
   * those getters the item after its own, the last one the head of the store. So items leave in the
   * order they came even when a getter is then cancelled and gives its item back, as in asyncio,
   * where getters take items only as they resume.
   */
  #takeNow(): T {
    let item = this.#store.take();
    const handed = this.#handed;
    if (this.#store.fifo) {
      for (let i = handed.length - 1; i >= 0; i--) {
        const box = handed[i] as Handed<T>;
        const earlier = box.item;
        box.item = item;
        item = earlier;
      }
    }
    this.#wakePutters();
    return item;
  }

  /** A getter's wait for the next item handed to it (the queue is empty and not shut down). */
  #waitForItem(signal: AbortSignal | undefined): GetWaiter<T> {
    const waiter: GetWaiter<T> = new ListWaiter(getEventLoop(), this.#getPassOn, undefined);
    if (!waiter.done()) {
      this.#getters.push(waiter);
      waiter.watch(signal);
    }
    return waiter;
  }

  /** Count the item and give it to the first waiting getter, else store it. */
  #add(item: T): void {
    const getter = this.#getters.shift();
    if (getter !== undefined) this.#hand(getter, item);
    else this.#store.add(item);
    this.#unfinished++;
    if (this.#unfinished === 1) this.#finished?.clear();
  }

  /** A getter was handed `item` and cancelled before it resumed: the item is next in line again. */
  #giveBack(item: T): void {
    if (this.#immediate) {
      // Shut down with `immediate`: the item is dropped with the others.
      if (this.#unfinished > 0 && --this.#unfinished === 0) this.#finished?.set();
      this.#wakePutters();
      return;
    }
    const getter = this.#getters.shift();
    if (getter !== undefined) this.#hand(getter, item);
    else this.#store.putBack(item);
  }

  /** Keep the free slots for the first waiting putters. */
  #wakePutters(): void {
    const putters = this.#putters;
    while (putters.length > 0 && this.#store.size + this.#handed.length + this.#reserved < this.#limit) {
      const putter = putters.shift() as PutWaiter<T>;
      this.#reserved++;
      putter.resolve(undefined);
    }
  }

  async #putWhenWoken(waiter: PutWaiter<T>): Promise<void> {
    await waiter.promise;
    this.#reserved--;
    if (this.#shutdown) {
      this.#wakePutters();
      throw this.#shutDownError("put");
    }
    this.#add(waiter._data);
  }

  /** Give `item` to a waiting getter; it takes it when it resumes. */
  #hand(getter: GetWaiter<T>, item: T): void {
    const box: Handed<T> = { item };
    this.#handed.push(box);
    getter.resolve(box);
  }

  async #getWhenHanded(waiter: GetWaiter<T>): Promise<T> {
    return this.#takeHanded(await waiter.promise);
  }

  /** One blocked step of the async iteration: one async function instead of `get().then(…)`. */
  async #nextWhenHanded(waiter: GetWaiter<T>): Promise<IteratorResult<T>> {
    let box: Handed<T>;
    try {
      box = await waiter.promise;
    } catch (error) {
      if (error instanceof QueueShutDown) return { value: undefined, done: true };
      throw error;
    }
    return { value: this.#takeHanded(box), done: false };
  }

  /** The getter resumed with the item handed to it: the item leaves its slot. */
  #takeHanded(box: Handed<T>): T {
    const handed = this.#handed;
    const at = handed.indexOf(box);
    if (at >= 0) handed.splice(at, 1);
    this.#wakePutters();
    return box.item;
  }

  #shutDownError(method: string): QueueShutDown {
    return new QueueShutDown(`${this.constructor.name}.${method}(): the queue is shut down`);
  }
}
