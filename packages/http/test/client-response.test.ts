import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { ClientConnectionError, ClientPayloadError, ClientSession } from "@x/http";
import { InvalidStateError, run } from "@x/loop";
import { describe, expect, it } from "vitest";
import { httpServer, rawServer, signal } from "./helpers.js";

/** A server that sends `body` with `Content-Encoding: coding` (and an uncompressed length header for checks). */
function encodedServer(coding: string, body: Buffer) {
  return httpServer((_req, res) => {
    res.writeHead(200, { "content-encoding": coding, "content-length": String(body.length) });
    res.end(body);
  });
}

const text = "the quick brown fox jumps over the lazy dog\n".repeat(200);

describe("ClientResponse bodies", () => {
  it("reads bytes, text and json, and keeps the bytes for another read", async () => {
    const server = await httpServer((_req, res) => res.end('{"a":[1,"é"]}'));
    await using session = new ClientSession();
    const response = await session.get(server.url);
    const bytes = await response.bytes();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).toString()).toBe('{"a":[1,"é"]}');
    expect(await response.text()).toBe('{"a":[1,"é"]}');
    expect(await response.json()).toEqual({ a: [1, "é"] });
  });

  it("decodes text with the charset of the Content-Type, or the encoding asked for", async () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
    const server = await httpServer((req, res) => {
      res.setHeader(
        "content-type",
        req.url === "/latin1" ? 'text/plain; charset="ISO-8859-1"' : "text/plain",
      );
      res.end(latin1);
    });
    await using session = new ClientSession();
    expect(await (await session.get(`${server.url}/latin1`)).text()).toBe("café");
    expect(await (await session.get(`${server.url}/none`)).text("latin1")).toBe("café");
    await expect((await session.get(`${server.url}/none`)).text("no-such-charset")).rejects.toThrow(
      RangeError,
    );
  });

  it("fails json() on invalid JSON with ClientPayloadError, whatever the Content-Type", async () => {
    const server = await httpServer((req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(req.url === "/ok" ? "[1]" : "<html>");
    });
    await using session = new ClientSession();
    expect(await (await session.get(`${server.url}/ok`)).json()).toEqual([1]);
    const error = await (await session.get(`${server.url}/bad`)).json().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientPayloadError);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it("streams the body as an async iterable of chunks as they arrive", async () => {
    const next = signal();
    const server = await httpServer((_req, res) => {
      res.write("first;");
      void next.promise.then(() => res.end("second"));
    });
    await using session = new ClientSession();
    await using response = await session.get(server.url);
    const seen: string[] = [];
    for await (const chunk of response.body) {
      seen.push(Buffer.from(chunk).toString());
      next.resolve();
    }
    expect(seen).toEqual(["first;", "second"]);
    expect(await response.body.read()).toBeNull();
  });

  it("yields chunks of exactly n bytes with iterChunked(n), the last one shorter", async () => {
    const server = await httpServer((_req, res) => {
      res.write("abcde");
      res.write("fgh");
      res.end("ijklmnopq");
    });
    await using session = new ClientSession();
    await using response = await session.get(server.url);
    const chunks: string[] = [];
    for await (const chunk of response.iterChunked(4)) chunks.push(Buffer.from(chunk).toString());
    expect(chunks).toEqual(["abcd", "efgh", "ijkl", "mnop", "q"]);
    expect(() => response.iterChunked(0)).toThrow(RangeError);
  });

  it("streams a body already read whole from the kept bytes", async () => {
    const server = await httpServer((_req, res) => res.end("kept"));
    await using session = new ClientSession();
    const response = await session.get(server.url);
    await response.text();
    const chunks: string[] = [];
    for await (const chunk of response.body) chunks.push(Buffer.from(chunk).toString());
    expect(chunks).toEqual(["kept"]);
  });

  it("refuses to read whole a body partly streamed", async () => {
    const server = await httpServer((_req, res) => res.end("x".repeat(10)));
    await using session = new ClientSession();
    const response = await session.get(server.url);
    expect(await response.body.read()).not.toBeNull();
    await expect(response.text()).rejects.toThrow(InvalidStateError);
  });

  it("pauses the socket while nobody reads, and the body still arrives whole when read", async () => {
    const chunk = Buffer.alloc(64 * 1024, "z");
    const total = 40;
    let drainsWaited = 0;
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { "content-length": String(chunk.length * total) });
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          sent++;
          if (!res.write(chunk)) {
            drainsWaited++;
            res.once("drain", pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    await using session = new ClientSession();
    const response = await session.get(server.url);
    // Let the socket fill up: the server has to wait for drains because the client stopped reading.
    let length = 0;
    for await (const part of response.body) length += part.length;
    expect(length).toBe(chunk.length * total);
    expect(drainsWaited).toBeGreaterThan(0);
  });

  it("leaving a for-await loop early releases the response and closes its socket", async () => {
    const server = await httpServer((_req, res) => {
      res.write("a");
      // never ends
    });
    await using session = new ClientSession();
    const response = await session.get(server.url);
    for await (const _chunk of response.body) break;
    await server.allClosed();
    await expect(response.text()).rejects.toThrow(ClientConnectionError);
  });

  it("release() aborts an unread body: the socket closes, reads fail, release again does nothing", async () => {
    const server = await httpServer((_req, res) => res.write("never ends"));
    await using session = new ClientSession();
    const response = await session.get(server.url);
    response.release();
    response.release();
    await server.allClosed();
    await expect(response.bytes()).rejects.toThrow(/released before its body was read/);
  });

  it("await using releases the response at the end of the block", async () => {
    const server = await httpServer((_req, res) => res.write("never ends"));
    await using session = new ClientSession();
    {
      await using response = await session.get(server.url);
      expect(response.status).toBe(200);
    }
    await server.allClosed();
  });

  it("a response that outlives its run() can still be read", async () => {
    let finish: (() => void) | undefined;
    const server = await httpServer((_req, res) => {
      res.write("made in run, ");
      finish = () => res.end("read after it");
    });
    await using session = new ClientSession();
    const response = await run(() => session.get(server.url));
    finish?.();
    expect(await response.text()).toBe("made in run, read after it");
  });

  it("a body that arrived whole frees its connection without being read", async () => {
    const server = await httpServer((_req, res) => res.end("small"));
    await using session = new ClientSession({ limit: 1 });
    const first = await session.get(server.url);
    const second = await session.get(server.url);
    expect([await first.text(), await second.text()]).toEqual(["small", "small"]);
  });

  it("fails a body cut short by the server with ClientConnectionError", async () => {
    const server = await rawServer((socket) => {
      socket.end("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part of it");
    });
    await using session = new ClientSession();
    const response = await session.get(server.url);
    const error = await response.text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientConnectionError);
    expect((error as Error).cause).toBeDefined();
  });

  it("a reader gets the chunks as they come, then the failure", async () => {
    const server = await rawServer((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
      setImmediate(() => socket.destroy());
    });
    await using session = new ClientSession();
    const response = await session.get(server.url);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of response.body) seen.push(Buffer.from(chunk).toString());
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["hello"]);
    expect(error).toBeInstanceOf(ClientConnectionError);
  });
});

describe("content decoding", () => {
  const original = Buffer.from(text);

  it.each([
    ["gzip", gzipSync(original)],
    ["x-gzip", gzipSync(original)],
    ["deflate", deflateSync(original)],
    ["br", brotliCompressSync(original)],
  ])("decodes %s", async (coding, body) => {
    const server = await encodedServer(coding, body);
    await using session = new ClientSession();
    await using response = await session.get(server.url);
    expect(await response.text()).toBe(text);
    expect(response.headers.get("content-encoding")).toBe(coding);
  });

  it("decodes raw deflate (no zlib header), as some servers send it", async () => {
    const server = await encodedServer("deflate", deflateRawSync(original));
    await using session = new ClientSession();
    expect(await (await session.get(server.url)).text()).toBe(text);
  });

  it("decodes a chain of codings in reverse order", async () => {
    const server = await encodedServer("gzip, br", brotliCompressSync(gzipSync(original)));
    await using session = new ClientSession();
    expect(await (await session.get(server.url)).text()).toBe(text);
  });

  it("passes a body with an unknown coding through untouched", async () => {
    const body = gzipSync(original);
    const server = await encodedServer("gzip, zstd", body);
    await using session = new ClientSession();
    expect(Buffer.from(await (await session.get(server.url)).bytes()).equals(body)).toBe(true);
  });

  it("treats an empty body with a coding as empty, and identity as no coding", async () => {
    const server = await httpServer((req, res) => {
      res.writeHead(200, { "content-encoding": req.url === "/identity" ? "identity" : "gzip" });
      res.end(req.url === "/identity" ? "plain" : undefined);
    });
    await using session = new ClientSession();
    expect(await (await session.get(`${server.url}/empty`)).text()).toBe("");
    expect(await (await session.get(`${server.url}/identity`)).text()).toBe("plain");
  });

  it("fails a body that cannot be decoded with ClientPayloadError", async () => {
    const server = await encodedServer("gzip", Buffer.from("this is not gzip at all"));
    await using session = new ClientSession();
    const error = await (await session.get(server.url)).text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientPayloadError);
    expect(String((error as Error).message)).toMatch(/cannot decode/);
  });

  it("streams decoded chunks", async () => {
    const server = await encodedServer("gzip", gzipSync(original));
    await using session = new ClientSession();
    const response = await session.get(server.url);
    let decoded = "";
    for await (const chunk of response.body) decoded += Buffer.from(chunk).toString();
    expect(decoded).toBe(text);
  });
});

describe("maxBodySize", () => {
  it("fails a body larger than maxBodySize with ClientPayloadError and closes the socket", async () => {
    const server = await httpServer((_req, res) => res.end("x".repeat(1000)));
    await using session = new ClientSession({ maxBodySize: 999 });
    const error = await (await session.get(server.url)).text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientPayloadError);
    expect((error as Error).message).toMatch(/larger than maxBodySize \(999 bytes\)/);
    expect(await (await session.get(server.url, { maxBodySize: 1000 })).text()).toHaveLength(1000);
    await expect((await session.get(server.url, { maxBodySize: 10 })).bytes()).rejects.toThrow(
      ClientPayloadError,
    );
  });

  it("counts decoded bytes: a small compressed body that inflates past the limit fails", async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(50 * 1024);
    const server = await encodedServer("gzip", bomb);
    const session = new ClientSession({ maxBodySize: 1024 * 1024 });
    const response = await session.get(server.url);
    const error = await response.bytes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientPayloadError);
    // The raw body may have arrived whole before decoding failed: then the socket is healthy and may
    // stay in the pool (it does on Node 24). Either way, none is left once the session closes.
    await session.close();
    await server.allClosed();
  });

  it("applies while streaming too", async () => {
    const bomb = brotliCompressSync(Buffer.alloc(4 * 1024 * 1024));
    const server = await encodedServer("br", bomb);
    await using session = new ClientSession({ maxBodySize: 100_000 });
    const response = await session.get(server.url);
    let seen = 0;
    const error = await (async () => {
      for await (const chunk of response.body) seen += chunk.length;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientPayloadError);
    expect(seen).toBeLessThanOrEqual(100_000);
  });
});
