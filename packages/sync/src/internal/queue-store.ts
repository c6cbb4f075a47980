/** Where a queue keeps its items: the order in which `take()` gives them is the queue's kind. */
export interface QueueStore<T> {
  /**
   * Whether items leave in the order they came. Then an item handed to a getter that has not resumed
   * yet is ahead of every stored item, and a taker that does not wait must get it first.
   */
  readonly fifo: boolean;
  readonly size: number;
  /** Add an item that was put. */
  add(item: T): void;
  /** Remove and return the next item (the store is not empty). */
  take(): T;
  /** Put back an item that was taken but not delivered, so that it is the next one out again. */
  putBack(item: T): void;
  /** Drop every item. */
  clear(): void;
  /** The items in the order `take()` would give them (for messages). */
  toArray(): T[];
}

/** First in, first out: a growable ring buffer. */
export class FifoStore<T> implements QueueStore<T> {
  readonly fifo = true;
  #items: (T | undefined)[] = new Array(16);
  #head = 0;
  size = 0;

  add(item: T): void {
    if (this.size === this.#items.length) this.#grow();
    this.#items[(this.#head + this.size) & (this.#items.length - 1)] = item;
    this.size++;
  }

  take(): T {
    const items = this.#items;
    const item = items[this.#head] as T;
    items[this.#head] = undefined;
    this.#head = (this.#head + 1) & (items.length - 1);
    this.size--;
    return item;
  }

  putBack(item: T): void {
    if (this.size === this.#items.length) this.#grow();
    this.#head = (this.#head - 1) & (this.#items.length - 1);
    this.#items[this.#head] = item;
    this.size++;
  }

  clear(): void {
    this.#items = new Array(16);
    this.#head = 0;
    this.size = 0;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++)
      out.push(this.#items[(this.#head + i) & (this.#items.length - 1)] as T);
    return out;
  }

  #grow(): void {
    const old = this.#items;
    const next: (T | undefined)[] = new Array(old.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.#head + i) & (old.length - 1)];
    this.#items = next;
    this.#head = 0;
  }
}

/** Last in, first out. */
export class LifoStore<T> implements QueueStore<T> {
  readonly fifo = false;
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  add(item: T): void {
    this.#items.push(item);
  }

  take(): T {
    return this.#items.pop() as T;
  }

  putBack(item: T): void {
    this.#items.push(item);
  }

  clear(): void {
    this.#items.length = 0;
  }

  toArray(): T[] {
    return [...this.#items].reverse();
  }
}

/**
 * Smallest first, by `compare`: a binary heap. An item is placed only after every comparison it
 * needs has succeeded, so a `compare` that throws leaves the heap as it was.
 */
export class HeapStore<T> implements QueueStore<T> {
  readonly fifo = false;
  readonly #items: T[] = [];
  readonly #compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  get size(): number {
    return this.#items.length;
  }

  add(item: T): void {
    const items = this.#items;
    const compare = this.#compare;
    // Count how far the item rises (comparisons only), then move the parents down and place it.
    let levels = 0;
    for (let pos = items.length; pos > 0; pos = (pos - 1) >> 1) {
      if (!(compare(item, items[(pos - 1) >> 1] as T) < 0)) break;
      levels++;
    }
    let hole = items.length;
    items.push(item);
    for (; levels > 0; levels--) {
      const parent = (hole - 1) >> 1;
      items[hole] = items[parent] as T;
      hole = parent;
    }
    items[hole] = item;
  }

  take(): T {
    const items = this.#items;
    const top = items[0] as T;
    if (items.length === 1) items.pop();
    else this.#moveLastToTop();
    return top;
  }

  putBack(item: T): void {
    this.add(item);
  }

  clear(): void {
    this.#items.length = 0;
  }

  toArray(): T[] {
    return [...this.#items].sort(this.#compare);
  }

  /**
   * Replace the root with the last item and sift it down. The path is chosen first, so a `compare`
   * that throws leaves the heap untouched.
   */
  #moveLastToTop(): void {
    const items = this.#items;
    const compare = this.#compare;
    const n = items.length - 1;
    const item = items[n] as T;
    const path: number[] = [];
    for (let pos = 0; ; ) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && compare(items[right] as T, items[child] as T) < 0) child = right;
      if (!(compare(items[child] as T, item) < 0)) break;
      path.push(child);
      pos = child;
    }
    items.pop();
    let hole = 0;
    for (const child of path) {
      items[hole] = items[child] as T;
      hole = child;
    }
    items[hole] = item;
  }
}
