import { getRunningLoop, run, VirtualClock } from "@x/asyncio";
import { describe, expect, it } from "vitest";
import { main } from "../src/examples/gather.js";
import { Recorder } from "./recorder.js";

describe("the gather example", () => {
  it("prints first, second and third 1, 2 and 3 s after the start: the sleeps overlap", async () => {
    const out = new Recorder();
    const end = await run(
      async () => {
        await main(out.print);
        return getRunningLoop().time();
      },
      { clock: new VirtualClock() },
    );
    expect(out.lines).toEqual(["1000 first", "2000 second", "3000 third"]);
    // gather returns when the last of them is done: 3 s in all, not 1 + 2 + 3.
    expect(end).toBe(3000);
  });
});
