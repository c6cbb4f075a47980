// @ts-check
// W4's limit: a hand-written bounded FIFO (ring buffer) whose put and get wait on resolvers only when
// they must; an item put while a getter waits goes straight to it. `undefined` ends a consumer.
import { expectEqual, sumBelow } from "../../lib/check.mjs";

class BoundedQueue {
  /** @param {number} size */
  constructor(size) {
    this.size = size;
    /** @type {(number | undefined)[]} */
    this.items = [];
    this.head = 0;
    /** @type {((v: number | undefined) => void)[]} */
    this.getters = [];
    /** @type {(() => void)[]} */
    this.putters = [];
  }

  get length() {
    return this.items.length - this.head;
  }

  /** @param {number | undefined} item */
  async put(item) {
    while (this.length >= this.size)
      await new Promise((resolve) => this.putters.push(/** @type {() => void} */ (resolve)));
    const getter = this.getters.shift();
    if (getter) getter(item);
    else this.items.push(item);
  }

  /** @returns {Promise<number | undefined> | number | undefined} */
  get() {
    if (this.length > 0) {
      const item = this.items[this.head++];
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      const putter = this.putters.shift();
      if (putter) putter();
      return item;
    }
    return new Promise((resolve) => this.getters.push(resolve));
  }
}

/** @param {{ n: number, size: number, consumers: number }} params */
export default async function w4({ n, size, consumers }) {
  const queue = new BoundedQueue(size);
  let total = 0;
  async function consume() {
    for (;;) {
      const item = await queue.get();
      if (item === undefined) return;
      total += item;
    }
  }
  async function produce() {
    for (let i = 0; i < n; i++) await queue.put(i);
    for (let c = 0; c < consumers; c++) await queue.put(undefined);
  }
  const tasks = [];
  for (let c = 0; c < consumers; c++) tasks.push(consume());
  tasks.push(produce());
  await Promise.all(tasks);
  expectEqual(total, sumBelow(n), "W4 limit sum");
}
