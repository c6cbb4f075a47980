// @ts-check
// The operation alone, without a scope: n sequential `await sleep(0, 1)` in run()'s main task.
import { run } from "@x/loop";
import { sleep } from "@x/task";
import { expectEqual } from "../../lib/check.mjs";

/** @param {{ n: number }} params */
export default async function bare({ n }) {
  let ms = 0;
  const sum = await run(async () => {
    let s = 0;
    const t = performance.now();
    for (let i = 0; i < n; i++) s += await sleep(0, 1);
    ms = performance.now() - t;
    return s;
  });
  expectEqual(sum, n, "timeout-scope bare sum");
  return { nsPerOp: (ms * 1e6) / n };
}
