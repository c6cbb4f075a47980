import { ClientError, ClientResponseError, ClientSession, InvalidUrlError, TooManyRedirects } from "@x/http";
import { describe, expect, it } from "vitest";
import { httpServer, httpsServer, readBody, tlsFixture } from "./helpers.js";

interface Seen {
  method: string;
  url: string;
  body: string;
  headers: Record<string, string | undefined>;
}

/** A server that redirects `/redirect/<status>?to=<url>` and reports every other request. */
async function redirectServer(log: Seen[] = []) {
  return httpServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://x");
    const match = /^\/redirect\/(\d+)$/.exec(url.pathname);
    if (match !== null) {
      res.writeHead(Number(match[1]), { location: url.searchParams.get("to") ?? "/landed" });
      res.end("redirect body");
      return;
    }
    log.push({ method: req.method ?? "", url: req.url ?? "", body, headers: req.headers as Seen["headers"] });
    res.end(JSON.stringify({ method: req.method, body }));
  });
}

describe("redirects", () => {
  it("follows a redirect and records it in history", async () => {
    const server = await redirectServer();
    await using session = new ClientSession();
    const response = await session.get(`${server.url}/redirect/302?to=/landed?x=1`);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${server.url}/landed?x=1`);
    expect(response.history.map((r) => [r.status, r.url])).toEqual([
      [302, `${server.url}/redirect/302?to=/landed?x=1`],
    ]);
    expect(await response.json()).toEqual({ method: "GET", body: "" });
  });

  it.each([
    [301, "POST", "GET", ""],
    [302, "POST", "GET", ""],
    [303, "POST", "GET", ""],
    [303, "PUT", "GET", ""],
    [307, "POST", "POST", "payload"],
    [308, "PUT", "PUT", "payload"],
    [301, "PUT", "PUT", "payload"],
  ])("%i turns %s into %s (body %j), as the Fetch standard says", async (status, method, expected, body) => {
    const log: Seen[] = [];
    const server = await redirectServer(log);
    await using session = new ClientSession();
    await session.request(method, `${server.url}/redirect/${status}`, { data: "payload" });
    expect(log).toHaveLength(1);
    expect([log[0]?.method, log[0]?.body]).toEqual([expected, body]);
    if (body === "") expect(log[0]?.headers["content-type"]).toBeUndefined();
    else expect(log[0]?.headers["content-type"]).toBe("text/plain; charset=utf-8");
  });

  it("keeps HEAD a HEAD on 303", async () => {
    const log: Seen[] = [];
    const server = await redirectServer(log);
    await using session = new ClientSession();
    await session.head(`${server.url}/redirect/303`);
    expect(log.map((s) => s.method)).toEqual(["HEAD"]);
  });

  it("does not follow with allowRedirects: false, nor a 3xx without Location", async () => {
    const server = await httpServer((req, res) => {
      if (req.url === "/nolocation") res.writeHead(301).end();
      else res.writeHead(302, { location: "/elsewhere" }).end();
    });
    await using session = new ClientSession();
    const kept = await session.get(server.url, { allowRedirects: false });
    expect([kept.status, kept.headers.get("location"), kept.history.length]).toEqual([302, "/elsewhere", 0]);
    const bare = await session.get(`${server.url}/nolocation`);
    expect(bare.status).toBe(301);
  });

  it("ends a redirect loop with TooManyRedirects after maxRedirects redirects", async () => {
    let hits = 0;
    const server = await httpServer((_req, res) => {
      hits++;
      res.writeHead(302, { location: "/again" }).end();
    });
    await using session = new ClientSession({ maxRedirects: 3 });
    const error = await session.get(server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRedirects);
    expect(error).toBeInstanceOf(ClientResponseError);
    expect((error as TooManyRedirects).history).toHaveLength(4);
    expect((error as TooManyRedirects).status).toBe(302);
    expect(hits).toBe(4);
    await expect(session.get(server.url, { maxRedirects: 0 })).rejects.toThrow(TooManyRedirects);
  });

  it("fails with InvalidUrlError on a Location that is not an http(s) URL", async () => {
    const server = await httpServer((req, res) => {
      res.writeHead(302, { location: req.url === "/ftp" ? "ftp://files.test/x" : "http://[broken" }).end();
    });
    await using session = new ClientSession();
    await expect(session.get(`${server.url}/ftp`)).rejects.toThrow(InvalidUrlError);
    await expect(session.get(`${server.url}/bad`)).rejects.toThrow(InvalidUrlError);
  });

  it("refuses to resend a streamed body on 307", async () => {
    const server = await redirectServer();
    await using session = new ClientSession();
    async function* body() {
      yield Buffer.from("once");
    }
    const error = await session.post(`${server.url}/redirect/307`, { data: body() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as Error).message).toMatch(/cannot be sent again/);
  });
});

describe("credentials across redirects", () => {
  const credentials = {
    headers: {
      authorization: "Bearer token",
      cookie: "sid=1",
      "proxy-authorization": "Basic p",
      "x-other": "kept",
    },
  };

  it("keeps Authorization, Cookie and Proxy-Authorization on a same-origin redirect", async () => {
    const log: Seen[] = [];
    const server = await redirectServer(log);
    await using session = new ClientSession();
    await session.get(`${server.url}/redirect/302?to=/same`, credentials);
    expect(log[0]?.headers).toMatchObject({
      authorization: "Bearer token",
      cookie: "sid=1",
      "proxy-authorization": "Basic p",
    });
  });

  it("drops them when the redirect goes to another port", async () => {
    const log: Seen[] = [];
    const other = await redirectServer(log);
    const first = await redirectServer();
    await using session = new ClientSession({ auth: { username: "u", password: "p" } });
    await session.get(`${first.url}/redirect/307?to=${encodeURIComponent(`${other.url}/x`)}`, credentials);
    expect(log).toHaveLength(1);
    expect(log[0]?.headers.authorization).toBeUndefined();
    expect(log[0]?.headers.cookie).toBeUndefined();
    expect(log[0]?.headers["proxy-authorization"]).toBeUndefined();
    expect(log[0]?.headers["x-other"]).toBe("kept");
  });

  it("drops the session's auth and the URL's credentials on a cross-origin redirect", async () => {
    const log: Seen[] = [];
    const other = await redirectServer(log);
    const first = await redirectServer();
    await using session = new ClientSession({ auth: { username: "u", password: "p" } });
    const withUser = first.url.replace("http://", "http://me:pw@");
    await session.get(`${withUser}/redirect/302?to=${encodeURIComponent(`${other.url}/x`)}`);
    await session.get(`${first.url}/redirect/302?to=${encodeURIComponent(`${other.url}/y`)}`);
    expect(log.map((s) => s.headers.authorization)).toEqual([undefined, undefined]);
  });

  it("sends the jar's cookies by the jar's rules, not the first host's to another", async () => {
    const log: Seen[] = [];
    const other = await redirectServer(log);
    const first = await httpServer((_req, res) => {
      res.writeHead(302, { "set-cookie": "mine=1", location: "http://other.test/x" }).end();
    });
    await using session = new ClientSession({ resolve: { "http://other.test": other.url } });
    await session.get(first.url);
    expect(log[0]?.headers.host).toBe("other.test");
    expect(log[0]?.headers.cookie).toBeUndefined();
    expect(session.cookieJar?.getCookieStringSync(first.url)).toBe("mine=1");
  });

  it("drops them on an https → http redirect to the same host", async () => {
    const log: Seen[] = [];
    const plain = await redirectServer(log);
    const secure = await httpsServer((_req, res) => {
      res.writeHead(302, { location: "http://example.test/down" }).end();
    });
    await using session = new ClientSession({
      tls: { ca: tlsFixture.ca },
      resolve: { "https://example.test": secure.url, "http://example.test": plain.url },
    });
    const response = await session.get("https://example.test/", credentials);
    expect(response.url).toBe("http://example.test/down");
    expect(log).toHaveLength(1);
    expect(log[0]?.headers.host).toBe("example.test");
    expect(log[0]?.headers.authorization).toBeUndefined();
    expect(log[0]?.headers.cookie).toBeUndefined();
    expect(log[0]?.headers["proxy-authorization"]).toBeUndefined();
  });
});
