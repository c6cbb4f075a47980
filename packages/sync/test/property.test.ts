/**
 * Property tests: random schedules of acquire / release / wait / put / get / cancel / abort on the
 * VirtualClock must keep the invariants every primitive promises — mutual exclusion, FIFO service,
 * no lost or duplicated item, no leaked or double-counted permit — and end with nobody stuck.
 */
import { run, VirtualClock } from "@x/loop";
import { createTask, sleep, type Task } from "@x/task";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BoundedSemaphore,
  CapacityLimiter,
  Condition,
  Event,
  KeyedLimiter,
  LifoQueue,
  Lock,
  PriorityQueue,
  Queue,
  type Releaser,
  Semaphore,
} from "../src/index.js";

const RUNS = 1000;

/** A step of a schedule, run by the main task. */
type Step =
  | { kind: "start"; hold: number; withSignal: boolean; key: number }
  | { kind: "cancel"; target: number }
  | { kind: "abort"; target: number }
  | { kind: "tick"; iterations: number }
  | { kind: "poke"; n: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("start" as const),
      hold: fc.nat(3),
      withSignal: fc.boolean(),
      key: fc.nat(2),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cancel" as const), target: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("abort" as const), target: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("tick" as const), iterations: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("poke" as const), n: fc.nat(5) }) },
);

const schedule = fc.array(step, { minLength: 1, maxLength: 40 });

interface Started {
  task: Task<unknown>;
  controller: AbortController;
}

/** What a property test plugs into {@link play}. */
interface Plan {
  /** The body of the task a "start" step makes. */
  start(
    id: number,
    step: Extract<Step, { kind: "start" }>,
    signal: AbortSignal | undefined,
  ): Promise<unknown>;
  /** What a "poke" step does from the main task (set an event, put an item, notify…). */
  poke?(n: number): void | Promise<void>;
  /** Checked after every step. */
  check(): void;
  /** Run before waiting for the tasks to settle (e.g. set the event they wait for). */
  windDown?(): void | Promise<void>;
  /** Checked at the end, once every task has settled. */
  end(): void;
}

/**
 * Run `steps` on a fresh loop: "start" runs `plan.start` in a new task; "cancel" and "abort" hit an
 * earlier task; "tick" lets the loop run; "poke" calls `plan.poke`. `plan.check()` runs after every
 * step. Then every task must settle within a bounded number of iterations (nobody is stuck).
 */
async function play(steps: readonly Step[], plan: Plan): Promise<void> {
  await run(
    async () => {
      const started: Started[] = [];
      for (const s of steps) {
        switch (s.kind) {
          case "start": {
            const id = started.length;
            const controller = new AbortController();
            const signal = s.withSignal ? controller.signal : undefined;
            const task = createTask(() => plan.start(id, s, signal));
            task.addDoneCallback(() => {
              if (!task.cancelled()) task.exception(); // retrieved: expected failures are not reported
            });
            started.push({ task, controller });
            break;
          }
          case "cancel":
            started[s.target % Math.max(1, started.length)]?.task.cancel();
            break;
          case "abort":
            started[s.target % Math.max(1, started.length)]?.controller.abort(new Error("aborted"));
            break;
          case "tick":
            for (let i = 0; i < s.iterations; i++) await sleep(0);
            break;
          case "poke":
            await plan.poke?.(s.n);
            break;
        }
        plan.check();
      }
      await plan.windDown?.();
      for (let i = 0; i < 200 && started.some((s) => !s.task.done()); i++) {
        await sleep(0);
        plan.check();
      }
      expect(started.filter((s) => !s.task.done()).length).toBe(0);
      plan.end();
    },
    { clock: new VirtualClock() },
  );
}

function increasing(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || (values[i - 1] as number) < v);
}

/**
 * A plan for the primitives that hand out holds: count who is inside. FIFO means that the tasks that
 * had to wait (`willWait()` right before they asked) get in in the order they asked; a task that did
 * not wait took a hold nobody was waiting for, so it overtook nobody.
 */
function holdPlan(
  acquire: (step: Extract<Step, { kind: "start" }>, signal: AbortSignal | undefined) => Promise<Releaser>,
  willWait: (key: number) => boolean,
  capacity: number,
  extra: { check(inside: readonly number[]): void; end(): void },
): Plan {
  const inside = [0, 0, 0];
  const waitedEntries: number[][] = [[], [], []];
  return {
    start: async (id, s, signal) => {
      const waited = willWait(s.key);
      const releaser = await acquire(s, signal);
      inside[s.key] = (inside[s.key] as number) + 1;
      if (waited) waitedEntries[s.key]?.push(id);
      try {
        expect(inside[s.key]).toBeLessThanOrEqual(capacity);
        for (let i = 0; i < s.hold; i++) await sleep(0);
      } finally {
        inside[s.key] = (inside[s.key] as number) - 1;
        releaser.release();
      }
    },
    check: () => extra.check(inside),
    end: () => {
      for (const e of waitedEntries) expect(increasing(e)).toBe(true);
      extra.end();
    },
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

describe("property: random schedules keep the invariants", () => {
  it("Lock: one holder at a time, waiters get in FIFO, never left locked", async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async (steps) => {
        const lock = new Lock();
        await play(
          steps,
          holdPlan(
            (_s, signal) => lock.acquire({ signal }),
            () => lock.locked(),
            1,
            {
              check: (inside) => {
                expect(sum(inside)).toBeLessThanOrEqual(1);
                if (!lock.locked()) expect(lock.statistics().waiters).toBe(0);
                if (sum(inside) === 1) expect(lock.locked()).toBe(true);
              },
              end: () => expect(lock.statistics()).toEqual({ locked: false, holder: undefined, waiters: 0 }),
            },
          ),
        );
      }),
      { numRuns: RUNS },
    );
  });

  for (const Kind of [Semaphore, BoundedSemaphore]) {
    it(`${Kind.name}(2): at most 2 holders, waiters get in FIFO, no permit leaked or counted twice`, async () => {
      await fc.assert(
        fc.asyncProperty(schedule, async (steps) => {
          const semaphore = new Kind(2);
          await play(
            steps,
            holdPlan(
              (_s, signal) => semaphore.acquire({ signal }),
              () => semaphore.locked(),
              2,
              {
                check: (inside) => {
                  expect(semaphore.value + sum(inside)).toBeLessThanOrEqual(2);
                  if (!semaphore.locked()) expect(semaphore.statistics().waiters).toBe(0);
                },
                end: () => expect(semaphore.statistics()).toMatchObject({ value: 2, waiters: 0 }),
              },
            ),
          );
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("CapacityLimiter(2): at most 2 borrowers, waiters get in FIFO, every token returned", async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async (steps) => {
        const limiter = new CapacityLimiter(2);
        await play(
          steps,
          holdPlan(
            (_s, signal) => limiter.acquire({ signal }),
            () => limiter.availableTokens === 0 || limiter.statistics().waiters > 0,
            2,
            {
              check: (inside) => {
                if (limiter.availableTokens > 0) expect(limiter.statistics().waiters).toBe(0);
                expect(limiter.borrowedTokens).toBeLessThanOrEqual(2);
                expect(sum(inside)).toBeLessThanOrEqual(limiter.borrowedTokens);
              },
              end: () =>
                expect(limiter.statistics()).toEqual({
                  borrowedTokens: 0,
                  totalTokens: 2,
                  borrowers: [],
                  waiters: 0,
                }),
            },
          ),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("KeyedLimiter(total 3, perKey 2): both caps hold, FIFO per key, every hold returned", async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async (steps) => {
        const limiter = new KeyedLimiter<number>({ total: 3, perKey: 2 });
        await play(
          steps,
          holdPlan(
            (s, signal) => limiter.acquire(s.key, { signal }),
            (key) => {
              const stats = limiter.statistics();
              const own = stats.keys.get(key);
              return stats.inUse >= 3 || (own !== undefined && (own.inUse >= 2 || own.waiters > 0));
            },
            2,
            {
              check: (inside) => {
                expect(sum(inside)).toBeLessThanOrEqual(3);
                expect(limiter.inUse).toBeLessThanOrEqual(3);
              },
              end: () => {
                expect(limiter.inUse).toBe(0);
                expect(limiter.statistics().keys.size).toBe(0);
              },
            },
          ),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("Event: set() wakes every waiter, nobody waits while it is set, nobody is left behind", async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async (steps) => {
        const event = new Event();
        let wokeWithSomethingElse = 0;
        await play(steps, {
          start: async (_id, s, signal) => {
            if ((await event.wait({ signal })) !== true) wokeWithSomethingElse++;
            for (let i = 0; i < s.hold; i++) await sleep(0);
          },
          poke: (n) => (n % 2 === 0 ? event.set() : event.clear()),
          check: () => {
            if (event.isSet()) expect(event.statistics().waiters).toBe(0);
          },
          windDown: () => event.set(),
          end: () => {
            expect(wokeWithSomethingElse).toBe(0);
            expect(event.statistics().waiters).toBe(0);
          },
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("Condition: the lock is held whenever wait() ends, however it ends; no notification is lost", async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async (steps) => {
        const cond = new Condition();
        let counter = 0;
        let inside = 0;
        let notHeldAfterWait = 0;
        await play(steps, {
          start: async (_id, s, signal) => {
            const releaser = await cond.acquire({ signal });
            inside++;
            try {
              expect(inside).toBe(1);
              const target = s.hold;
              try {
                inside--;
                await cond.waitFor(() => counter >= target, { signal });
              } finally {
                inside++;
                if (!cond.locked()) notHeldAfterWait++;
              }
              expect(inside).toBe(1);
            } finally {
              inside--;
              releaser.release();
            }
          },
          poke: async (n) => {
            using _ = await cond.acquire();
            counter++;
            if (n === 0) cond.notifyAll();
            else cond.notify(n);
          },
          check: () => expect(inside).toBeLessThanOrEqual(1),
          windDown: async () => {
            using _ = await cond.acquire();
            counter = 100;
            cond.notifyAll();
          },
          end: () => {
            expect(notHeldAfterWait).toBe(0);
            expect(cond.statistics()).toEqual({
              waiters: 0,
              lock: { locked: false, holder: undefined, waiters: 0 },
            });
          },
        });
      }),
      { numRuns: RUNS },
    );
  });

  for (const [name, make, fifo] of [
    ["Queue(2)", () => new Queue<number>(2), true],
    ["Queue(0)", () => new Queue<number>(0), true],
    ["LifoQueue(2)", () => new LifoQueue<number>(2), false],
    ["PriorityQueue(2)", () => new PriorityQueue<number>(2), false],
  ] as const) {
    it(`${name}: no item lost or duplicated, a cancelled put inserts nothing, FIFO where it applies`, async () => {
      await fc.assert(
        fc.asyncProperty(schedule, async (steps) => {
          const queue = make();
          let nextItem = 0;
          const putOk: number[] = [];
          const putFailed: number[] = [];
          const gotByGetter: { id: number; item: number; waited: boolean }[] = [];
          const gotNowait: number[] = [];
          // Every item taken, in the order its taker got it (a getter when it resumes).
          const received: number[] = [];
          await play(steps, {
            // A "start" with an even key is a putter, with an odd key a getter.
            start: async (id, s, signal) => {
              if (s.key % 2 === 0) {
                const item = nextItem++;
                try {
                  await queue.put(item, { signal });
                  putOk.push(item);
                } catch (error) {
                  putFailed.push(item);
                  throw error;
                }
              } else {
                const waited = queue.empty(); // else get() takes an item at once, without waiting
                const item = await queue.get({ signal });
                gotByGetter.push({ id, item, waited });
                received.push(item);
              }
            },
            poke: (n) => {
              if (n % 2 === 0) {
                const item = nextItem++;
                try {
                  queue.putNowait(item);
                  putOk.push(item);
                } catch {
                  putFailed.push(item);
                }
              } else if (!queue.empty()) {
                const item = queue.getNowait();
                gotNowait.push(item);
                received.push(item);
              }
            },
            check: () => {
              if (queue.maxsize > 0) expect(queue.qsize()).toBeLessThanOrEqual(queue.maxsize);
            },
            windDown: () => queue.shutdown(),
            end: () => {
              const rest: number[] = [];
              while (!queue.empty()) rest.push(queue.getNowait());
              const out = [...gotByGetter.map((g) => g.item), ...gotNowait, ...rest];
              expect([...out].sort((a, b) => a - b)).toEqual([...putOk].sort((a, b) => a - b));
              for (const item of putFailed) expect(out).not.toContain(item);
              expect(queue.statistics()).toMatchObject({
                getters: 0,
                putters: 0,
                unfinishedTasks: putOk.length,
              });
              if (fifo) {
                // FIFO is about the order items entered the queue, which is the order their puts
                // completed (putOk): a putter that waited puts when it resumes, so a newcomer that
                // found a free slot meanwhile may enter first — as in asyncio. Items leave in that
                // order, whoever takes them, cancellations and aborts included; and getters that had
                // to wait get items in the order they asked (a get() that finds items stored does
                // not wait: it takes the oldest, as in asyncio).
                const entered = (item: number) => putOk.indexOf(item);
                expect(increasing([...received, ...rest].map(entered))).toBe(true);
                const byRequest = gotByGetter
                  .filter((g) => g.waited)
                  .sort((a, b) => a.id - b.id)
                  .map((g) => entered(g.item));
                expect(increasing(byRequest)).toBe(true);
              }
            },
          });
        }),
        { numRuns: RUNS },
      );
    });
  }
});
