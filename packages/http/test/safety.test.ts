import { createServer } from "node:net";
import { ClientConnectionError, ClientError, ClientSession, InvalidUrlError } from "@x/http";
import { describe, expect, it } from "vitest";
import { httpServer, httpsServer, rawServer, tlsFixture } from "./helpers.js";

describe("unsafe input is refused before anything is sent", () => {
  it.each([
    ["CR/LF in a header value", { "x-a": "1\r\nInjected: yes" }],
    ["LF in a header value", { "x-a": "1\nInjected: yes" }],
    ["NUL in a header value", { "x-a": "1\0" }],
    ["CR/LF in a header name", { "x-a\r\nInjected": "yes" }],
    ["a space in a header name", { "x a": "1" }],
    ["an empty header name", { "": "1" }],
  ])("%s is a TypeError", async (_what, headers) => {
    const server = await httpServer((_req, res) => res.end());
    await using session = new ClientSession();
    expect(() => session.get(server.url, { headers })).toThrow(TypeError);
    expect(() => new ClientSession({ headers })).toThrow(TypeError);
    expect(server.acceptedConnections()).toBe(0);
  });

  it("refuses header values that are not strings", () => {
    const session = new ClientSession();
    expect(() => session.get("http://127.0.0.1:1/", { headers: { "x-n": 1 as unknown as string } })).toThrow(
      TypeError,
    );
  });

  it.each(["GET /evil HTTP/1.1\r\nX:", "G\nET", "GE\0T", "GET ", "", "GÉT"])(
    "refuses the method %j with TypeError",
    async (method) => {
      const server = await httpServer((_req, res) => res.end());
      await using session = new ClientSession();
      expect(() => session.request(method, server.url)).toThrow(TypeError);
      expect(server.acceptedConnections()).toBe(0);
    },
  );

  it.each([
    "not a url",
    "http://",
    "ftp://example.com/",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "//no-scheme",
  ])("refuses the URL %j with InvalidUrlError", async (url) => {
    await using session = new ClientSession();
    let error: unknown;
    try {
      await session.get(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidUrlError);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as InvalidUrlError).url).toBe(url);
    expect((error as InvalidUrlError).code).toBe("ERR_X_HTTP_INVALID_URL");
  });

  it("refuses a baseUrl that is not an http(s) URL", () => {
    expect(() => new ClientSession({ baseUrl: "mailto:a@b.c" })).toThrow(InvalidUrlError);
  });

  it("percent-encodes CR/LF and spaces in the URL path instead of sending them raw", async () => {
    const seen: string[] = [];
    const server = await httpServer((req, res) => {
      seen.push(req.url ?? "");
      res.end();
    });
    await using session = new ClientSession();
    await session.get(`${server.url}/a b?c=d e`);
    expect(seen).toEqual(["/a%20b?c=d%20e"]);
  });
});

describe("malformed responses fail with ClientConnectionError, never hang", () => {
  it.each([
    ["a garbage status line", "GARBAGE\r\n\r\n"],
    ["a bad header line", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"],
    [
      "two different Content-Lengths",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    ],
    ["a bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"],
    ["a CR/LF-injected header", "HTTP/1.1 200 OK\r\nX-A: 1\rX-B: 2\r\n\r\n"],
    ["a negative Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"],
  ])("%s", async (_what, reply) => {
    const server = await rawServer((socket) => socket.end(reply));
    await using session = new ClientSession();
    const error = await session
      .get(server.url)
      .then((response) => response.text())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientConnectionError);
    expect((error as Error).cause).toBeDefined();
  });

  it("a server that closes without answering", async () => {
    const server = await rawServer((socket) => socket.end());
    await using session = new ClientSession();
    await expect(session.get(server.url)).rejects.toThrow(ClientConnectionError);
  });

  it("a server that resets the connection", async () => {
    const server = await rawServer((socket) => socket.resetAndDestroy());
    await using session = new ClientSession();
    await expect(session.get(server.url)).rejects.toThrow(ClientConnectionError);
  });

  it("a refused connection", async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, "127.0.0.1", () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await using session = new ClientSession();
    const error = await session.get(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientConnectionError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });
});

describe("TLS", () => {
  it("verifies certificates by default: a certificate from an unknown CA fails", async () => {
    const server = await httpsServer((_req, res) => res.end("should not be read"));
    await using session = new ClientSession();
    const error = await session.get(server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientConnectionError);
    expect(String((error as Error).message)).toMatch(/certificate/i);
  });

  it("fails a certificate for another host name", async () => {
    const server = await httpsServer((_req, res) => res.end());
    await using session = new ClientSession({
      tls: { ca: tlsFixture.ca },
      resolve: { "https://wrong.test": server.url },
    });
    const error = await session.get("https://wrong.test/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientConnectionError);
  });
});
