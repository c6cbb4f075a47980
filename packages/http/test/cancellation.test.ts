import { getEventListeners } from "node:events";
import { createServer, type Socket } from "node:net";
import { ClientSession } from "@x/http";
import { CancelledError, type Future, getRunningLoop, run } from "@x/loop";
import { createTask, sleep } from "@x/task";
import { describe, expect, it } from "vitest";
import { httpServer } from "./helpers.js";

async function outcome(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    return error;
  }
}

describe("cancelling the task", () => {
  it("aborts a request waiting for its response: CancelledError, the socket closes, the slot is freed", async () => {
    let requested: Future<void> | undefined;
    const server = await httpServer((req, res) => {
      if (req.url === "/stall") requested?.setResult();
      else res.end("next");
    });
    await run(async () => {
      requested = getRunningLoop().createFuture();
      await using session = new ClientSession({ limit: 1 });
      const task = createTask(() => session.get(`${server.url}/stall`));
      await requested;
      expect(task.cancel("stop")).toBe(true);
      const error = await outcome(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as CancelledError).message).toBe("stop");
      expect(task.cancelled()).toBe(true);
      await server.allClosed();
      // The only slot is free again.
      expect(await (await session.get(`${server.url}/next`)).text()).toBe("next");
    });
  });

  it("removes a request waiting for a slot, and the slot goes to the next one in line", async () => {
    const order: string[] = [];
    const server = await httpServer((req, res) => {
      order.push(req.url ?? "");
      if (req.url === "/first") res.write("held");
      else res.end();
    });
    await run(async () => {
      await using session = new ClientSession({ limit: 1 });
      const held = await session.get(`${server.url}/first`);
      const second = createTask(() => session.get(`${server.url}/second`));
      const third = createTask(() => session.get(`${server.url}/third`));
      await sleep(0);
      await sleep(0);
      second.cancel();
      held.release();
      await (await third).text();
      expect(await outcome(second)).toBeInstanceOf(CancelledError);
      expect(order).toEqual(["/first", "/third"]);
    });
  });

  it("aborts a request still connecting (a TLS handshake that never completes) at once", async () => {
    const sockets: Socket[] = [];
    let accepted: Future<void> | undefined;
    const silent = createServer((socket) => {
      sockets.push(socket);
      accepted?.setResult();
    });
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, "127.0.0.1", () => resolve((silent.address() as { port: number }).port)),
    );
    try {
      await run(async () => {
        accepted = getRunningLoop().createFuture();
        const session = new ClientSession();
        const task = createTask(() => session.get(`https://127.0.0.1:${port}/`));
        await accepted;
        task.cancel();
        expect(await outcome(task)).toBeInstanceOf(CancelledError);
        // Closing the session closes the half-open connection too.
        await session.close();
      });
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if (sockets.every((s) => s.destroyed || s.readableEnded)) resolve();
          else setImmediate(check);
        };
        check();
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("aborts a body read: CancelledError, and the socket closes", async () => {
    const server = await httpServer((_req, res) => res.write("start"));
    await run(async () => {
      await using session = new ClientSession();
      const response = await session.get(server.url);
      const reading = createTask(() => response.text());
      await sleep(0);
      reading.cancel();
      expect(await outcome(reading)).toBeInstanceOf(CancelledError);
      await server.allClosed();
      expect(await outcome(response.text())).toBeInstanceOf(CancelledError);
    });
  });

  it("sends nothing when the task is already being cancelled as it makes the request", async () => {
    const server = await httpServer((_req, res) => res.end());
    await run(async () => {
      await using session = new ClientSession();
      const task = createTask(async () => {
        await sleep(0);
        return await session.get(server.url);
      });
      await sleep(0);
      task.cancel();
      expect(await outcome(task)).toBeInstanceOf(CancelledError);
      await sleep(0);
      expect(server.acceptedConnections()).toBe(0);
    });
  });
});

describe("aborting the signal", () => {
  it("aborts the request with CancelledError whose cause is the signal's reason", async () => {
    let requested: (() => void) | undefined;
    const server = await httpServer(() => requested?.());
    await using session = new ClientSession();
    const controller = new AbortController();
    const pending = session.get(server.url, { signal: controller.signal });
    await new Promise<void>((resolve) => {
      requested = resolve;
    });
    const reason = new Error("user gave up");
    controller.abort(reason);
    const error = await outcome(pending);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).cause).toBe(reason);
    await server.allClosed();
  });

  it("refuses to start with an aborted signal", async () => {
    const server = await httpServer((_req, res) => res.end());
    await using session = new ClientSession();
    const error = await outcome(session.get(server.url, { signal: AbortSignal.abort("no") }));
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).cause).toBe("no");
    expect(server.acceptedConnections()).toBe(0);
  });

  it("aborts the body after the response arrived", async () => {
    const server = await httpServer((_req, res) => res.write("start"));
    await using session = new ClientSession();
    const controller = new AbortController();
    const response = await session.get(server.url, { signal: controller.signal });
    const reading = response.text();
    controller.abort();
    expect(await outcome(reading)).toBeInstanceOf(CancelledError);
    await server.allClosed();
  });

  it("stops listening to the signal once the body is complete", async () => {
    let finish: (() => void) | undefined;
    const server = await httpServer((_req, res) => {
      res.write("do");
      finish = () => res.end("ne");
    });
    await using session = new ClientSession();
    const controller = new AbortController();
    const response = await session.get(server.url, { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    finish?.();
    expect(await response.text()).toBe("done");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
