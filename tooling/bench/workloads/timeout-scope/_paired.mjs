// @ts-check
// The paired measurement of x.mjs: alternating blocks with and without a timeout scope.
import { run } from "@x/loop";
import { sleep, timeout } from "@x/task";
import { expectEqual } from "../../lib/check.mjs";

const BLOCKS = 10;

/**
 * @param {number} n operations with the scope (and as many without)
 * @returns {Promise<{ nsPerOp: number, scopeNs: number }>}
 */
export async function paired(n) {
  const per = Math.ceil(n / BLOCKS);
  const { scoped, bare, sum } = await run(async () => {
    const body = () => sleep(0, 1);
    let withScope = 0;
    let without = 0;
    let s = 0;
    for (let b = 0; b < BLOCKS; b++) {
      let t = performance.now();
      for (let i = 0; i < per; i++) s += await sleep(0, 1);
      without += performance.now() - t;
      t = performance.now();
      for (let i = 0; i < per; i++) s += await timeout(60_000, body);
      withScope += performance.now() - t;
    }
    return { scoped: withScope, bare: without, sum: s };
  });
  expectEqual(sum, 2 * per * BLOCKS, "timeout-scope @x sum");
  const ops = per * BLOCKS;
  return { nsPerOp: (scoped * 1e6) / ops, scopeNs: ((scoped - bare) * 1e6) / ops };
}
