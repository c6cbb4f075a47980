// @ts-check
// M2 on @x: inside a task (run()'s main), await one already-resolved Future n times.
import { getRunningLoop, run } from "@x/loop";
import { expectEqual } from "../../lib/check.mjs";

/** @param {{ n: number }} params */
export default async function m2({ n }) {
  const sum = await run(async () => {
    const f = getRunningLoop().createFuture();
    f.setResult(1);
    let s = 0;
    for (let i = 0; i < n; i++) s += await f;
    return s;
  });
  expectEqual(sum, n, "M2 @x sum");
}
