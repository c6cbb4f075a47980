import type { ServerResponse } from "node:http";
import { ClientSession } from "@x/http";
import { run, waitAllTasksBlocked } from "@x/loop";
import { createTask } from "@x/task";
import { describe, expect, it } from "vitest";
import { httpServer, type TestServer } from "./helpers.js";

/** A server that holds every response until the test releases it, and logs arrivals. */
async function holdingServer(name: string, log: string[]) {
  const held: ServerResponse[] = [];
  let arrived: (() => void) | undefined;
  const server: TestServer = await httpServer((req, res) => {
    if (req.url === "/probe") {
      res.end("probe");
      return;
    }
    log.push(`${name}${req.url} in`);
    held.push(res);
    arrived?.();
  });
  return {
    server,
    /** Resolves once `n` responses are held. */
    holding(n: number): Promise<void> {
      return new Promise((resolve) => {
        const check = (): void => {
          if (held.length >= n) resolve();
        };
        arrived = check;
        check();
      });
    },
    release(): void {
      const res = held.shift();
      log.push(`${name} released`);
      res?.end("done");
    },
  };
}

describe("connection limits", () => {
  it("limit caps the requests in flight across origins", async () => {
    const log: string[] = [];
    const a = await holdingServer("A", log);
    const b = await holdingServer("B", log);
    await run(async () => {
      await using session = new ClientSession({ limit: 2 });
      await using probe = new ClientSession();
      const tasks = [
        createTask(async () => (await session.get(`${a.server.url}/1`)).text()),
        createTask(async () => (await session.get(`${a.server.url}/2`)).text()),
        createTask(async () => (await session.get(`${b.server.url}/1`)).text()),
      ];
      await a.holding(2);
      await waitAllTasksBlocked();
      // Had B's request gone out, it would be in before this probe's (same server, sent later).
      expect(await (await probe.get(`${b.server.url}/probe`)).text()).toBe("probe");
      expect(log).toEqual(["A/1 in", "A/2 in"]);
      a.release();
      await b.holding(1);
      b.release();
      a.release();
      expect(await Promise.all(tasks)).toEqual(["done", "done", "done"]);
      expect(log).toEqual(["A/1 in", "A/2 in", "A released", "B/1 in", "B released", "A released"]);
    });
  });

  it("limitPerHost queues a full origin's requests without holding up other origins", async () => {
    const log: string[] = [];
    const a = await holdingServer("A", log);
    const b = await holdingServer("B", log);
    await run(async () => {
      await using session = new ClientSession({ limitPerHost: 1 });
      const a1 = createTask(async () => (await session.get(`${a.server.url}/1`)).text());
      const a2 = createTask(async () => (await session.get(`${a.server.url}/2`)).text());
      const b1 = createTask(async () => (await session.get(`${b.server.url}/1`)).text());
      await a.holding(1);
      await b.holding(1);
      expect(log).toContain("B/1 in");
      expect(log.filter((e) => e.startsWith("A/"))).toEqual(["A/1 in"]);
      b.release();
      expect(await b1).toBe("done");
      a.release();
      await a.holding(1);
      a.release();
      expect([await a1, await a2]).toEqual(["done", "done"]);
      expect(log.filter((e) => e.startsWith("A"))).toEqual(["A/1 in", "A released", "A/2 in", "A released"]);
    });
  });

  it("serves waiters in arrival order", async () => {
    const order: string[] = [];
    const a = await holdingServer("A", []);
    const server = await httpServer((req, res) => {
      order.push(req.url ?? "");
      res.end();
    });
    await run(async () => {
      await using session = new ClientSession({ limit: 1 });
      const first = createTask(async () => (await session.get(`${a.server.url}/held`)).text());
      await a.holding(1);
      const rest = ["/1", "/2", "/3", "/4"].map((path) =>
        createTask(async () => (await session.get(`${server.url}${path}`)).text()),
      );
      await waitAllTasksBlocked();
      a.release();
      await first;
      await Promise.all(rest);
      expect(order).toEqual(["/1", "/2", "/3", "/4"]);
    });
  });
});
