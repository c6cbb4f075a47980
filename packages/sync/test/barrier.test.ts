import { createTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { Barrier, BrokenBarrierError } from "../src/index.js";
import { at, outcome, runLogged } from "./helpers.js";

describe("Barrier", () => {
  it("releases the parties together once the last arrives, each with its own index", async () => {
    const events = await runLogged(async (log) => {
      const barrier = new Barrier(3);
      const tasks = [0, 4, 9].map((delay, i) =>
        createTask(async () => {
          await sleep(delay);
          const index = await barrier.wait();
          log(at(`t${i} passed with ${index}`));
        }),
      );
      await sleep(5);
      expect(barrier.nWaiting).toBe(2);
      expect(barrier.statistics()).toEqual({ parties: 3, nWaiting: 2, state: "filling" });
      await Promise.all(tasks);
      expect(barrier.nWaiting).toBe(0);
    });
    expect(events).toEqual(["t2 passed with 2@9", "t0 passed with 0@9", "t1 passed with 1@9"]);
  });

  it("can be used for several rounds", async () => {
    await runLogged(async () => {
      const barrier = new Barrier(2);
      const rounds: number[][] = [[], [], []];
      const worker = async () => {
        for (const round of rounds) round.push(await barrier.wait());
      };
      await Promise.all([createTask(worker), createTask(worker)]);
      expect(rounds.map((r) => [...r].sort())).toEqual([
        [0, 1],
        [0, 1],
        [0, 1],
      ]);
    });
  });

  it("lets a single party pass at once", async () => {
    await runLogged(async () => {
      const barrier = new Barrier(1);
      expect(await barrier.wait()).toBe(0);
      expect(await barrier.wait()).toBe(0);
    });
  });

  it("fails every waiter, and every later wait, once aborted; reset() makes it usable again", async () => {
    const events = await runLogged(async (log) => {
      const barrier = new Barrier(3);
      const waiters = [createTask(() => barrier.wait()), createTask(() => barrier.wait())];
      await sleep(1);
      await barrier.abort();
      expect(barrier.broken).toBe(true);
      for (const w of waiters) log(`waiter: ${await outcome(w)}`);
      log(`later: ${await outcome(barrier.wait())}`);
      await barrier.reset();
      expect(barrier.broken).toBe(false);
      const again = [createTask(() => barrier.wait()), createTask(() => barrier.wait())];
      log(`after reset: ${await barrier.wait()}`);
      await Promise.all(again);
    });
    expect(events).toEqual([
      "waiter: BrokenBarrierError",
      "waiter: BrokenBarrierError",
      "later: BrokenBarrierError",
      "after reset: 0",
    ]);
  });

  it("fails the tasks waiting when reset, and fills again for the next round", async () => {
    await runLogged(async () => {
      const barrier = new Barrier(2);
      const waiter = createTask(() => barrier.wait());
      await sleep(1);
      await barrier.reset();
      await expect(waiter).rejects.toBeInstanceOf(BrokenBarrierError);
      expect(barrier.statistics().state).toBe("filling");
      const [a, b] = await Promise.all([createTask(() => barrier.wait()), createTask(() => barrier.wait())]);
      expect([a, b].sort()).toEqual([0, 1]);
    });
  });

  it("does not break when a waiter is cancelled: the others still need a full set", async () => {
    await runLogged(async () => {
      const barrier = new Barrier(2);
      const quitter = createTask(() => barrier.wait());
      await sleep(1);
      quitter.cancel();
      expect(await outcome(quitter)).toBe("CancelledError");
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
      const results = await Promise.all([createTask(() => barrier.wait()), createTask(() => barrier.wait())]);
      expect(results.sort()).toEqual([0, 1]);
    });
  });

  it("aborts one wait with its signal", async () => {
    await runLogged(async () => {
      const barrier = new Barrier(2);
      const controller = new AbortController();
      const waiter = createTask(() => barrier.wait({ signal: controller.signal }));
      await sleep(1);
      controller.abort("no");
      expect(await outcome(waiter)).toBe("no");
      expect(barrier.nWaiting).toBe(0);
    });
  });

  it("refuses parties below 1 or not an integer", () => {
    expect(() => new Barrier(0)).toThrow(RangeError);
    expect(() => new Barrier(0)).toThrow("new Barrier(parties): parties must be an integer >= 1, got 0");
    expect(() => new Barrier(2.5)).toThrow(RangeError);
    expect(() => new Barrier("3" as never)).toThrow(TypeError);
    expect(String(new Barrier(2))).toBe("Barrier <filling, waiters: 0/2>");
  });
});
