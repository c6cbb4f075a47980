import { TimeoutError } from "@x/loop";
import { isBranded, stamp } from "./internal/brand.js";

const clientBrand: unique symbol = Symbol.for("@x/http.ClientError");
const connectionBrand: unique symbol = Symbol.for("@x/http.ClientConnectionError");
const responseBrand: unique symbol = Symbol.for("@x/http.ClientResponseError");
const payloadBrand: unique symbol = Symbol.for("@x/http.ClientPayloadError");
const timeoutBrand: unique symbol = Symbol.for("@x/http.ClientTimeoutError");
const invalidUrlBrand: unique symbol = Symbol.for("@x/http.InvalidUrlError");
const redirectsBrand: unique symbol = Symbol.for("@x/http.TooManyRedirects");

/**
 * What a {@link ClientResponseError} tells about the request that got the response: aiohttp's
 * `RequestInfo`. The credentials (`Authorization`, `Proxy-Authorization`, `Cookie`) are shown as
 * `[redacted]`, so that logging an error never leaks them.
 */
export interface RequestInfo {
  /** The method of the last request sent (after redirects). */
  readonly method: string;
  /** The URL of the last request sent (after redirects). */
  readonly url: string;
  /** The headers sent, credentials redacted. */
  readonly headers: Headers;
}

/** The phase a {@link ClientTimeoutError} names: see `ClientTimeouts`. */
export type TimeoutPhase = "total" | "poolWait" | "connect" | "read";

/**
 * The base class of every error of the HTTP client: aiohttp's `ClientError`.
 *
 * Catch it to handle any failure of a request; its subclasses tell which kind. `ClientTimeoutError` is
 * a `TimeoutError` of `@x/loop` as well, and is still caught by `instanceof ClientError`.
 *
 * @example
 * ```ts
 * import { ClientError, ClientSession } from "@x/http";
 * try { await session.get(url); } catch (e) { if (e instanceof ClientError) console.log(e.code); }
 * ```
 */
export class ClientError extends Error {
  /** A stable code for logs and checks across copies of the package. */
  readonly code: string = "ERR_X_HTTP_CLIENT";

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ClientError";
    stamp(this, clientBrand);
  }

  /** Whether `value` is a ClientError (also one made by another installed copy of @x/http). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, ClientError, value, clientBrand);
  }
}

/**
 * The connection failed: refused, reset, closed by the server before the response (or its body) was
 * complete, a malformed response, a TLS verification failure, or the session was closed under the
 * request. aiohttp's `ClientConnectionError` (and its `ServerDisconnectedError`, `ClientOSError`…).
 * `cause` holds the underlying error (undici's or the socket's).
 */
export class ClientConnectionError extends ClientError {
  override readonly code: string = "ERR_X_HTTP_CONNECTION";

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ClientConnectionError";
    stamp(this, connectionBrand);
  }

  /** Whether `value` is a ClientConnectionError (also one made by another installed copy of @x/http). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, ClientConnectionError, value, connectionBrand);
  }
}

/** Options of {@link ClientResponseError}. */
export interface ClientResponseErrorOptions extends ErrorOptions {
  /** The response's status code. */
  status: number;
  /** The response's headers. */
  headers: Headers;
  /** The request that got the response. */
  request: RequestInfo;
}

/**
 * The server answered with an error status (400 and above): thrown by `response.raiseForStatus()` and,
 * when the `raiseForStatus` option is on, by the request itself. aiohttp's `ClientResponseError`.
 * The response was released before this is thrown.
 */
export class ClientResponseError extends ClientError {
  override readonly code: string = "ERR_X_HTTP_RESPONSE";
  /** The response's status code. */
  readonly status: number;
  /** The response's headers. */
  readonly headers: Headers;
  /** The request that got the response (credentials redacted). */
  readonly request: RequestInfo;

  constructor(message: string, options: ClientResponseErrorOptions) {
    super(message, options);
    this.name = "ClientResponseError";
    this.status = options.status;
    this.headers = options.headers;
    this.request = options.request;
    stamp(this, responseBrand);
  }

  /** Whether `value` is a ClientResponseError (also one made by another installed copy of @x/http). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, ClientResponseError, value, responseBrand);
  }
}

/** Options of {@link TooManyRedirects}. */
export interface TooManyRedirectsOptions extends ClientResponseErrorOptions {
  /** The redirect responses that were followed, oldest first. */
  history: readonly unknown[];
}

/**
 * A request was redirected more than `maxRedirects` times (a redirect loop ends here). aiohttp's
 * `TooManyRedirects`, a {@link ClientResponseError} about the last redirect response; `history`
 * holds the redirect responses that were followed (their bodies released).
 */
export class TooManyRedirects extends ClientResponseError {
  override readonly code: string = "ERR_X_HTTP_TOO_MANY_REDIRECTS";
  /** The responses that were followed, oldest first (`ClientResponse` objects). */
  readonly history: readonly unknown[];

  constructor(message: string, options: TooManyRedirectsOptions) {
    super(message, options);
    this.name = "TooManyRedirects";
    this.history = options.history;
    stamp(this, redirectsBrand);
  }

  /** Whether `value` is a TooManyRedirects (also one made by another installed copy of @x/http). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, TooManyRedirects, value, redirectsBrand);
  }
}

/**
 * The response body could not be delivered as asked: it is larger than `maxBodySize` (counted after
 * decompression), its content coding cannot be decoded, or `json()` found no valid JSON in it.
 * aiohttp's `ClientPayloadError`. A body cut short by the server is a {@link ClientConnectionError}.
 */
export class ClientPayloadError extends ClientError {
  override readonly code: string = "ERR_X_HTTP_PAYLOAD";

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ClientPayloadError";
    stamp(this, payloadBrand);
  }

  /** Whether `value` is a ClientPayloadError (also one made by another installed copy of @x/http). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, ClientPayloadError, value, payloadBrand);
  }
}

/**
 * A URL that cannot be requested: unparsable, or with a scheme other than `http:`/`https:` — given to
 * a request, as `baseUrl`, or in a redirect's `Location`. aiohttp's `InvalidURL`. Nothing is sent.
 */
export class InvalidUrlError extends ClientError {
  override readonly code: string = "ERR_X_HTTP_INVALID_URL";
  /** The URL as it was given. */
  readonly url: string;

  constructor(message: string, options: ErrorOptions & { url: string }) {
    super(message, options);
    this.name = "InvalidUrlError";
    this.url = options.url;
    stamp(this, invalidUrlBrand);
  }

  /** Whether `value` is a InvalidUrlError (also one made by another installed copy of @x/http). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, InvalidUrlError, value, invalidUrlBrand);
  }
}

/** Options of {@link ClientTimeoutError}. */
export interface ClientTimeoutErrorOptions extends ErrorOptions {
  /** Which timeout expired. */
  phase: TimeoutPhase;
  /** The timeout that expired, in ms. */
  timeout: number;
}

/**
 * A request's timeout expired: thrown by the request, or by the body read that was waiting, with
 * `phase` naming which of `ClientTimeouts` it was (`total`, `poolWait`, `connect`, `read`). It is a
 * `TimeoutError` of `@x/loop` (so `instanceof TimeoutError` holds, as aiohttp's timeouts are
 * `asyncio.TimeoutError`s) and also an `instanceof ClientError`. The request is aborted and its
 * socket closed before this is thrown.
 */
export class ClientTimeoutError extends TimeoutError {
  override readonly code: string = "ERR_X_HTTP_TIMEOUT";
  /** Which timeout expired. */
  readonly phase: TimeoutPhase;
  /** Its value, in ms. */
  readonly timeout: number;

  constructor(message: string, options: ClientTimeoutErrorOptions) {
    super(message, options);
    this.name = "ClientTimeoutError";
    this.phase = options.phase;
    this.timeout = options.timeout;
    stamp(this, clientBrand);
    stamp(this, timeoutBrand);
  }

  /** Whether `value` is a ClientTimeoutError (also one made by another installed copy of @x/http). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on (a subclass too).
    return isBranded(this, ClientTimeoutError, value, timeoutBrand);
  }
}
