import { createTask, sleep } from "@x/task";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asCompleted, FIRST_COMPLETED, gather, wait } from "../src/index.js";
import { now, onVirtualClock } from "./support.js";

const delays = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 });

/** The end time of running jobs of these durations in input order on `slots` workers. */
function makespan(durations: number[], slots: number): number {
  const free = Array.from({ length: Math.min(slots, durations.length) }, () => 0);
  let end = 0;
  for (const d of durations) {
    const slot = free.indexOf(Math.min(...free));
    const start = free[slot] as number;
    free[slot] = start + d;
    end = Math.max(end, start + d);
  }
  return end;
}

describe("properties on random schedules", () => {
  it("gather with a limit returns every result in order, never exceeds the limit and schedules greedily", async () => {
    await fc.assert(
      fc.asyncProperty(delays, fc.integer({ min: 1, max: 5 }), async (ds, limit) => {
        await onVirtualClock(async () => {
          let running = 0;
          let peak = 0;
          const jobs = ds.map((d, i) => async () => {
            running++;
            peak = Math.max(peak, running);
            await sleep(d);
            running--;
            return i;
          });
          const results = await gather(jobs, { limit });
          expect(results).toEqual(ds.map((_, i) => i));
          expect(peak).toBe(Math.min(limit, ds.length));
          expect(now()).toBe(makespan(ds, limit));
        });
      }),
      { numRuns: 60 },
    );
  });

  it("asCompleted delivers the results sorted by completion time, ties in input order, each at its time", async () => {
    await fc.assert(
      fc.asyncProperty(delays, async (ds) => {
        await onVirtualClock(async () => {
          const seen: [number, number][] = [];
          for (const next of asCompleted(ds.map((d, i) => () => sleep(d, i)))) {
            const i = await next;
            seen.push([i, now()]);
          }
          const expected = ds
            .map((d, i) => [i, d] as [number, number])
            .sort((a, b) => a[1] - b[1] || a[0] - b[0]);
          expect(seen).toEqual(expected);
        });
      }),
      { numRuns: 60 },
    );
  });

  it("wait with FIRST_COMPLETED returns at the earliest end with exactly the awaitables that ended then", async () => {
    await fc.assert(
      fc.asyncProperty(delays, async (ds) => {
        await onVirtualClock(async () => {
          const tasks = ds.map((d) => createTask(() => sleep(d)));
          const [done, pending] = await wait(tasks, { returnWhen: FIRST_COMPLETED });
          const first = Math.min(...ds);
          expect(now()).toBe(first);
          expect(done).toEqual(new Set(tasks.filter((_, i) => ds[i] === first)));
          expect(pending).toEqual(new Set(tasks.filter((_, i) => ds[i] !== first)));
          for (const t of pending) t.cancel();
        });
      }),
      { numRuns: 60 },
    );
  });
});
