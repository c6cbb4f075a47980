import { ClientError, ClientResponseError, ClientSession } from "@x/http";
import { InvalidStateError, run } from "@x/loop";
import { createTask } from "@x/task";
import { CookieJar } from "tough-cookie";
import { describe, expect, it } from "vitest";
import { httpServer, httpsServer, readBody, signal, tlsFixture } from "./helpers.js";

/** A server that answers with what it got, as JSON. */
function echoServer() {
  return httpServer(async (req, res) => {
    const body = await readBody(req);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
  });
}

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

describe("ClientSession requests", () => {
  it("sends a GET and reads status, headers, url and text", async () => {
    const server = await httpServer((req, res) => {
      res.writeHead(201, "Made", { "x-answer": "42", "content-type": "text/plain" });
      res.end(`you asked for ${req.url}`);
    });
    await using session = new ClientSession();
    await using response = await session.get(`${server.url}/thing?a=1`);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Made");
    expect(response.ok).toBe(true);
    expect(response.headers.get("X-Answer")).toBe("42");
    expect(response.url).toBe(`${server.url}/thing?a=1`);
    expect(response.method).toBe("GET");
    expect(response.history).toEqual([]);
    expect(await response.text()).toBe("you asked for /thing?a=1");
  });

  it("offers a method per verb, and request() with any token method, upper-cased", async () => {
    const server = await echoServer();
    await using session = new ClientSession();
    const seen: string[] = [];
    for (const verb of ["get", "post", "put", "patch", "delete", "options"] as const) {
      const response = await session[verb](server.url);
      seen.push(((await response.json()) as Echo).method);
    }
    const head = await session.head(server.url);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const custom = await session.request("purge", server.url);
    seen.push(((await custom.json()) as Echo).method);
    expect(seen).toEqual(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PURGE"]);
  });

  it("resolves relative URLs against baseUrl and appends params to the query", async () => {
    const server = await echoServer();
    await using session = new ClientSession({ baseUrl: `${server.url}/api/v1/` });
    const response = await session.get("users?sort=name", {
      params: { page: 2, tag: ["a", "b"], skipped: undefined, flag: true },
    });
    expect(((await response.json()) as Echo).url).toBe(
      "/api/v1/users?sort=name&page=2&tag=a&tag=b&flag=true",
    );
    const pairs = await session.get("/root", { params: new URLSearchParams([["q", "x y"]]) });
    expect(((await pairs.json()) as Echo).url).toBe("/root?q=x+y");
  });

  it("sends default, session and request headers, the request's winning", async () => {
    const server = await echoServer();
    await using session = new ClientSession({ headers: { "X-Session": "s", "X-Both": "session" } });
    const response = await session.get(server.url, {
      headers: new Headers({ "x-both": "request", "X-Req": "r" }),
    });
    const { headers } = (await response.json()) as Echo;
    expect(headers["x-session"]).toBe("s");
    expect(headers["x-both"]).toBe("request");
    expect(headers["x-req"]).toBe("r");
    expect(headers.accept).toBeUndefined();
    expect(headers["user-agent"]).toBe("@x/http");
    expect(headers["accept-encoding"]).toBe("gzip, deflate, br");
    expect(headers.host).toBe(`127.0.0.1:${server.port}`);
  });

  it("encodes json, text, bytes, forms and streams as aiohttp does", async () => {
    const server = await echoServer();
    await using session = new ClientSession();
    const send = async (options: Parameters<ClientSession["post"]>[1]) =>
      (await (await session.post(server.url, options)).json()) as Echo;

    const json = await send({ json: { a: [1, 2] } });
    expect([json.headers["content-type"], json.body]).toEqual(["application/json", '{"a":[1,2]}']);
    const nullJson = await send({ json: null });
    expect(nullJson.body).toBe("null");
    const text = await send({ data: "héllo" });
    expect([text.headers["content-type"], text.headers["content-length"], text.body]).toEqual([
      "text/plain; charset=utf-8",
      "6",
      "héllo",
    ]);
    const bytes = await send({ data: new Uint8Array([104, 105]) });
    expect([bytes.headers["content-type"], bytes.body]).toEqual(["application/octet-stream", "hi"]);
    const form = await send({ data: { a: "1 2", b: true } });
    expect([form.headers["content-type"], form.body]).toEqual([
      "application/x-www-form-urlencoded",
      "a=1+2&b=true",
    ]);
    async function* chunks() {
      yield Buffer.from("one,");
      yield Buffer.from("two");
    }
    const streamed = await send({ data: chunks() });
    expect([streamed.headers["transfer-encoding"], streamed.body]).toEqual(["chunked", "one,two"]);
    const typed = await send({ data: "<a/>", headers: { "content-type": "application/xml" } });
    expect(typed.headers["content-type"]).toBe("application/xml");
  });

  it("refuses json and data together, and bodies it cannot send", async () => {
    await using session = new ClientSession();
    expect(() => session.post("http://127.0.0.1:1/", { json: 1, data: "x" })).toThrow(TypeError);
    expect(() => session.post("http://127.0.0.1:1/", { data: 12 as never })).toThrow(TypeError);
    expect(() => session.post("http://127.0.0.1:1/", { json: 1n })).toThrow(TypeError);
  });

  it("sends Basic auth from the session, the request or the URL's user info", async () => {
    const server = await echoServer();
    await using session = new ClientSession({ auth: { username: "ann", password: "pw" } });
    const auth = async (url: string, options?: Parameters<ClientSession["get"]>[1]) =>
      ((await (await session.get(url, options)).json()) as Echo).headers.authorization;
    expect(await auth(server.url)).toBe(`Basic ${Buffer.from("ann:pw").toString("base64")}`);
    expect(await auth(server.url, { auth: { username: "bob" } })).toBe(
      `Basic ${Buffer.from("bob:").toString("base64")}`,
    );
    expect(await auth(server.url, { auth: null })).toBeUndefined();
    const withUser = server.url.replace("http://", "http://c%C3%A9:s%20t@");
    expect(await auth(withUser)).toBe(`Basic ${Buffer.from("cé:s t").toString("base64")}`);
    const response = await session.get(withUser);
    expect(response.url).toBe(`${server.url}/`);
    expect(await auth(server.url, { headers: { authorization: "Bearer t" } })).toBe("Bearer t");
  });

  it("keeps cookies in a tough-cookie jar, from IP-address hosts too", async () => {
    const server = await httpServer((req, res) => {
      if (req.url === "/set") res.setHeader("set-cookie", ["a=1; Path=/", "b=2; Path=/only"]);
      res.end(req.headers.cookie ?? "");
    });
    await using session = new ClientSession();
    expect(await (await session.get(`${server.url}/set`)).text()).toBe("");
    expect(await (await session.get(`${server.url}/`)).text()).toBe("a=1");
    expect(await (await session.get(`${server.url}/only`)).text()).toBe("b=2; a=1");
    expect(await (await session.get(`${server.url}/`, { headers: { cookie: "mine=3" } })).text()).toBe(
      "mine=3; a=1",
    );
    expect(session.cookieJar?.getCookieStringSync(`${server.url}/`)).toBe("a=1");
  });

  it("uses a jar it is given, and none with cookieJar: null", async () => {
    const server = await httpServer((req, res) => {
      res.setHeader("set-cookie", "fresh=1");
      res.end(req.headers.cookie ?? "");
    });
    const jar = new CookieJar();
    jar.setCookieSync("given=yes", server.url);
    await using shared = new ClientSession({ cookieJar: jar });
    expect(await (await shared.get(server.url)).text()).toBe("given=yes");
    expect(jar.getCookieStringSync(server.url)).toBe("given=yes; fresh=1");
    await using none = new ClientSession({ cookieJar: null });
    await none.get(server.url);
    expect(await (await none.get(server.url)).text()).toBe("");
    expect(none.cookieJar).toBeUndefined();
  });

  it("reuses keep-alive connections", async () => {
    const server = await httpServer((_req, res) => res.end("ok"));
    await using session = new ClientSession();
    for (let i = 0; i < 20; i++) expect(await (await session.get(server.url)).text()).toBe("ok");
    // undici checks an idle socket for one host turn before reusing it, so a second one may open.
    expect(server.acceptedConnections()).toBeLessThanOrEqual(2);
  });

  it("raises ClientResponseError for 4xx/5xx when raiseForStatus is on, releasing the response", async () => {
    const server = await httpServer((req, res) => {
      res.writeHead(req.url === "/missing" ? 404 : 200, { "x-why": "because" });
      res.end("body");
    });
    await using session = new ClientSession({ raiseForStatus: true });
    const error = await session.get(`${server.url}/missing`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientResponseError);
    expect(error).toBeInstanceOf(ClientError);
    const responseError = error as ClientResponseError;
    expect(responseError.status).toBe(404);
    expect(responseError.headers.get("x-why")).toBe("because");
    expect(responseError.request.method).toBe("GET");
    expect(responseError.request.url).toBe(`${server.url}/missing`);
    expect(responseError.code).toBe("ERR_X_HTTP_RESPONSE");
    const off = await session.get(`${server.url}/missing`, { raiseForStatus: false });
    expect(off.status).toBe(404);
    expect(off.ok).toBe(false);
    expect(() => off.raiseForStatus()).toThrow(ClientResponseError);
    expect((await session.get(server.url)).status).toBe(200);
  });

  it("runs a raiseForStatus function on the response", async () => {
    const server = await httpServer((_req, res) => res.end("x"));
    await using session = new ClientSession({
      raiseForStatus: (response) => {
        if (response.headers.get("content-length") === "1") throw new Error("too short");
      },
    });
    await expect(session.get(server.url)).rejects.toThrow("too short");
  });

  it("redacts credentials in the request info of errors", async () => {
    const server = await httpServer((_req, res) => res.writeHead(500).end());
    await using session = new ClientSession({ auth: { username: "u", password: "secret" } });
    const error = (await session
      .get(server.url, { headers: { cookie: "sid=1", "x-plain": "p" }, raiseForStatus: true })
      .catch((e: unknown) => e)) as ClientResponseError;
    expect(error.request.headers.get("authorization")).toBe("[redacted]");
    expect(error.request.headers.get("cookie")).toBe("[redacted]");
    expect(error.request.headers.get("x-plain")).toBe("p");
  });

  it("verifies TLS with the CA it is given", async () => {
    const server = await httpsServer((_req, res) => res.end("secure"));
    await using session = new ClientSession({ tls: { ca: tlsFixture.ca } });
    expect(await (await session.get(server.url)).text()).toBe("secure");
  });

  it("sends an origin's connections where resolve says, keeping the URL and Host", async () => {
    const server = await httpServer((req, res) => res.end(`${req.headers.host} ${req.url}`));
    await using session = new ClientSession({ resolve: { "https://python.org": server.url } });
    const response = await session.get("https://python.org/about?x=1");
    expect(response.url).toBe("https://python.org/about?x=1");
    expect(await response.text()).toBe("python.org /about?x=1");
  });

  it("maps an https origin to a local https server with the test CA", async () => {
    const server = await httpsServer((req, res) => res.end(String(req.headers.host)));
    await using session = new ClientSession({
      resolve: { "https://example.test": server.url },
      tls: { ca: tlsFixture.ca },
    });
    expect(await (await session.get("https://example.test/")).text()).toBe("example.test");
  });

  it("takes curl's host:port form for resolve, keeping the request's scheme and TLS", async () => {
    const secure = await httpsServer((req, res) => res.end(`tls ${req.headers.host}`));
    const plain = await httpServer((req, res) => res.end(`plain ${req.headers.host}`));
    await using session = new ClientSession({
      resolve: {
        "example.test:443": `127.0.0.1:${secure.port}`,
        "EXAMPLE.test:80": `127.0.0.1:${plain.port}`,
      },
      tls: { ca: tlsFixture.ca },
    });
    expect(await (await session.get("https://example.test/")).text()).toBe("tls example.test");
    expect(await (await session.get("http://example.test/")).text()).toBe("plain example.test");
    expect(() => new ClientSession({ resolve: { "python.org": "127.0.0.1:1" } })).toThrow(TypeError);
    expect(() => new ClientSession({ resolve: { "python.org:443": "127.0.0.1" } })).toThrow(TypeError);
  });

  it("works inside run(), from many tasks at once", async () => {
    const server = await httpServer((req, res) => res.end(req.url?.slice(1)));
    const lengths = await run(async () => {
      await using session = new ClientSession({ limit: 4 });
      const tasks = Array.from({ length: 20 }, (_, i) =>
        createTask(async () => {
          await using response = await session.get(`${server.url}/${"x".repeat(i)}`);
          return (await response.text()).length;
        }),
      );
      return await Promise.all(tasks);
    });
    expect(lengths).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe("ClientSession options", () => {
  it("refuses unknown options and values of the wrong type", () => {
    expect(() => new ClientSession({ limt: 3 } as never)).toThrow(/unknown option "limt"/);
    expect(() => new ClientSession({ limit: -1 })).toThrow(RangeError);
    expect(() => new ClientSession({ limit: 1.5 })).toThrow(RangeError);
    expect(() => new ClientSession({ maxBodySize: Number.NaN })).toThrow(RangeError);
    expect(() => new ClientSession({ timeout: { sock_read: 1 } as never })).toThrow(
      /unknown timeout "sock_read"/,
    );
    expect(() => new ClientSession({ timeout: { read: "1" } as never })).toThrow(TypeError);
    expect(() => new ClientSession({ timeout: { read: Number.NaN } })).toThrow(RangeError);
    expect(() => new ClientSession({ raiseForStatus: 1 as never })).toThrow(TypeError);
    expect(() => new ClientSession({ auth: { username: "a:b" } })).toThrow(TypeError);
    expect(() => new ClientSession({ resolve: { "https://a.test": "ftp://x" } })).toThrow(TypeError);
    expect(() => new ClientSession({ cookieJar: {} as never })).toThrow(TypeError);
    const session = new ClientSession();
    expect(() => session.get("http://127.0.0.1:1/", { timout: 1 } as never)).toThrow(
      /unknown option "timout"/,
    );
    expect(() => session.get("http://127.0.0.1:1/", { signal: {} as never })).toThrow(TypeError);
    expect(() => session.get("http://127.0.0.1:1/", { params: { a: {} } as never })).toThrow(TypeError);
  });
});

describe("ClientSession.close", () => {
  it("refuses new requests once closed", async () => {
    const session = new ClientSession();
    await session.close();
    expect(session.closed).toBe(true);
    expect(() => session.get("http://127.0.0.1:1/")).toThrow(InvalidStateError);
    await session.close();
  });

  it("closes idle keep-alive sockets and resolves once every socket is closed", async () => {
    const server = await httpServer((_req, res) => res.end("ok"));
    const session = new ClientSession();
    await Promise.all([session.get(server.url), session.get(server.url), session.get(server.url)]);
    expect(server.openConnections()).toBeGreaterThan(0);
    await session.close();
    await server.allClosed();
    expect(server.openConnections()).toBe(0);
  });

  it("aborts requests in flight and unread bodies with ClientConnectionError", async () => {
    const got = signal();
    const server = await httpServer((req, res) => {
      if (req.url === "/stall") {
        got.resolve();
        return;
      }
      res.write("partial");
    });
    const session = new ClientSession();
    const unread = await session.get(`${server.url}/body`);
    const stalled = session.get(`${server.url}/stall`);
    const stalledFailure = expect(stalled).rejects.toThrow(/ClientSession was closed/);
    await got.promise;
    await session.close();
    await stalledFailure;
    await expect(unread.text()).rejects.toThrow(/ClientSession was closed/);
    await server.allClosed();
  });
});
