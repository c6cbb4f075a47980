import { createTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { LifoQueue, Queue } from "../src/index.js";
import { runLogged } from "./helpers.js";

describe("LifoQueue", () => {
  it("gives the most recently put item first and is a Queue", () => {
    const queue = new LifoQueue<number>(3);
    expect(queue).toBeInstanceOf(Queue);
    queue.putNowait(1);
    queue.putNowait(2);
    queue.putNowait(3);
    expect(queue.full()).toBe(true);
    expect([queue.getNowait(), queue.getNowait(), queue.getNowait()]).toEqual([3, 2, 1]);
    expect(String(queue)).toBe("LifoQueue <maxsize=3 qsize=0 tasks=3>");
  });

  it("puts an item given back by a cancelled getter on top again", async () => {
    await runLogged(async () => {
      const queue = new LifoQueue<string>();
      const getter = createTask(() => queue.get());
      await sleep(0);
      queue.putNowait("x");
      queue.putNowait("y");
      getter.cancel();
      await expect(getter).rejects.toThrow();
      expect(queue.getNowait()).toBe("x");
      expect(queue.getNowait()).toBe("y");
    });
  });
});
