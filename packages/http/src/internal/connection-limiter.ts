import type { EventLoop } from "@x/loop";
import { IoWaiter } from "./io-waiter.js";

/** A request waiting for a slot. */
interface Entry {
  readonly key: string;
  readonly waiter: IoWaiter<void>;
}

/**
 * The session's connection slots: at most `limit` requests in flight in all (0: no limit) and at most
 * `limitPerHost` per origin (0: no limit) — aiohttp's `TCPConnector(limit, limit_per_host)`. A request
 * holds a slot from the moment it is dispatched until its response body is complete, released or
 * aborted, which is exactly when its socket is busy.
 *
 * Waiters are served in arrival order, except that a waiter whose origin is at its per-host limit lets
 * the waiters behind it (for other origins) go first. A waiter cancelled after it was handed a slot
 * passes the slot on. undici's Agent has no cap across origins, hence this class.
 */
export class ConnectionLimiter {
  readonly #limit: number;
  readonly #perHost: number;
  #inUse = 0;
  readonly #perKey = new Map<string, number>();
  #queue: Entry[] = [];

  constructor(limit: number, perHost: number) {
    this.#limit = limit > 0 ? limit : Number.POSITIVE_INFINITY;
    this.#perHost = perHost > 0 ? perHost : Number.POSITIVE_INFINITY;
  }

  /** Slots in use. */
  get inUse(): number {
    return this.#inUse;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.#queue.length;
  }

  /**
   * Take a slot for `key` at once if one is free; `false` otherwise. Fair: a slot that a waiter could
   * use is handed to it as soon as it is released, so a free slot is one nobody ahead can take.
   */
  tryAcquire(key: string): boolean {
    if (!this.#hasRoom(key)) return false;
    this.#take(key);
    return true;
  }

  /**
   * Wait for a slot for `key` (call after `tryAcquire` failed). The returned waiter resolves when the
   * slot is taken on the caller's behalf; reject it with `fail()` to give up (a timeout), or cancel it.
   */
  wait(loop: EventLoop, key: string): IoWaiter<void> {
    let entry: Entry | undefined;
    const waiter = new IoWaiter<void>(
      loop,
      false,
      () => {
        if (entry !== undefined) this.#remove(entry);
      },
      (revoked) => {
        // Handed a slot, then cancelled before the task resumed: pass the slot on.
        if (revoked !== undefined) this.release(key);
      },
    );
    if (waiter.done()) return waiter;
    entry = { key, waiter };
    this.#queue.push(entry);
    return waiter;
  }

  /** Stop waiting: reject `waiter` with `error` (a `poolWait` timeout, the session closing). */
  fail(waiter: IoWaiter<void>, error: unknown): void {
    if (waiter.done()) return;
    const index = this.#queue.findIndex((e) => e.waiter === waiter);
    if (index >= 0) this.#queue.splice(index, 1);
    waiter.reject(error);
  }

  /** Reject every waiter with `error` (the session is closing). */
  failAll(error: unknown): void {
    const queue = this.#queue;
    this.#queue = [];
    for (const entry of queue) entry.waiter.reject(error);
  }

  /** Give back a slot of `key` and hand it to the first waiter that can use it. */
  release(key: string): void {
    this.#inUse--;
    if (this.#perHost !== Number.POSITIVE_INFINITY) {
      const n = (this.#perKey.get(key) ?? 1) - 1;
      if (n === 0) this.#perKey.delete(key);
      else this.#perKey.set(key, n);
    }
    if (this.#queue.length > 0) this.#serve();
  }

  #serve(): void {
    const queue = this.#queue;
    for (let i = 0; i < queue.length && this.#inUse < this.#limit; ) {
      const entry = queue[i] as Entry;
      if (!this.#hasRoom(entry.key)) {
        i++;
        continue;
      }
      queue.splice(i, 1);
      this.#take(entry.key);
      entry.waiter.resolve();
    }
  }

  #hasRoom(key: string): boolean {
    if (this.#inUse >= this.#limit) return false;
    return this.#perHost === Number.POSITIVE_INFINITY || (this.#perKey.get(key) ?? 0) < this.#perHost;
  }

  #take(key: string): void {
    this.#inUse++;
    if (this.#perHost !== Number.POSITIVE_INFINITY) this.#perKey.set(key, (this.#perKey.get(key) ?? 0) + 1);
  }

  #remove(entry: Entry): void {
    const index = this.#queue.indexOf(entry);
    if (index >= 0) this.#queue.splice(index, 1);
  }
}
