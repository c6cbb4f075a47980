import type { Runnable } from "./protocol.js";

/**
 * The loop's FIFO of ready callbacks: a growable ring buffer, so that push and shift are O(1)
 * without the cost of `Array.prototype.shift` on large queues.
 */
export class ReadyQueue {
  #items: (Runnable | undefined)[] = new Array(1024);
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: Runnable): void {
    const capacity = this.#items.length;
    if (this.#length === capacity) this.#grow(capacity);
    this.#items[(this.#head + this.#length) & (this.#items.length - 1)] = item;
    this.#length++;
  }

  shift(): Runnable | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) & (this.#items.length - 1);
    this.#length--;
    return item;
  }

  /** The first item, left in place. */
  peek(): Runnable | undefined {
    return this.#length === 0 ? undefined : this.#items[this.#head];
  }

  /** Drop every item (the loop is closing). */
  clear(): void {
    this.#items = new Array(1024);
    this.#head = 0;
    this.#length = 0;
  }

  #grow(capacity: number): void {
    const next: (Runnable | undefined)[] = new Array(capacity * 2);
    for (let i = 0; i < this.#length; i++) next[i] = this.#items[(this.#head + i) & (capacity - 1)];
    this.#items = next;
    this.#head = 0;
  }
}
