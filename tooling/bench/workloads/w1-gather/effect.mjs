// @ts-check
// W1 on effect (as W1): n fibers (Effect.forEach, unbounded concurrency), each yields once and returns its index.
import { Effect } from "effect";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number }} params */
export default async function w1GatherEffect({ n }) {
  const indices = Array.from({ length: n }, (_, i) => i);
  const results = await Effect.runPromise(
    Effect.forEach(indices, (i) => Effect.as(Effect.yieldNow, i), { concurrency: "unbounded" }),
  );
  let s = 0;
  for (const r of results) s += r;
  expectEqual(s, sumBelow(n), "W1-gather effect sum");
}
