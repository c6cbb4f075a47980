import { getRunningLoop, run, VirtualClock } from "@x/asyncio";
import { describe, expect, it } from "vitest";
import { main } from "../src/examples/lock.js";
import { Recorder } from "./recorder.js";

describe("the lock example", () => {
  it("holds each worker for 1 s: the second acquires the lock when the first lets go, at 1000 ms", async () => {
    const out = new Recorder();
    const end = await run(
      async () => {
        await main(out.print);
        return getRunningLoop().time();
      },
      { clock: new VirtualClock() },
    );
    expect(out.lines).toEqual([
      "0 Lock acquired by worker: 1",
      "1000 Lock released by worker: 1",
      "1000 Lock acquired by worker: 2",
      "2000 Lock released by worker: 2",
    ]);
    expect(end).toBe(2000);
  });
});
