// @ts-check
// W3 on effect: Effect.forEach with concurrency 16; each job yields once (Effect.yieldNow) and
// returns its index.
import { Effect } from "effect";
import { expectEqual, sumBelow } from "../../lib/check.mjs";

/** @param {{ n: number, concurrency: number }} params */
export default async function w3({ n, concurrency }) {
  const indices = Array.from({ length: n }, (_, i) => i);
  const results = await Effect.runPromise(
    Effect.forEach(indices, (i) => Effect.as(Effect.yieldNow, i), { concurrency }),
  );
  let s = 0;
  for (const r of results) s += r;
  expectEqual(s, sumBelow(n), "W3 effect sum");
}
