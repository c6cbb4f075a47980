import { getRunningLoop, run, VirtualClock } from "@x/loop";
import { describe, expect, it } from "vitest";
import { main } from "../src/examples/hello.js";

describe("the hello example", () => {
  it("prints Hello ..., then ... World! 500 ms later", async () => {
    const lines: string[] = [];
    await run(() => main((line) => lines.push(`${getRunningLoop().time()} ${line}`)), {
      clock: new VirtualClock(),
    });
    expect(lines).toEqual(["0 Hello ...", "500 ... World!"]);
  });
});
