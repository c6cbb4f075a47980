import * as loopA from "@x/loop";
import * as taskA from "@x/loop/task";
import { describe, expect, it, vi } from "vitest";

/** A second, separately loaded copy of @x/loop, as when two versions are installed. */
async function secondCopy(): Promise<{ loop: typeof loopA; task: typeof taskA }> {
  vi.resetModules();
  const loop = await import("@x/loop");
  const task = await import("@x/loop/task");
  return { loop, task };
}

describe("two installed copies of @x/loop", () => {
  it("are really two copies", async () => {
    const b = await secondCopy();
    expect(b.loop.EventLoop).not.toBe(loopA.EventLoop);
  });

  it("agree on the running loop, the current task and the default loop", async () => {
    const b = await secondCopy();
    expect(b.loop.getEventLoop()).toBe(loopA.getEventLoop());
    await loopA.run(
      async () => {
        const taskOfA = taskA.currentTask();
        expect(b.task.currentTask()).toBe(taskOfA);
        expect(b.loop.getRunningLoop()).toBe(loopA.getRunningLoop());
        await b.task.sleep(100);
        expect(loopA.getRunningLoop().time()).toBe(100);
      },
      { clock: new loopA.VirtualClock() },
    );
  });

  it("cancel each other's waits and recognise each other's errors", async () => {
    const b = await secondCopy();
    await loopA.run(
      async () => {
        const child = taskA.createTask(() => b.task.sleep(1000));
        await taskA.sleep(0);
        child.cancel("from copy A");
        const error = await child.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(b.loop.CancelledError);
        expect(error).toBeInstanceOf(loopA.CancelledError);
        expect(b.loop.isFuture(child)).toBe(true);
      },
      { clock: new loopA.VirtualClock() },
    );
  });
});
