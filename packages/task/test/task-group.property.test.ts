import { getRunningLoop, run, VirtualClock } from "@x/loop";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, sleep, type Task, TaskGroup, timeout } from "../src/index.js";

/** What a child does: sleep, then return, fail, or fail in the cleanup of a cancellation. */
const child = fc.record({
  delay: fc.integer({ min: 0, max: 40 }),
  outcome: fc.constantFrom("ok", "fail", "failInCleanup"),
});

const schedule = fc.record({
  children: fc.array(child, { maxLength: 8 }),
  bodyDelay: fc.integer({ min: 0, max: 40 }),
  bodyFails: fc.boolean(),
  /** When someone cancels the task running the group (none: undefined). */
  outerCancelAt: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
  /** A timeout around the group (none: undefined). */
  deadline: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
});

type Schedule = typeof schedule extends fc.Arbitrary<infer S> ? S : never;

interface Outcome {
  settled: "value" | "AggregateError" | "CancelledError" | "TimeoutError";
  errors: string[];
  thrown: string[];
  childrenDone: boolean;
  taskCancelled: boolean;
  cancellingAfter: number;
  reports: number;
}

async function play(s: Schedule): Promise<Outcome> {
  const thrown: string[] = [];
  const children: Task<unknown>[] = [];
  let reports = 0;
  let settled: Outcome["settled"] = "value";
  let errors: string[] = [];
  let cancellingAfter = 0;
  let taskCancelled = false;
  const fail = (who: string): never => {
    thrown.push(who);
    throw new Error(who);
  };
  const group = (): Promise<string> =>
    TaskGroup.run(async (tg) => {
      s.children.forEach((c, i) => {
        children.push(
          tg.createTask(async () => {
            try {
              await sleep(c.delay);
            } catch (e) {
              if (c.outcome === "failInCleanup") fail(`child ${i}`);
              throw e;
            }
            if (c.outcome === "fail") fail(`child ${i}`);
          }),
        );
      });
      await sleep(s.bodyDelay);
      if (s.bodyFails) fail("body");
      return "value";
    });
  await run(
    async () => {
      const loop = getRunningLoop();
      loop.setExceptionHandler(() => {
        reports++;
      });
      const task = createTask(async () => {
        try {
          await (s.deadline === undefined ? group() : timeout(s.deadline, group));
        } catch (e) {
          settled = (e as Error).name as Outcome["settled"];
          if (e instanceof AggregateError) errors = (e.errors as Error[]).map((x) => x.message);
        }
        cancellingAfter = currentTask()?.cancelling() ?? -1;
      });
      if (s.outerCancelAt !== undefined) loop.callLater(s.outerCancelAt, () => task.cancel());
      await task.catch(() => undefined);
      taskCancelled = task.cancelled();
    },
    { clock: new VirtualClock() },
  );
  return {
    settled,
    errors,
    thrown,
    childrenDone: children.every((c) => c.done()),
    taskCancelled,
    cancellingAfter,
    reports,
  };
}

describe("TaskGroup under random schedules", () => {
  it("always waits for every child, reports exactly the errors thrown, and never leaks a cancellation", async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async (s) => {
        const o = await play(s);
        // Every child has ended when the group settles (and nothing was reported as lost).
        expect(o.childrenDone).toBe(true);
        expect(o.reports).toBe(0);
        if (o.settled === "AggregateError") {
          // Exactly the errors that were thrown, each once, the body's last.
          expect([...o.errors].sort()).toEqual([...o.thrown].sort());
          if (o.errors.includes("body")) expect(o.errors[o.errors.length - 1]).toBe("body");
        } else {
          // Any error thrown ends up in an AggregateError: no error is lost.
          expect(o.thrown).toEqual([]);
        }
        if (s.outerCancelAt === undefined) {
          // Without a cancellation from elsewhere, the group's own cancellation never leaks out.
          expect(o.settled).not.toBe("CancelledError");
          expect(o.cancellingAfter).toBe(0);
          expect(o.taskCancelled).toBe(false);
        } else {
          // At most the one outer request is still counted (asyncio 3.13 keeps it when errors met it).
          expect([0, 1]).toContain(o.cancellingAfter);
        }
        if (o.settled === "TimeoutError") expect(s.deadline).not.toBeUndefined();
        if (o.settled === "value") {
          expect(s.bodyFails).toBe(false);
          expect(s.children.every((c) => c.outcome !== "fail")).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
