import { getRunningLoop, run, VirtualClock } from "@x/asyncio";
import { describe, expect, it } from "vitest";
import { main } from "../src/examples/hello.js";
import { Recorder } from "./recorder.js";

describe("the hello example", () => {
  it("prints Hello ..., then ... World! 500 ms later", async () => {
    const out = new Recorder();
    const clock = new VirtualClock();
    const end = await run(
      async () => {
        await main(out.print);
        return getRunningLoop().time();
      },
      { clock },
    );
    expect(out.lines).toEqual(["0 Hello ...", "500 ... World!"]);
    expect(end).toBe(500);
  });
});
