import { EventLoop, type TimerHandle, VirtualClock } from "@x/loop";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

interface Planned {
  id: number;
  when: number;
  seq: number;
}

const delay = fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double({ min: -1, max: 40, noNaN: true }));

describe("timers, on random schedules", () => {
  it("fire by deadline then insertion, never when cancelled, batch after batch", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ delay, cancel: fc.boolean(), absolute: fc.boolean() }), { maxLength: 60 }),
        fc.array(fc.record({ delay, cancel: fc.boolean(), absolute: fc.boolean() }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 30 }),
        async (first, second, secondAt) => {
          const clock = new VirtualClock();
          const loop = new EventLoop({ clock });
          const fired: number[] = [];
          const planned: Planned[] = [];
          let seq = 0;
          const schedule = (batch: typeof first, idBase: number): void => {
            const handles: TimerHandle[] = [];
            batch.forEach((op, i) => {
              const id = idBase + i;
              const when = loop.time() + op.delay;
              const handle = op.absolute
                ? loop.callAt(when, () => fired.push(id))
                : loop.callLater(op.delay, () => fired.push(id));
              handles.push(handle);
              seq++;
              if (!op.cancel) planned.push({ id, when, seq });
            });
            batch.forEach((op, i) => {
              if (op.cancel) handles[i]?.cancel();
            });
          };
          schedule(first, 0);
          loop.callLater(secondAt, () => schedule(second, 1000));
          seq++;
          loop.callLater(100, () => loop.stop());
          await loop.runForever();
          // Timers of the second batch are scheduled at `secondAt`: the ones of the first batch that
          // were due by then have already fired, whatever their order against the second batch.
          const firstFired = planned.filter((p) => p.id < 1000 && p.when <= secondAt);
          const rest = planned.filter((p) => !(p.id < 1000 && p.when <= secondAt));
          const byDeadline = (a: Planned, b: Planned) => a.when - b.when || a.seq - b.seq;
          const expected = [...firstFired.sort(byDeadline), ...rest.sort(byDeadline)].map((p) => p.id);
          expect(fired).toEqual(expected);
          loop.close();
        },
      ),
      { numRuns: 300 },
    );
  });
});
