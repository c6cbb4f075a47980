import { CancelledError, type EventLoop, getEventLoop, InvalidStateError } from "@x/loop";
import type { CookieJar } from "tough-cookie";
import { ClientResponse } from "./client-response.js";
import { ClientConnectionError, ClientError, type RequestInfo, TooManyRedirects } from "./errors.js";
import { ConnectionLimiter } from "./internal/connection-limiter.js";
import { SessionCookies } from "./internal/cookies.js";
import { enclosingDeadline } from "./internal/deadline.js";
import { Exchange, type ResponseHead } from "./internal/exchange.js";
import {
  addHeaders,
  CREDENTIAL_HEADERS,
  checkMethod,
  type HeaderMap,
  redactedHeaders,
} from "./internal/headers.js";
import { IoWaiter } from "./internal/io-waiter.js";
import { BODY_HEADERS, isRedirect, redirectMethod } from "./internal/redirect.js";
import { type EncodedBody, encodeBody } from "./internal/request-body.js";
import { RequestTimer, type Timeouts } from "./internal/request-timer.js";
import { DEFAULT_TIMEOUTS, mergeTimeouts } from "./internal/timeouts.js";
import { parseTarget, Transport } from "./internal/transport.js";
import { addParams, parseUrl, requestTarget } from "./internal/url.js";
import type { BasicAuth, ClientSessionOptions, RequestOptions, ResponseCheck } from "./options.js";

/** Sent unless the session or the request sets them. */
const DEFAULT_HEADERS: HeaderMap = {
  accept: "*/*",
  "accept-encoding": "gzip, deflate, br",
  "user-agent": "@x/http",
};

const NO_BODY: EncodedBody = { body: undefined, contentType: undefined, replayable: true };

const SESSION_KEYS = new Set([
  "baseUrl",
  "headers",
  "timeout",
  "limit",
  "limitPerHost",
  "raiseForStatus",
  "maxRedirects",
  "maxBodySize",
  "cookieJar",
  "auth",
  "resolve",
  "tls",
  "keepAliveTimeout",
]);

const REQUEST_KEYS = new Set([
  "params",
  "headers",
  "json",
  "data",
  "timeout",
  "allowRedirects",
  "maxRedirects",
  "raiseForStatus",
  "signal",
  "maxBodySize",
  "auth",
]);

function checkKeys(options: object, known: Set<string>, where: string): void {
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new TypeError(`${where}: unknown option "${key}"`);
  }
}

function count(value: unknown, where: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${where} must be a whole number >= 0, got ${String(value)}`);
  }
  return value;
}

function byteLimit(value: unknown, where: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new RangeError(
      `${where} must be a number of bytes >= 0 (Infinity for no limit), got ${String(value)}`,
    );
  }
  return value;
}

function check(value: unknown, where: string): boolean | ResponseCheck | undefined {
  if (value === undefined || typeof value === "boolean" || typeof value === "function") {
    return value as boolean | ResponseCheck | undefined;
  }
  throw new TypeError(`${where} must be a boolean or a function, got ${typeof value}`);
}

function basic(auth: unknown, where: string): string | undefined {
  if (auth === undefined || auth === null) return undefined;
  const { username, password = "" } = auth as BasicAuth;
  if (typeof auth !== "object" || typeof username !== "string" || typeof password !== "string") {
    throw new TypeError(`${where} must be { username: string, password?: string }`);
  }
  if (username.includes(":")) throw new TypeError(`${where}: a Basic username cannot contain ":"`);
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

/** A request, checked and ready to go. */
interface Prepared {
  method: string;
  url: URL;
  headers: HeaderMap;
  authorization: string | undefined;
  body: EncodedBody;
  timeouts: Timeouts;
  allowRedirects: boolean;
  maxRedirects: number;
  raiseForStatus: boolean | ResponseCheck;
  maxBodySize: number;
  signal: AbortSignal | undefined;
}

/** What is in flight for one request, for the signal and the session to abort. */
interface Flight {
  exchange: Exchange | undefined;
  poolWaiter: IoWaiter<void> | undefined;
  final: boolean;
  finalize: () => void;
}

/**
 * An HTTP client session: aiohttp's `ClientSession`, on undici. It keeps a pool of keep-alive
 * connections (one undici `Agent`), default headers, a base URL, timeouts, a cookie jar and
 * credentials for the requests made through it. Make one per application (or per task group), not
 * one per request, and close it: `await using session = new ClientSession()`.
 *
 * A request runs in the calling task: cancelling the task (or aborting `signal`) aborts it at once
 * and closes its socket, and the `CancelledError` propagates; inside a `timeout()` scope a request
 * never outlives the scope's deadline. Timeouts are per phase (`ClientTimeouts`) and run on the
 * loop's clock. Unsafe input is refused before anything is sent: a method or header name that is not
 * an HTTP token, a header value with CR/LF/NUL (`TypeError`), a URL that cannot be parsed or is not
 * http/https (`InvalidUrlError`). Redirects follow the Fetch standard; credentials (`Authorization`,
 * `Cookie`, `Proxy-Authorization`) are dropped when a redirect leaves the origin. Bodies are decoded
 * (gzip, deflate, br) and counted against `maxBodySize` after decoding.
 *
 * On a `VirtualClock`, a task waiting for the network holds the clock (the loop cannot see sockets):
 * virtual time does not jump past a timeout while a real server answers. To test a timeout, let the
 * server stall and move the clock by hand with `clock.advance(ms)`.
 *
 * Differences from aiohttp: times are in ms; no default `total` timeout (see `ClientTimeouts`); the
 * pool wait is its own timeout, outside `total` and `connect`; cookies from IP-address hosts are kept;
 * `auth` is not sent to another origin after a redirect; errors redact credentials.
 *
 * @example
 * ```ts
 * import { ClientSession } from "@x/http";
 * await using session = new ClientSession({ baseUrl: "https://api.example.com/v1/", timeout: { total: 10_000 } });
 * await using response = await session.get("users", { params: { page: 2 } });
 * console.log(response.status, await response.json());
 * ```
 */
export class ClientSession implements AsyncDisposable {
  readonly #baseUrl: URL | undefined;
  readonly #headers: HeaderMap;
  readonly #timeouts: Timeouts;
  readonly #raiseForStatus: boolean | ResponseCheck;
  readonly #maxRedirects: number;
  readonly #maxBodySize: number;
  readonly #cookies: SessionCookies | undefined;
  readonly #auth: string | undefined;
  readonly #limiter: ConnectionLimiter;
  readonly #transport: Transport;
  readonly #flights = new Set<Flight>();
  #closed = false;
  #closing: Promise<void> | undefined = undefined;

  /**
   * @param options see {@link ClientSessionOptions}.
   * @throws TypeError/RangeError on an option of the wrong type or range (an unknown option too);
   *   InvalidUrlError when `baseUrl` or a `resolve` entry is not an http(s) URL.
   */
  constructor(options: ClientSessionOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`new ClientSession(options): options must be an object, got ${typeof options}`);
    }
    checkKeys(options, SESSION_KEYS, "new ClientSession(options)");
    this.#baseUrl =
      options.baseUrl === undefined
        ? undefined
        : parseUrl(options.baseUrl, undefined, "ClientSession baseUrl");
    this.#headers = { ...DEFAULT_HEADERS };
    addHeaders(this.#headers, options.headers, "ClientSession headers");
    this.#timeouts = mergeTimeouts(DEFAULT_TIMEOUTS, options.timeout, "ClientSession timeout");
    const limit = count(options.limit, "ClientSession limit", 100);
    const limitPerHost = count(options.limitPerHost, "ClientSession limitPerHost", 0);
    this.#raiseForStatus = check(options.raiseForStatus, "ClientSession raiseForStatus") ?? false;
    this.#maxRedirects = count(options.maxRedirects, "ClientSession maxRedirects", 10);
    this.#maxBodySize = byteLimit(options.maxBodySize, "ClientSession maxBodySize", Number.POSITIVE_INFINITY);
    const jar = options.cookieJar;
    if (jar !== undefined && jar !== null && (typeof jar !== "object" || !("getCookieStringSync" in jar))) {
      throw new TypeError("ClientSession cookieJar must be a tough-cookie CookieJar or null");
    }
    this.#cookies = jar === null ? undefined : new SessionCookies(jar);
    this.#auth = basic(options.auth, "ClientSession auth");
    const keepAlive = byteLimit(options.keepAliveTimeout, "ClientSession keepAliveTimeout", 4000);
    if (options.tls !== undefined && (typeof options.tls !== "object" || options.tls === null)) {
      throw new TypeError("ClientSession tls must be an object");
    }
    const connect = this.#timeouts.connect;
    this.#limiter = new ConnectionLimiter(limit, limitPerHost);
    this.#transport = new Transport({
      connectionsPerOrigin: limitPerHost > 0 ? limitPerHost : limit,
      resolve: parseResolve(options.resolve),
      tls: options.tls,
      connectBackstopMs: Number.isFinite(connect) ? Math.max(1, connect) : 0,
      keepAliveTimeoutMs: Math.max(1, keepAlive),
    });
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The session's cookie jar (`undefined` when made with `cookieJar: null`). */
  get cookieJar(): CookieJar | undefined {
    return this.#cookies?.jar;
  }

  /**
   * Send a request and return its response once the status line and headers are in (the body is
   * read from the response). See the class notes for cancellation, timeouts and redirects.
   *
   * @param method an HTTP method (a token; upper-cased).
   * @param url absolute, or relative to `baseUrl`.
   * @throws (synchronously) TypeError/RangeError on bad options, a method or header name that is not a
   *   token, a header value with CR/LF/NUL; InvalidUrlError on a URL that cannot be requested;
   *   InvalidStateError when the session is closed.
   * @throws (the promise) ClientConnectionError, ClientTimeoutError, TooManyRedirects, InvalidUrlError
   *   (a bad redirect), ClientResponseError (`raiseForStatus`), CancelledError.
   */
  request(method: string, url: string | URL, options: RequestOptions = {}): Promise<ClientResponse> {
    if (this.#closed) throw new InvalidStateError("ClientSession is closed");
    return this.#send(this.#prepare(method, url, options));
  }

  /** `request("GET", url, options)`. */
  get(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("GET", url, options);
  }

  /** `request("POST", url, options)`. */
  post(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("POST", url, options);
  }

  /** `request("PUT", url, options)`. */
  put(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("PUT", url, options);
  }

  /** `request("PATCH", url, options)`. */
  patch(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("PATCH", url, options);
  }

  /** `request("DELETE", url, options)`. */
  delete(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("DELETE", url, options);
  }

  /** `request("HEAD", url, options)`. */
  head(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("HEAD", url, options);
  }

  /** `request("OPTIONS", url, options)`. */
  options(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("OPTIONS", url, options);
  }

  /**
   * Close the session: abort the requests in flight and the bodies not read yet (they fail with
   * `ClientConnectionError`), refuse new requests, close every socket, and resolve once each socket is
   * closed. Calling it again waits for the same. Cancelling the wait does not stop the closing.
   */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      const error = new ClientConnectionError("the ClientSession was closed");
      for (const flight of [...this.#flights]) {
        if (flight.poolWaiter !== undefined) this.#limiter.fail(flight.poolWaiter, error);
        flight.exchange?.abort(error);
      }
      this.#limiter.failAll(error);
      this.#closing = this.#transport.close();
    }
    const closing = this.#closing as Promise<void>;
    // Wait in the calling task, holding a VirtualClock: sockets close outside the loop's sight.
    const waiter = new IoWaiter<void>(getEventLoop(), true);
    closing.then(
      () => waiter.resolve(),
      (error: unknown) => waiter.reject(error),
    );
    await waiter.promise;
  }

  /** `close()`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #prepare(method: string, url: string | URL, options: RequestOptions): Prepared {
    const verb = checkMethod(method);
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`request(method, url, options): options must be an object, got ${typeof options}`);
    }
    checkKeys(options, REQUEST_KEYS, "request options");
    const target = parseUrl(url, this.#baseUrl, "request(url)");
    addParams(target, options.params);
    let authorization =
      options.auth === null ? undefined : (basic(options.auth, "request auth") ?? this.#auth);
    if (target.username !== "" || target.password !== "") {
      const username = decodeURIComponent(target.username);
      authorization = basic({ username, password: decodeURIComponent(target.password) }, "URL credentials");
      target.username = "";
      target.password = "";
    }
    target.hash = "";
    const headers = { ...this.#headers };
    addHeaders(headers, options.headers, "request headers");
    const signal = options.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError("request options: signal must be an AbortSignal");
    }
    const allowRedirects = options.allowRedirects ?? true;
    if (typeof allowRedirects !== "boolean")
      throw new TypeError("request options: allowRedirects must be a boolean");
    return {
      method: verb,
      url: target,
      headers,
      authorization,
      body: encodeBody("json" in options && options.json !== undefined, options.json, options.data),
      timeouts: mergeTimeouts(this.#timeouts, options.timeout, "request timeout"),
      allowRedirects,
      maxRedirects: count(options.maxRedirects, "request maxRedirects", this.#maxRedirects),
      raiseForStatus: check(options.raiseForStatus, "request raiseForStatus") ?? this.#raiseForStatus,
      maxBodySize: byteLimit(options.maxBodySize, "request maxBodySize", this.#maxBodySize),
      signal,
    };
  }

  async #send(request: Prepared): Promise<ClientResponse> {
    const loop = getEventLoop();
    let { method, url, body, authorization } = request;
    const { headers, signal } = request;
    const history: ClientResponse[] = [];
    const deadline = enclosingDeadline();
    const timer = new RequestTimer(
      loop,
      request.timeouts,
      deadline?.when,
      deadline?.recheck,
      () => `${method} ${url.href}`,
    );
    const flights = this.#flights;
    const onAbort = (): void => {
      const error = new CancelledError("the request was aborted by its signal", { cause: signal?.reason });
      if (flight.poolWaiter !== undefined) this.#limiter.fail(flight.poolWaiter, error);
      flight.exchange?.abort(error);
    };
    let finalized = false;
    const flight: Flight = {
      exchange: undefined,
      poolWaiter: undefined,
      final: false,
      finalize: () => {
        if (finalized) return;
        finalized = true;
        timer.stop();
        signal?.removeEventListener("abort", onAbort);
        flights.delete(flight);
      },
    };
    if (signal !== undefined) {
      if (signal.aborted) {
        throw new CancelledError("the request was aborted by its signal", { cause: signal.reason });
      }
      signal.addEventListener("abort", onAbort, { once: true });
    }
    flights.add(flight);
    try {
      for (;;) {
        if (this.#closed)
          throw new ClientConnectionError(`${method} ${url.href}: the ClientSession was closed`);
        const hopHeaders = this.#hopHeaders(headers, authorization, body);
        if (this.#cookies !== undefined) {
          const found = this.#cookies.header(url.href);
          const cookie = typeof found === "string" ? found : await found;
          if (cookie !== "")
            hopHeaders.cookie = hopHeaders.cookie === undefined ? cookie : `${hopHeaders.cookie}; ${cookie}`;
        }
        const origin = url.origin;
        if (!this.#limiter.tryAcquire(origin)) await this.#acquire(loop, origin, timer, flight);
        const exchange: Exchange = new Exchange(
          loop,
          {
            origin,
            path: requestTarget(url),
            method,
            headers: hopHeaders,
            body: body.body,
            what: `${method} ${url.href}`,
          },
          timer,
          request.maxBodySize,
          request.timeouts.connect,
          () => {
            this.#limiter.release(origin);
            if (flight.final) flight.finalize();
          },
        );
        flight.exchange = exchange;
        timer.resumeTotal();
        const head = await exchange.send(this.#transport.agent);
        if (this.#cookies !== undefined) {
          const stored = this.#cookies.store(head.headers["set-cookie"], url.href);
          if (stored !== undefined) await stored;
        }
        const hopUrl = url.href;
        const hopMethod = method;
        const requestInfo = (): RequestInfo => ({
          method: hopMethod,
          url: hopUrl,
          headers: redactedHeaders(hopHeaders),
        });
        const location = head.headers.location;
        if (!request.allowRedirects || !isRedirect(head.status) || typeof location !== "string") {
          const response = new ClientResponse({
            exchange,
            head,
            method,
            url: hopUrl,
            history,
            request: requestInfo,
          });
          flight.final = true;
          if (exchange.complete || exchange.failure !== undefined) flight.finalize();
          if (request.raiseForStatus !== false) await this.#check(response, request.raiseForStatus);
          return response;
        }
        // A redirect: let this response go, and work out the next request.
        if (exchange.failure !== undefined) throw exchange.failure;
        const response = new ClientResponse({
          exchange,
          head,
          method,
          url: hopUrl,
          history: [...history],
          request: requestInfo,
        });
        response.release();
        history.push(response);
        flight.exchange = undefined;
        if (history.length > request.maxRedirects) throw this.#tooMany(response, head, history, requestInfo);
        const next = parseUrl(location, url, `the Location of the ${head.status} redirect from ${hopUrl}`);
        next.username = "";
        next.password = "";
        next.hash = "";
        const redirect = redirectMethod(head.status, method);
        if (redirect.dropBody) {
          body = NO_BODY;
          for (const name of BODY_HEADERS) delete headers[name];
        } else if (body.body !== undefined && !body.replayable) {
          throw new ClientError(
            `cannot follow the ${head.status} redirect from ${hopUrl}: the request body was a stream and cannot be sent again`,
          );
        }
        if (next.origin !== url.origin) {
          // Credentials are for the origin they were given for.
          for (const name of CREDENTIAL_HEADERS) delete headers[name];
          authorization = undefined;
        }
        method = redirect.method;
        url = next;
        timer.pauseTotal();
      }
    } catch (error) {
      flight.exchange?.abort(error instanceof Error ? error : new ClientError(String(error)));
      flight.finalize();
      throw error;
    }
  }

  #hopHeaders(headers: HeaderMap, authorization: string | undefined, body: EncodedBody): HeaderMap {
    const hop = { ...headers };
    if (authorization !== undefined && hop.authorization === undefined) hop.authorization = authorization;
    if (body.contentType !== undefined && hop["content-type"] === undefined)
      hop["content-type"] = body.contentType;
    return hop;
  }

  async #acquire(loop: EventLoop, key: string, timer: RequestTimer, flight: Flight): Promise<void> {
    const limiter = this.#limiter;
    timer.pauseTotal();
    const waiter = limiter.wait(loop, key);
    if (!waiter.done()) {
      flight.poolWaiter = waiter;
      timer.enter("poolWait", (error) => limiter.fail(waiter, error));
    }
    try {
      await waiter.promise;
    } finally {
      flight.poolWaiter = undefined;
    }
  }

  async #check(response: ClientResponse, raiseForStatus: boolean | ResponseCheck): Promise<void> {
    if (raiseForStatus === false) return;
    if (raiseForStatus === true) {
      response.raiseForStatus();
      return;
    }
    try {
      await raiseForStatus(response);
    } catch (error) {
      response.release();
      throw error;
    }
  }

  #tooMany(
    response: ClientResponse,
    head: ResponseHead,
    history: readonly ClientResponse[],
    request: () => RequestInfo,
  ): TooManyRedirects {
    return new TooManyRedirects(`more than ${history.length - 1} redirects, the last from ${response.url}`, {
      status: head.status,
      headers: response.headers,
      request: request(),
      history,
    });
  }
}

function parseResolve(
  resolve: Readonly<Record<string, string>> | undefined,
): Map<string, NonNullable<ReturnType<typeof parseTarget>>> {
  const map = new Map<string, NonNullable<ReturnType<typeof parseTarget>>>();
  if (resolve === undefined) return map;
  if (typeof resolve !== "object" || resolve === null) {
    throw new TypeError("ClientSession resolve must be an object of origin → origin");
  }
  for (const [from, to] of Object.entries(resolve)) {
    const origin = parseUrl(from, undefined, "ClientSession resolve key").origin;
    const target = typeof to === "string" ? parseTarget(to) : undefined;
    if (target === undefined) {
      throw new TypeError(
        `ClientSession resolve: "${from}" must map to an origin such as "http://127.0.0.1:8080", got ${String(to)}`,
      );
    }
    map.set(origin, target);
  }
  return map;
}
