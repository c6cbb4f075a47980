// @ts-check
// The cost of a timeout() scope: n sleep(0)s each inside `timeout(60_000, …)`, paired with n without.
import { paired } from "./_paired.mjs";

/** @param {{ n: number }} params */
export default async function timeoutScope({ n }) {
  return await paired(n);
}
