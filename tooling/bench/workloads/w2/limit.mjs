// @ts-check
// W2's limit: a hand-written FIFO promise mutex (no library). A release hands the lock to the first
// waiter by resolving its promise; the holder yields with `await null` (one microtask).
import { expectEqual } from "../../lib/check.mjs";

class Mutex {
  locked = false;
  /** @type {(() => void)[]} */
  waiters = [];
  head = 0;

  /** @returns {Promise<void> | undefined} */
  acquire() {
    if (!this.locked) {
      this.locked = true;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release() {
    if (this.head < this.waiters.length) {
      const next = /** @type {() => void} */ (this.waiters[this.head]);
      this.waiters[this.head++] = /** @type {any} */ (undefined);
      if (this.head > 1024 && this.head * 2 > this.waiters.length) {
        this.waiters = this.waiters.slice(this.head);
        this.head = 0;
      }
      next();
    } else {
      this.locked = false;
    }
  }
}

/** @param {{ tasks: number, iterations: number }} params */
export default async function w2({ tasks, iterations }) {
  const mutex = new Mutex();
  let count = 0;
  /** @param {number} n */
  async function worker(n) {
    for (let i = 0; i < n; i++) {
      const wait = mutex.acquire();
      if (wait !== undefined) await wait;
      count++;
      await null;
      mutex.release();
    }
  }
  const workers = [];
  for (let t = 0; t < tasks; t++) workers.push(worker(iterations));
  await Promise.all(workers);
  expectEqual(count, tasks * iterations, "W2 limit counter");
}
