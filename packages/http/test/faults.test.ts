import type { IncomingMessage, ServerResponse } from "node:http";
import { ClientConnectionError, ClientSession, ClientTimeoutError } from "@x/http";
import { getRunningLoop, run, VirtualClock } from "@x/loop";
import { createTask } from "@x/task";
import { describe, expect, it } from "vitest";
import { httpServer, signal } from "./helpers.js";

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Fault = "ok" | "reset" | "stall" | "truncate" | "stall-body" | "reset-body";

/** The faults that end only with the client's read timeout. */
function stalls(fault: Fault): boolean {
  return fault === "stall" || fault === "stall-body";
}

const BODY = Buffer.alloc(2000, "f");

function misbehave(fault: Fault, req: IncomingMessage, res: ServerResponse): void {
  switch (fault) {
    case "ok":
      res.end(BODY);
      return;
    case "reset":
      req.socket.resetAndDestroy();
      return;
    case "stall":
      return; // never answers
    case "truncate":
      res.writeHead(200, { "content-length": String(BODY.length) });
      res.write(BODY.subarray(0, 700));
      setImmediate(() => req.socket.destroy());
      return;
    case "stall-body":
      res.writeHead(200, { "content-length": String(BODY.length) });
      res.write(BODY.subarray(0, 300));
      return; // the rest never comes
    case "reset-body":
      res.writeHead(200, { "content-length": String(BODY.length) });
      res.write(BODY.subarray(0, 300), () => req.socket.resetAndDestroy());
      return;
  }
}

describe("a server that randomly resets, stalls or truncates", () => {
  it("every one of thousands of requests settles, each as the fault says, and no socket is left open", async () => {
    const seed = 20260601;
    const next = random(seed);
    const weights: [Fault, number][] = [
      ["reset", 0.07],
      ["truncate", 0.07],
      ["reset-body", 0.07],
      ["stall", 0.02],
      ["stall-body", 0.02],
    ];
    const n = 2500;
    const plan: Fault[] = Array.from({ length: n }, () => {
      let x = next();
      for (const [fault, weight] of weights) {
        if (x < weight) return fault;
        x -= weight;
      }
      return "ok";
    });
    const stalled = plan.filter(stalls).length;
    // Time is virtual: the stalled requests end only when the test moves the clock past their read
    // timeout, once every other request has settled and every stalled one has reached the server, so
    // no healthy answer can time out, however loaded the machine. The connection limit is above the
    // number of stalls: stalled requests never keep the others from a connection.
    const allStalled = signal();
    let arrived = 0;
    const server = await httpServer((req, res) => {
      const fault = plan[Number(req.url?.slice(1))] as Fault;
      misbehave(fault, req, res);
      if (stalls(fault) && ++arrived === stalled) allStalled.resolve();
    });
    const clock = new VirtualClock();
    const outcomes = await run(
      async () => {
        const session = new ClientSession({ limit: 4 * stalled, timeout: { read: 5000 } });
        const othersSettled = getRunningLoop().createFuture<void>();
        let settled = 0;
        const tasks = plan.map((_fault, i) => {
          const task = createTask(async () => {
            try {
              const response = await session.get(`${server.url}/${i}`);
              const body = await response.bytes();
              return body.length === BODY.length ? "ok" : `short body ${body.length}`;
            } catch (error) {
              if (error instanceof ClientTimeoutError) return `timeout:${error.phase}`;
              if (error instanceof ClientConnectionError) return "connection";
              return `unexpected ${String(error)}`;
            }
          });
          task.addDoneCallback(() => {
            if (++settled === n - stalled) othersSettled.setResult();
          });
          return task;
        });
        await othersSettled;
        await allStalled.promise;
        expect(getRunningLoop().time()).toBe(0);
        clock.advance(5000);
        const results = await Promise.all(tasks);
        await session.close();
        return results;
      },
      { clock },
    );
    await server.allClosed();
    expect(server.openConnections()).toBe(0);
    const expected: Record<Fault, string> = {
      ok: "ok",
      reset: "connection",
      stall: "timeout:read",
      truncate: "connection",
      "stall-body": "timeout:read",
      "reset-body": "connection",
    };
    const mismatches = plan
      .map((fault, i) => [i, fault, outcomes[i]] as const)
      .filter(([, fault, got]) => got !== expected[fault]);
    expect(mismatches, `seed ${seed}`).toEqual([]);
    for (const [fault] of weights) expect(plan.filter((f) => f === fault).length).toBeGreaterThan(20);
  }, 60_000);
});
