import type { TimerEntry } from "./protocol.js";

/**
 * A binary min-heap of timers ordered by (deadline, insertion sequence), so that timers with the
 * same deadline run in the order they were scheduled. Cancelled entries are dropped lazily.
 */
export class TimerHeap {
  #heap: TimerEntry[] = [];
  #cancelled = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(entry: TimerEntry): void {
    const heap = this.#heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as TimerEntry;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  /** The earliest live timer, without removing it (cancelled ones on top are dropped). */
  peek(): TimerEntry | undefined {
    const heap = this.#heap;
    while (heap.length > 0 && (heap[0] as TimerEntry)._cancelled) {
      this.#pop();
      this.#cancelled--;
    }
    return heap[0];
  }

  /** Remove and return the earliest live timer. */
  pop(): TimerEntry | undefined {
    const top = this.peek();
    if (top !== undefined) this.#pop();
    return top;
  }

  /** A timer in the heap was cancelled: rebuild once they make up most of it. */
  noteCancelled(): void {
    this.#cancelled++;
    if (this.#cancelled > 256 && this.#cancelled * 2 > this.#heap.length) this.#compact();
  }

  clear(): void {
    this.#heap = [];
    this.#cancelled = 0;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop() as TimerEntry;
    const n = heap.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right] as TimerEntry, heap[left] as TimerEntry)) child = right;
      const c = heap[child] as TimerEntry;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }

  #compact(): void {
    const live = this.#heap.filter((entry) => !entry._cancelled);
    this.#heap = [];
    this.#cancelled = 0;
    for (const entry of live) this.push(entry);
  }
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a._when < b._when || (a._when === b._when && a._seq < b._seq);
}
