import { sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { FIRST_COMPLETED, gather, wait } from "../src/index.js";
import { onVirtualClock } from "./support.js";

describe("promises that are not ours", () => {
  it("work in one run after another (each loop follows the promise on its own)", async () => {
    const shared = Promise.resolve("shared");
    expect(await onVirtualClock(async () => await gather(shared))).toEqual(["shared"]);
    expect(await onVirtualClock(async () => await gather(shared, () => sleep(1, 2)))).toEqual(["shared", 2]);
  });

  it("leave their rejections to their owner: the loop reports nothing", async () => {
    const reports = await onVirtualClock(async (_loop, reports) => {
      const rejected = Promise.reject(new Error("theirs"));
      const [done] = await wait([rejected]);
      expect([...done]).toEqual([rejected]);
      await expect(rejected).rejects.toThrow("theirs");
      return reports;
    });
    expect(reports).toEqual([]);
  });

  it("fail like a rejection when their then() throws", async () => {
    await onVirtualClock(async () => {
      const broken = {
        // biome-ignore lint/suspicious/noThenProperty: a faulty foreign awaitable, on purpose.
        then(): never {
          throw new Error("then() broke");
        },
      };
      await expect(gather(broken)).rejects.toThrow("then() broke");
    });
  });

  it("settle once even when their then() calls back twice", async () => {
    await onVirtualClock(async () => {
      const twice: PromiseLike<number> = {
        // biome-ignore lint/suspicious/noThenProperty: a faulty foreign awaitable, on purpose.
        then(onFulfilled, onRejected) {
          onFulfilled?.(1);
          onRejected?.(new Error("late"));
          onFulfilled?.(2);
          return Promise.resolve() as never;
        },
      };
      expect(await gather(twice, twice)).toEqual([1, 1]);
      const [done] = await wait([twice], { returnWhen: FIRST_COMPLETED });
      expect(done.has(twice)).toBe(true);
    });
  });
});
