import { type EventLoop, Waiter, type WaiterCancelHook } from "@x/loop";

/** Any waiter that can sit in a {@link WaiterList} (its value type does not matter to the list). */
// biome-ignore lint/suspicious/noExplicitAny: Waiter<T> is invariant in T; the list never touches values.
export type AnyListWaiter = ListWaiter<any, any>;

/**
 * A {@link Waiter} that sits in one {@link WaiterList} (intrusive links: no node object per wait) and
 * leaves it on its own when it is cancelled or its `AbortSignal` aborts. `data` is what the primitive
 * keeps with the wait (a queue item, a borrower, a sequence number).
 *
 * It is its own abort listener (`handleEvent`), so a wait with a signal allocates nothing more.
 */
export class ListWaiter<T, D = undefined> extends Waiter<T> {
  /** @internal */
  _prev: AnyListWaiter | undefined = undefined;
  /** @internal */
  _next: AnyListWaiter | undefined = undefined;
  /** @internal */
  _list: WaiterList<AnyListWaiter> | undefined = undefined;
  /** @internal */
  _signal: AbortSignal | undefined = undefined;
  /** @internal */
  _data: D;

  constructor(loop: EventLoop, onCancel: WaiterCancelHook<T> | undefined, data: D) {
    super(loop, onCancel);
    this._data = data;
  }

  /** Reject with the signal's reason when it aborts while this waiter is pending. */
  watch(signal: AbortSignal | undefined): void {
    if (signal === undefined || this.done()) return;
    this._signal = signal;
    signal.addEventListener("abort", this);
  }

  /** The abort listener. @internal */
  handleEvent(): void {
    const signal = this._signal;
    if (signal === undefined || this.done()) return;
    this.reject(signal.reason);
  }

  override resolve(value: T): boolean {
    if (!super.resolve(value)) return false;
    this._afterSettle();
    return true;
  }

  override reject(error: unknown): boolean {
    if (!super.reject(error)) return false;
    this._afterSettle();
    return true;
  }

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    // Also reached from Waiter's constructor (a task with an undelivered cancellation), before this
    // class's fields exist: then there is nothing to undo.
    this._afterSettle();
    return true;
  }

  /** Leave the list and stop listening for the abort. A prototype method, not a `#private` one: it runs
   * from inside Waiter's constructor too, before this class's private brand exists. @internal */
  _afterSettle(): void {
    const list = this._list;
    if (list !== undefined) list.remove(this as AnyListWaiter, true);
    const signal = this._signal;
    if (signal !== undefined) {
      this._signal = undefined;
      signal.removeEventListener("abort", this);
    }
  }
}

/**
 * A FIFO of waiters with O(1) push, shift and removal from the middle (a waiter that is cancelled
 * or aborted leaves at once, so it never holds up a wake-up meant for the next one).
 */
export class WaiterList<W extends AnyListWaiter> {
  #head: AnyListWaiter | undefined = undefined;
  #tail: AnyListWaiter | undefined = undefined;
  /** How many waiters are in the list. */
  length = 0;

  /** The first waiter, if any. */
  first(): W | undefined {
    return this.#head as W | undefined;
  }

  /** Append `w` (which must be pending and in no list). */
  push(w: W): void {
    const tail = this.#tail;
    w._prev = tail;
    w._next = undefined;
    w._list = this as WaiterList<AnyListWaiter>;
    if (tail === undefined) this.#head = w;
    else tail._next = w;
    this.#tail = w;
    this.length++;
  }

  /** Remove and return the first waiter. */
  shift(): W | undefined {
    const w = this.#head;
    if (w === undefined) return undefined;
    this.remove(w, false);
    return w as W;
  }

  /**
   * Take `w` out of the list.
   * @param left whether it left on its own (cancelled, aborted, rejected): then `_left()` is told.
   */
  remove(w: AnyListWaiter, left: boolean): void {
    if (w._list !== (this as WaiterList<AnyListWaiter>)) return;
    const { _prev: prev, _next: next } = w;
    if (prev === undefined) this.#head = next;
    else prev._next = next;
    if (next === undefined) this.#tail = prev;
    else next._prev = prev;
    w._prev = undefined;
    w._next = undefined;
    w._list = undefined;
    this.length--;
    if (left) this._left(w as W);
  }

  /** Drop every waiter and return them in order (for shutdown and broken states). */
  drain(): W[] {
    const out: W[] = [];
    for (let w = this.shift(); w !== undefined; w = this.shift()) out.push(w);
    return out;
  }

  /** A waiter left the list on its own. Subclasses react (a keyed state may become empty). */
  _left(_w: W): void {}
}
