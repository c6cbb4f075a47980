import { getEventLoop, InvalidStateError } from "@x/loop";
import type { CookieJar } from "tough-cookie";
import type { ClientResponse } from "./client-response.js";
import { ClientConnectionError } from "./errors.js";
import { IoWaiter } from "./internal/io-waiter.js";
import { prepareRequest } from "./internal/prepare-request.js";
import { RequestRun } from "./internal/request-run.js";
import { sessionConfig } from "./internal/session-config.js";
import { SessionCore } from "./internal/session-core.js";
import type { ClientSessionOptions, RequestOptions } from "./options.js";

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
  readonly #core: SessionCore;
  #closing: Promise<void> | undefined = undefined;

  /**
   * @param options see {@link ClientSessionOptions}.
   * @throws TypeError/RangeError on an option of the wrong type or range (an unknown option too);
   *   InvalidUrlError when `baseUrl` or a `resolve` key is not an http(s) URL.
   */
  constructor(options: ClientSessionOptions = {}) {
    this.#core = new SessionCore(sessionConfig(options));
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#core.closed;
  }

  /** The session's cookie jar (`undefined` when made with `cookieJar: null`). */
  get cookieJar(): CookieJar | undefined {
    return this.#core.cookies?.jar;
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
  request(method: string, url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    const core = this.#core;
    if (core.closed) throw new InvalidStateError("ClientSession is closed");
    const prepared = prepareRequest(core.config, method, url, options);
    return new RequestRun(core, getEventLoop(), prepared).run();
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
    this.#closing ??= this.#core.close(new ClientConnectionError("the ClientSession was closed"));
    // Wait in the calling task, holding a VirtualClock: sockets close outside the loop's sight.
    const waiter = new IoWaiter<void>(getEventLoop(), true);
    this.#closing.then(
      () => waiter.resolve(),
      (error: unknown) => waiter.reject(error),
    );
    await waiter.promise;
  }

  /** `close()`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
