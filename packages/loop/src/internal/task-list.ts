/** A node of an {@link IntrusiveList}: the links live in the item itself. */
export interface ListNode<T> {
  _prev: T | undefined;
  _next: T | undefined;
}

/**
 * A doubly linked list whose links are fields of its items: add and remove in O(1) without the
 * hashing of a `Set`, in insertion order. The loop keeps its pending tasks here.
 */
export class IntrusiveList<T extends ListNode<T>> {
  #head: T | undefined = undefined;
  #tail: T | undefined = undefined;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  append(item: T): void {
    item._prev = this.#tail;
    item._next = undefined;
    if (this.#tail === undefined) this.#head = item;
    else this.#tail._next = item;
    this.#tail = item;
    this.#size++;
  }

  /** Remove `item`, which must be in this list. */
  remove(item: T): void {
    const { _prev: prev, _next: next } = item;
    if (prev === undefined) this.#head = next;
    else prev._next = next;
    if (next === undefined) this.#tail = prev;
    else next._prev = prev;
    item._prev = undefined;
    item._next = undefined;
    this.#size--;
  }

  /** The items, in insertion order. */
  toArray(): T[] {
    const items: T[] = [];
    for (let item = this.#head; item !== undefined; item = item._next) items.push(item);
    return items;
  }
}
