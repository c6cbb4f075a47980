import { getRunningLoop, run, VirtualClock } from "@x/loop";
import { createTask, sleep } from "@x/loop/task";
import { describe, expect, it } from "vitest";

describe("smoke", () => {
  it("hello world on the virtual clock", async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    await run(
      async () => {
        log.push(`hello ${getRunningLoop().time()}`);
        await sleep(500);
        log.push(`world ${getRunningLoop().time()}`);
      },
      { clock },
    );
    expect(log).toEqual(["hello 0", "world 500"]);
  });
  it("tasks interleave per iteration", async () => {
    const log: string[] = [];
    await run(
      async () => {
        const a = createTask(async () => {
          log.push("a1");
          await sleep(0);
          log.push("a2");
          await sleep(0);
          log.push("a3");
        });
        const b = createTask(async () => {
          log.push("b1");
          await sleep(0);
          log.push("b2");
          await sleep(0);
          log.push("b3");
        });
        await a;
        await b;
      },
      { clock: new VirtualClock() },
    );
    expect(log).toEqual(["a1", "b1", "a2", "b2", "a3", "b3"]);
  });
  it("real clock sleep", async () => {
    const r = await run(async () => {
      await sleep(5);
      return 7;
    });
    expect(r).toBe(7);
  });
  it("default loop sleep", async () => {
    expect(await sleep(1, "x")).toBe("x");
  });
});
