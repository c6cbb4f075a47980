// @ts-check
// M2's limit: in a plain async function, await one already-resolved native promise n times.
import { expectEqual } from "../../lib/check.mjs";

/** @param {{ n: number }} params */
export default async function m2({ n }) {
  const p = Promise.resolve(1);
  let s = 0;
  for (let i = 0; i < n; i++) s += await p;
  expectEqual(s, n, "M2 promise sum");
}
