import type { Socket } from "node:net";
import { type ClientResponse, ClientSession, ClientTimeoutError } from "@x/http";
import { type Future, getRunningLoop, run, TimeoutError, VirtualClock } from "@x/loop";
import { createTask, sleep, timeout } from "@x/task";
import { describe, expect, it } from "vitest";
import { httpServer, rawServer } from "./helpers.js";

/** A future of the running loop, settled from outside it (a server callback). */
function outsideEvent<T = void>(): Future<T> {
  return getRunningLoop().createFuture<T>();
}

/** Let the loop run `n` iterations. */
async function iterations(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await sleep(0);
}

async function failure(promise: PromiseLike<unknown>): Promise<ClientTimeoutError> {
  try {
    await promise;
  } catch (error) {
    return error as ClientTimeoutError;
  }
  throw new Error("expected a failure");
}

describe("timeouts on a VirtualClock", () => {
  it("read: a server that never answers fails the request at exactly the read timeout", async () => {
    const clock = new VirtualClock();
    let requested: Future<void> | undefined;
    const server = await httpServer(() => requested?.setResult());
    await run(
      async () => {
        requested = outsideEvent();
        await using session = new ClientSession({ timeout: { read: 1000 } });
        const request = createTask(() => session.get(server.url));
        await requested;
        // The request waits for the network and holds the clock: time does not jump by itself.
        await iterations();
        expect(getRunningLoop().time()).toBe(0);
        clock.advance(999);
        await iterations();
        expect(request.done()).toBe(false);
        clock.advance(1);
        const error = await failure(request);
        expect(error).toBeInstanceOf(ClientTimeoutError);
        expect(error).toBeInstanceOf(TimeoutError);
        expect([error.phase, error.timeout, error.code]).toEqual(["read", 1000, "ERR_X_HTTP_TIMEOUT"]);
        expect(getRunningLoop().time()).toBe(1000);
      },
      { clock },
    );
    await server.allClosed();
  });

  it("read: each body chunk restarts the timer; a stall between chunks fails the read", async () => {
    const clock = new VirtualClock();
    let sendSecond: (() => void) | undefined;
    const server = await httpServer((_req, res) => {
      res.write("one");
      sendSecond = () => res.write("two");
    });
    await run(
      async () => {
        const loop = getRunningLoop();
        await using session = new ClientSession({ timeout: { read: 1000 } });
        const response = await session.get(server.url);
        expect(Buffer.from((await response.body.read()) ?? []).toString()).toBe("one");
        clock.advance(600);
        sendSecond?.();
        expect(Buffer.from((await response.body.read()) ?? []).toString()).toBe("two");
        const third = createTask(() => response.body.read());
        clock.advance(999);
        await iterations();
        expect([loop.time(), third.done()]).toEqual([1599, false]);
        clock.advance(1);
        const error = await failure(third);
        expect([error.phase, loop.time()]).toEqual(["read", 1600]);
      },
      { clock },
    );
  });

  it("read: no timeout runs while the body is paused because nobody reads it", async () => {
    const clock = new VirtualClock();
    const big = Buffer.alloc(1024 * 1024, "b");
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { "content-length": String(big.length * 2) });
      res.write(big);
      // The second half never comes: only a reader waiting for it meets the read timeout.
    });
    await run(
      async () => {
        await using session = new ClientSession({ timeout: { read: 1000 } });
        const response = await session.get(server.url);
        // Nobody reads for an hour of virtual time: the socket is paused, no timer runs, the clock jumps.
        await sleep(3_600_000);
        const allIn = outsideEvent();
        let got = 0;
        const reading = createTask(async () => {
          for await (const chunk of response.body) {
            got += chunk.length;
            if (got === big.length) allIn.setResult();
          }
        });
        await allIn;
        // Now a reader waits for the second half: the read timeout runs (the clock moves by hand).
        clock.advance(999);
        await iterations();
        expect(reading.done()).toBe(false);
        clock.advance(1);
        const error = await failure(reading);
        expect([error.phase, getRunningLoop().time()]).toEqual(["read", 3_601_000]);
      },
      { clock },
    );
  });

  it("connect: a server that accepts but never completes the TLS handshake", async () => {
    const clock = new VirtualClock();
    let accepted: Future<void> | undefined;
    const sockets: Socket[] = [];
    const server = await rawServer(() => {});
    const { createServer } = await import("node:net");
    const silent = createServer((socket) => {
      sockets.push(socket);
      accepted?.setResult();
    });
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, "127.0.0.1", () => resolve((silent.address() as { port: number }).port)),
    );
    try {
      await run(
        async () => {
          accepted = outsideEvent();
          await using session = new ClientSession();
          const request = createTask(() =>
            session.get(`https://127.0.0.1:${port}/`, { timeout: { connect: 500 } }),
          );
          await accepted;
          clock.advance(499);
          await iterations();
          expect(request.done()).toBe(false);
          clock.advance(1);
          const error = await failure(request);
          expect([error.phase, error.timeout, getRunningLoop().time()]).toEqual(["connect", 500, 500]);
        },
        { clock },
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      await server.close();
    }
  });

  it("total: bounds the whole request, body included", async () => {
    const clock = new VirtualClock();
    const server = await httpServer((_req, res) => res.write("started"));
    await run(
      async () => {
        await using session = new ClientSession({ timeout: { total: 2000, read: null } });
        const response = await session.get(server.url);
        clock.advance(1500);
        const reading = createTask(() => response.text());
        await iterations();
        expect(reading.done()).toBe(false);
        clock.advance(500);
        const error = await failure(reading);
        expect([error.phase, error.timeout, getRunningLoop().time()]).toEqual(["total", 2000, 2000]);
      },
      { clock },
    );
  });

  it("poolWait: a request waiting for a free connection fails at exactly poolWait", async () => {
    const clock = new VirtualClock();
    const server = await httpServer((_req, res) => res.write("held"));
    await run(
      async () => {
        const loop = getRunningLoop();
        await using session = new ClientSession({ limit: 1, timeout: { read: null } });
        // The only connection is busy with a body that never ends (it holds the clock: time moves by hand).
        await using _held = await session.get(server.url);
        const waiting = createTask(() => session.get(server.url, { timeout: { poolWait: 500 } }));
        await iterations();
        clock.advance(499);
        await iterations();
        expect(waiting.done()).toBe(false);
        clock.advance(1);
        const error = await failure(waiting);
        expect(error).toBeInstanceOf(ClientTimeoutError);
        expect([error.phase, error.timeout, loop.time()]).toEqual(["poolWait", 500, 500]);
        expect(server.acceptedConnections()).toBe(1);
      },
      { clock },
    );
  });

  it("total does not count the time spent waiting for a free connection", async () => {
    const clock = new VirtualClock();
    const server = await httpServer((req, res) => {
      if (req.url === "/held") res.write("held");
      else res.end("fast");
    });
    await run(
      async () => {
        await using session = new ClientSession({ limit: 1, timeout: { total: 1000, read: null } });
        const held: ClientResponse = await session.get(`${server.url}/held`, { timeout: { total: null } });
        const waiting = createTask(() => session.get(`${server.url}/fast`));
        await iterations();
        clock.advance(5000);
        await iterations();
        expect(waiting.done()).toBe(false);
        held.release();
        const response = await waiting;
        expect(await response.text()).toBe("fast");
      },
      { clock },
    );
  });

  it("a request inside timeout() fails with the scope's TimeoutError at its deadline", async () => {
    const clock = new VirtualClock();
    let requested: Future<void> | undefined;
    const server = await httpServer(() => requested?.setResult());
    await run(
      async () => {
        requested = outsideEvent();
        await using session = new ClientSession();
        const scoped = createTask(() => timeout(300, () => session.get(server.url)));
        await requested;
        clock.advance(300);
        const error = await failure(scoped);
        expect(error).toBeInstanceOf(TimeoutError);
        expect(error).not.toBeInstanceOf(ClientTimeoutError);
        expect(getRunningLoop().time()).toBe(300);
      },
      { clock },
    );
    await server.allClosed();
  });

  it("a request the task does not wait on still never outlives the enclosing deadline", async () => {
    const clock = new VirtualClock();
    let requests = 0;
    let bothIn: Future<void> | undefined;
    const server = await httpServer(() => {
      requests++;
      if (requests === 2) bothIn?.setResult();
    });
    await run(
      async () => {
        bothIn = outsideEvent();
        await using session = new ClientSession();
        let orphan: Promise<unknown> | undefined;
        const scoped = createTask(() =>
          timeout(300, async () => {
            orphan = session.get(`${server.url}/a`);
            orphan.catch(() => {});
            // Only the last request registers as what the task waits on; Promise.all hides the first.
            await Promise.all([orphan, session.get(`${server.url}/b`)]);
          }),
        );
        await bothIn;
        clock.advance(300);
        await failure(scoped);
        const error = await failure(orphan as Promise<unknown>);
        expect(error).toBeInstanceOf(ClientTimeoutError);
        expect(error.phase).toBe("total");
        expect(error.message).toMatch(/enclosing timeout\(\) deadline/);
        expect(getRunningLoop().time()).toBe(300);
      },
      { clock },
    );
    await server.allClosed();
  });
});
