import { readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { afterEach } from "vitest";

/** The test certificate authority and a server certificate it signed (localhost, example.test, 127.0.0.1). */
export const tlsFixture: { ca: string; cert: string; key: string } = {
  ca: readFileSync(new URL("./fixtures/ca.pem", import.meta.url), "utf8"),
  cert: readFileSync(new URL("./fixtures/server.pem", import.meta.url), "utf8"),
  key: readFileSync(new URL("./fixtures/server-key.pem", import.meta.url), "utf8"),
};

/** A server listening on 127.0.0.1, closed after the test. */
export interface TestServer {
  /** "http://127.0.0.1:<port>" (or https). */
  readonly url: string;
  readonly port: number;
  /** Connections accepted and not closed yet. */
  openConnections(): number;
  /** Connections accepted so far. */
  acceptedConnections(): number;
  /** Resolves when no connection is open any more. */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  const pending = cleanups.splice(0);
  await Promise.all(pending.map((cleanup) => cleanup()));
});

function track(server: Server | NetServer, protocol: string): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let idle: (() => void)[] = [];
  server.on("connection", (socket: Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      if (sockets.size === 0) {
        const waiting = idle;
        idle = [];
        for (const resolve of waiting) resolve();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      const close = (): Promise<void> =>
        new Promise<void>((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        });
      cleanups.push(close);
      resolve({
        url: `${protocol}://127.0.0.1:${port}`,
        port,
        openConnections: () => sockets.size,
        acceptedConnections: () => accepted,
        allClosed: () =>
          sockets.size === 0 ? Promise.resolve() : new Promise<void>((done) => idle.push(done)),
        close,
      });
    });
  });
}

/** An HTTP handler (an async one's failure destroys the response). */
export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

function safe(handler: Handler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const result = handler(req, res);
    if (result instanceof Promise) result.catch((error: Error) => res.destroy(error));
  };
}

/** Start a node:http server on 127.0.0.1 (closed after the test). */
export function httpServer(handler: Handler): Promise<TestServer> {
  const server = createHttpServer(safe(handler));
  server.keepAliveTimeout = 30_000;
  return track(server, "http");
}

/** Start a node:https server with the test certificate (closed after the test). */
export function httpsServer(handler: Handler): Promise<TestServer> {
  return track(createHttpsServer({ cert: tlsFixture.cert, key: tlsFixture.key }, safe(handler)), "https");
}

/** Start a raw TCP server whose sockets `onSocket` drives (closed after the test). */
export function rawServer(onSocket: (socket: Socket, request: string) => void): Promise<TestServer> {
  const server = createNetServer((socket) => {
    let buffered = "";
    let answered = false;
    socket.on("error", () => {});
    socket.on("data", (data) => {
      buffered += data.toString("latin1");
      if (!answered && buffered.includes("\r\n\r\n")) {
        answered = true;
        onSocket(socket, buffered);
      }
    });
  });
  return track(server, "http");
}

/** Read a request's body as a string. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A promise and its resolver, resolved from outside (a server event). */
export function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
