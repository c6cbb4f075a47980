// @ts-check
// W5's limit: n promises with their resolvers; each promise's then() pushes its value into a completion
// queue and wakes the consumer if it waits; a microtask settles them from the last made to the first.
import { expectEqual } from "../../lib/check.mjs";

/** @param {{ n: number }} params */
export default async function w5Limit({ n }) {
  /** @type {((value: number) => void)[]} */
  const resolvers = [];
  /** @type {number[]} */
  const done = [];
  let head = 0;
  /** @type {(() => void) | undefined} */
  let wake;
  /** @param {number} value */
  const onSettled = (value) => {
    done.push(value);
    if (wake !== undefined) {
      const w = wake;
      wake = undefined;
      w();
    }
  };
  for (let i = 0; i < n; i++) {
    const promise = new Promise((resolve) => resolvers.push(resolve));
    void promise.then(onSettled);
  }
  queueMicrotask(() => {
    for (let i = n - 1; i >= 0; i--) resolvers[i]?.(i);
  });
  let expected = n - 1;
  let wrong = 0;
  for (let k = 0; k < n; k++) {
    if (head === done.length) await new Promise((resolve) => (wake = () => resolve(undefined)));
    if (done[head++] !== expected--) wrong++;
  }
  expectEqual(wrong + (expected + 1), 0, "W5 limit values out of order or missing");
}
