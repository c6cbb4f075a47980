import { CancelledError, getRunningLoop, Waiter } from "@x/loop";
import { createTask, currentTask, sleep } from "@x/loop/task";
import { describe, expect, it } from "vitest";
import { runLogged } from "./helpers.js";

describe("Waiter", () => {
  it("wakes the task one iteration after resolve()", async () => {
    const events = await runLogged(async (log) => {
      let waiter!: Waiter<string>;
      const task = createTask(async () => {
        waiter = new Waiter<string>(getRunningLoop());
        log(`got ${await waiter.promise}`);
      });
      await sleep(0);
      expect(task.waitingOn()).toBe(waiter);
      expect(waiter.resolve("value")).toBe(true);
      expect(waiter.resolve("again")).toBe(false);
      log("resolved");
      await sleep(0);
      log("one iteration later");
    });
    expect(events).toEqual(["resolved", "got value", "one iteration later"]);
  });

  it("is cancelled with the task that made it, and tells onCancel", async () => {
    const events = await runLogged(async (log) => {
      const task = createTask(async () => {
        const waiter = new Waiter<number>(getRunningLoop(), (revoked) =>
          log(`onCancel ${JSON.stringify(revoked)}`),
        );
        await waiter.promise;
      });
      await sleep(0);
      task.cancel("bye");
      await expect(task).rejects.toThrow("bye");
    });
    expect(events).toEqual(["onCancel undefined"]);
  });

  it("revokes a value already handed over when the task is cancelled before resuming", async () => {
    const events = await runLogged(async (log) => {
      let waiter!: Waiter<string>;
      const task = createTask(async () => {
        waiter = new Waiter<string>(getRunningLoop(), (revoked) => log(`passed on ${revoked?.value}`));
        try {
          await waiter.promise;
        } catch (error) {
          log(`task got ${(error as Error).name}`);
        }
      });
      await sleep(0);
      waiter.resolve("permit");
      task.cancel("stop");
      log(`cancel() returned; waiter cancelled: ${waiter.cancelled()}`);
      await task;
    });
    // onCancel runs inside cancel(), so the permit moves on before anybody else can run.
    expect(events).toEqual([
      "passed on permit",
      "cancel() returned; waiter cancelled: true",
      "task got CancelledError",
    ]);
  });

  it("rejects with the given error; a rejection nobody awaits is dropped", async () => {
    const events = await runLogged(async (log) => {
      const loop = getRunningLoop();
      const awaited = new Waiter<void>(loop);
      awaited.reject(new Error("broken"));
      await awaited.promise.catch((error: Error) => log(error.message));
      const ignored = new Waiter<void>(loop);
      ignored.reject(new Error("nobody listens"));
      ignored.cancel();
      expect(ignored.cancelled()).toBe(false);
      await sleep(0);
      log("no unhandled rejection");
    });
    expect(events).toEqual(["broken", "no unhandled rejection"]);
  });

  it("fails at once when made by a task with an undelivered cancellation", async () => {
    const events = await runLogged(async (log) => {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const task = createTask(async () => {
        await gate;
        const waiter = new Waiter<void>(getRunningLoop());
        log(`waiter cancelled at creation: ${waiter.cancelled()}`);
        await waiter.promise.catch((e: unknown) =>
          log(`${e instanceof CancelledError}, cancelling=${currentTask()?.cancelling()}`),
        );
      });
      await sleep(0);
      task.cancel();
      open();
      await task;
    });
    expect(events).toEqual(["waiter cancelled at creation: true", "true, cancelling=1"]);
  });
});
