import type { TimerEntry } from "./protocol.js";

/**
 * The timers of one delay, in insertion order. The loop's time never goes back, so the deadlines
 * (time of insertion + delay) of one list never decrease: each list is already sorted.
 */
class TimerList {
  readonly delay: number;
  entries: TimerEntry[] = [];
  head = 0;
  /** Position in the heap of lists. */
  index = -1;

  constructor(delay: number) {
    this.delay = delay;
  }

  first(): TimerEntry | undefined {
    return this.entries[this.head];
  }
}

/**
 * The loop's timers, ordered by (deadline, insertion sequence), much as Node keeps its own: one
 * sorted list per whole millisecond of delay and a binary heap of those lists by their first deadline. Adding a timer is
 * O(1) when a list for its delay exists (the usual case: programs use few distinct delays) and taking
 * the earliest is O(log lists), instead of O(log timers) for one heap of every timer.
 * Cancelled timers are dropped lazily when they reach the head of their list.
 */
export class TimerQueue {
  #lists = new Map<number, TimerList>();
  #heap: TimerList[] = [];
  #size = 0;
  #cancelled = 0;

  /** How many timers are queued, cancelled ones included until they are dropped. */
  get size(): number {
    return this.#size;
  }

  /** Queue `entry`, whose deadline is the current time plus `delay`. */
  push(entry: TimerEntry, delay: number): void {
    // Lists hold one whole millisecond of delay: a list of fractional delays (callAt on the real
    // clock) is nearly sorted already, and the insertion below puts a straggler in its place.
    const key = Number.isFinite(delay) ? Math.floor(delay) : delay;
    let list = this.#lists.get(key);
    if (list === undefined) {
      list = new TimerList(key);
      this.#lists.set(key, list);
    }
    insertSorted(list, entry);
    this.#size++;
    if (list.index === -1) this.#heapInsert(list);
    else if (list.entries[list.head] === entry) this.#siftUp(list.index);
  }

  /** The earliest live timer, without removing it. */
  peek(): TimerEntry | undefined {
    for (;;) {
      const list = this.#heap[0];
      if (list === undefined) return undefined;
      const first = list.first() as TimerEntry;
      if (!first._cancelled) return first;
      if (this.#cancelled > 0) this.#cancelled--;
      this.#shift(list);
    }
  }

  /** Remove and return the earliest live timer. */
  pop(): TimerEntry | undefined {
    const first = this.peek();
    if (first !== undefined) this.#shift(this.#heap[0] as TimerList);
    return first;
  }

  /**
   * A queued timer was cancelled. It is dropped when it comes up, or sooner: once cancelled timers
   * make up most of the queue (say, timeouts that never fire), every list is rebuilt without them.
   */
  noteCancelled(): void {
    this.#cancelled++;
    if (this.#cancelled > 1024 && this.#cancelled * 2 > this.#size) this.#compact();
  }

  clear(): void {
    this.#lists = new Map();
    this.#heap = [];
    this.#size = 0;
    this.#cancelled = 0;
  }

  #compact(): void {
    const lists = [...this.#lists.values()];
    this.clear();
    for (const list of lists) {
      const live = list.entries.slice(list.head).filter((entry) => !entry._cancelled);
      if (live.length === 0) continue;
      list.entries = live;
      list.head = 0;
      list.index = -1;
      this.#lists.set(list.delay, list);
      this.#size += live.length;
      this.#heapInsert(list);
    }
  }

  /** Drop the first entry of `list` (the head of the heap). */
  #shift(list: TimerList): void {
    list.entries[list.head] = undefined as unknown as TimerEntry;
    list.head++;
    this.#size--;
    if (list.head === list.entries.length) {
      this.#lists.delete(list.delay);
      this.#heapRemoveTop();
      return;
    }
    if (list.head > 1024 && list.head * 2 > list.entries.length) {
      list.entries = list.entries.slice(list.head);
      list.head = 0;
    }
    this.#siftDown(0);
  }

  #heapInsert(list: TimerList): void {
    list.index = this.#heap.length;
    this.#heap.push(list);
    this.#siftUp(list.index);
  }

  #heapRemoveTop(): void {
    const heap = this.#heap;
    const top = heap[0] as TimerList;
    top.index = -1;
    const last = heap.pop() as TimerList;
    if (heap.length === 0) return;
    heap[0] = last;
    last.index = 0;
    this.#siftDown(0);
  }

  #siftUp(i: number): void {
    const heap = this.#heap;
    const list = heap[i] as TimerList;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as TimerList;
      if (!listBefore(list, p)) break;
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = list;
    list.index = i;
  }

  #siftDown(i: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const list = heap[i] as TimerList;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && listBefore(heap[right] as TimerList, heap[left] as TimerList)) child = right;
      const c = heap[child] as TimerList;
      if (!listBefore(c, list)) break;
      heap[i] = c;
      c.index = i;
      i = child;
    }
    heap[i] = list;
    list.index = i;
  }
}

/** Put `entry` in its place in `list`: at the end almost always, else after a short scan back. */
function insertSorted(list: TimerList, entry: TimerEntry): void {
  const entries = list.entries;
  const last = entries[entries.length - 1];
  if (last === undefined || entries.length === list.head || !before(entry, last)) {
    entries.push(entry);
    return;
  }
  let lo = list.head;
  let hi = entries.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(entry, entries[mid] as TimerEntry)) hi = mid;
    else lo = mid + 1;
  }
  entries.splice(lo, 0, entry);
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a._when < b._when || (a._when === b._when && a._seq < b._seq);
}

function listBefore(a: TimerList, b: TimerList): boolean {
  return before(a.entries[a.head] as TimerEntry, b.entries[b.head] as TimerEntry);
}
