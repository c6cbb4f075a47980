// @ts-check
// W2 on async-mutex: Mutex.acquire() gives a release function; the holder yields with `await null`.
import { Mutex } from "async-mutex";
import { expectEqual } from "../../lib/check.mjs";

/** @param {{ tasks: number, iterations: number }} params */
export default async function w2({ tasks, iterations }) {
  const mutex = new Mutex();
  let count = 0;
  /** @param {number} n */
  async function worker(n) {
    for (let i = 0; i < n; i++) {
      const release = await mutex.acquire();
      count++;
      await null;
      release();
    }
  }
  const workers = [];
  for (let t = 0; t < tasks; t++) workers.push(worker(iterations));
  await Promise.all(workers);
  expectEqual(count, tasks * iterations, "W2 async-mutex counter");
}
