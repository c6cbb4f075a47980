// @ts-check
// W6's limit: n async functions await one bare promise; resolving it resumes them all.
import { expectEqual } from "../../lib/check.mjs";

const gc = /** @type {() => void} */ (globalThis.gc);

function heapAfterGc() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** @param {{ n: number }} params */
export default async function w6({ n }) {
  /** @type {() => void} */
  let open = () => {};
  const gate = new Promise((resolve) => {
    open = () => resolve(undefined);
  });
  let resumed = 0;
  /** @type {() => void} */
  let allResumed = () => {};
  const done = new Promise((resolve) => {
    allResumed = () => resolve(undefined);
  });
  const before = heapAfterGc();
  const waiters = new Array(n);
  for (let i = 0; i < n; i++) {
    waiters[i] = (async () => {
      await gate;
      if (++resumed === n) allResumed();
    })();
  }
  const blocked = heapAfterGc();
  const t0 = performance.now();
  open();
  await done;
  const ms = performance.now() - t0;
  expectEqual(resumed, n, "W6 limit waiters resumed");

  /** @type {() => void} */
  let open2 = () => {};
  const gate2 = new Promise((resolve) => {
    open2 = () => resolve(undefined);
  });
  const before2 = heapAfterGc();
  const waits = new Array(n);
  for (let i = 0; i < n; i++) waits[i] = gate2.then(() => true);
  const after2 = heapAfterGc();
  open2();
  await Promise.all(waits);
  return {
    rate: n / (ms / 1000),
    bytesPerWaiter: (blocked - before) / n,
    bytesPerWait: (after2 - before2) / n,
  };
}
