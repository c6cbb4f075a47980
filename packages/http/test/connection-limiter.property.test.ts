import { getRunningLoop, run, VirtualClock } from "@x/loop";
import { createTask, sleep, type Task } from "@x/task";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConnectionLimiter } from "../src/internal/connection-limiter.js";

type Op =
  | { kind: "request"; key: "a" | "b" | "c" }
  | { kind: "release"; pick: number }
  | { kind: "cancelWaiting"; pick: number }
  | { kind: "releaseThenCancelNext"; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("request" as const),
    key: fc.constantFrom("a" as const, "b" as const, "c" as const),
  }),
  fc.record({ kind: fc.constant("release" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("cancelWaiting" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("releaseThenCancelNext" as const), pick: fc.nat() }),
);

interface Requester {
  readonly id: number;
  readonly key: string;
  readonly task: Task<void>;
  state: "waiting" | "holding" | "released" | "cancelled";
}

describe("ConnectionLimiter under random schedules", () => {
  it("never exceeds its limits, loses no slot, and serves each origin in arrival order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(op, { maxLength: 60 }),
        async (limit, perHost, ops) => {
          await run(
            async () => {
              const loop = getRunningLoop();
              const limiter = new ConnectionLimiter(limit, perHost);
              const requesters: Requester[] = [];
              const acquired: number[] = [];
              const settle = async () => {
                for (let i = 0; i < 3; i++) await sleep(0);
              };
              const holding = () => requesters.filter((r) => r.state === "holding");
              const waiting = () => requesters.filter((r) => r.state === "waiting");
              for (const step of ops) {
                if (step.kind === "request") {
                  const requester: Requester = {
                    id: requesters.length,
                    key: step.key,
                    state: "waiting",
                    task: createTask(async () => {
                      if (!limiter.tryAcquire(step.key)) await limiter.wait(loop, step.key).promise;
                      requester.state = "holding";
                      acquired.push(requester.id);
                    }),
                  };
                  requesters.push(requester);
                  requester.task.addDoneCallback((t) => {
                    if (t.cancelled()) requester.state = "cancelled";
                  });
                } else if (step.kind === "release" || step.kind === "releaseThenCancelNext") {
                  const held = holding();
                  const chosen = held[step.pick % Math.max(1, held.length)];
                  if (chosen !== undefined) {
                    chosen.state = "released";
                    limiter.release(chosen.key);
                    if (step.kind === "releaseThenCancelNext") {
                      // Cancel a waiter that may just have been handed the slot, before it resumes.
                      const next = waiting()[0];
                      next?.task.cancel();
                    }
                  }
                } else {
                  const queued = waiting();
                  queued[step.pick % Math.max(1, queued.length)]?.task.cancel();
                }
                await settle();
                const held = holding();
                expect(limiter.inUse).toBe(held.length);
                expect(held.length).toBeLessThanOrEqual(limit);
                const perKey = new Map<string, number>();
                for (const r of held) perKey.set(r.key, (perKey.get(r.key) ?? 0) + 1);
                if (perHost > 0) for (const n of perKey.values()) expect(n).toBeLessThanOrEqual(perHost);
                // No waiter is left behind while a slot it could use is free.
                for (const r of waiting()) {
                  const full = held.length >= limit || (perHost > 0 && (perKey.get(r.key) ?? 0) >= perHost);
                  expect(full).toBe(true);
                }
                expect(limiter.waiting).toBe(waiting().length);
              }
              // Each origin's requests got their slots in the order they asked.
              for (const key of ["a", "b", "c"]) {
                const order = acquired.filter((id) => requesters[id]?.key === key);
                expect(order).toEqual([...order].sort((x, y) => x - y));
              }
              for (const r of requesters) if (r.state === "waiting") r.task.cancel();
              await settle();
            },
            { clock: new VirtualClock() },
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
