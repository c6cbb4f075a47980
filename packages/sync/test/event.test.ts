import { CancelledError } from "@x/loop";
import { createTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { Event } from "../src/index.js";
import { at, outcome, runLogged } from "./helpers.js";

describe("Event", () => {
  it("starts unset; set() wakes every waiter one iteration later, in the order they waited", async () => {
    const events = await runLogged(async (log) => {
      const event = new Event();
      expect(event.isSet()).toBe(false);
      const tasks = ["a", "b", "c"].map((name) =>
        createTask(async () => {
          const value = await event.wait();
          log(at(`${name} woke with ${value}`));
        }),
      );
      await sleep(10);
      expect(event.statistics()).toEqual({ isSet: false, waiters: 3 });
      event.set();
      log(at("set"));
      await Promise.all(tasks);
    });
    expect(events).toEqual(["set@10", "a woke with true@10", "b woke with true@10", "c woke with true@10"]);
  });

  it("returns true at once while set, without yielding", async () => {
    const events = await runLogged(async (log) => {
      const event = new Event();
      event.set();
      event.set();
      createTask(async () => log("other"));
      log(`wait: ${await event.wait()}`);
      await sleep(0);
    });
    expect(events).toEqual(["wait: true", "other"]);
  });

  it("blocks again after clear()", async () => {
    const events = await runLogged(async (log) => {
      const event = new Event();
      event.set();
      event.clear();
      expect(event.isSet()).toBe(false);
      const task = createTask(async () => {
        await event.wait();
        log(at("woke"));
      });
      await sleep(5);
      event.set();
      await task;
    });
    expect(events).toEqual(["woke@5"]);
  });

  it("wakes the waiters of a set() that is cleared at once", async () => {
    const events = await runLogged(async (log) => {
      const event = new Event();
      const task = createTask(async () => {
        await event.wait();
        log("woke");
      });
      await sleep(0);
      event.set();
      event.clear();
      await task;
      expect(event.isSet()).toBe(false);
    });
    expect(events).toEqual(["woke"]);
  });

  it("lets a cancelled waiter leave without a trace", async () => {
    await runLogged(async () => {
      const event = new Event();
      const a = createTask(() => event.wait());
      const b = createTask(() => event.wait());
      await sleep(0);
      a.cancel();
      expect(event.statistics().waiters).toBe(1);
      await expect(a).rejects.toBeInstanceOf(CancelledError);
      event.set();
      expect(await b).toBe(true);
    });
  });

  it("aborts one wait with its signal's reason; an aborted signal rejects at once even when set", async () => {
    await runLogged(async () => {
      const event = new Event();
      const controller = new AbortController();
      const a = createTask(() => event.wait({ signal: controller.signal }));
      const b = createTask(() => event.wait());
      await sleep(0);
      controller.abort("enough");
      expect(await outcome(a)).toBe("enough");
      expect(event.statistics().waiters).toBe(1);
      event.set();
      expect(await b).toBe(true);
      await expect(event.wait({ signal: AbortSignal.abort("late") })).rejects.toBe("late");
    });
  });

  it("refuses malformed options", () => {
    const event = new Event();
    expect(() => event.wait(42 as never)).toThrow(TypeError);
    expect(() => event.wait({ signal: {} as never })).toThrow(
      "Event.wait(): options.signal must be an AbortSignal",
    );
  });

  it("describes itself", () => {
    const event = new Event();
    expect(String(event)).toBe("Event <unset>");
    event.set();
    expect(String(event)).toBe("Event <set>");
  });
});
