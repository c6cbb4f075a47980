import type { CookieJar } from "tough-cookie";
import type { ClientResponse } from "./client-response.js";

/**
 * The timeouts of a request, in milliseconds, by phase (aiohttp's `ClientTimeout`, with the pool wait
 * split out). `null` (or `Infinity`) means none; a missing entry keeps the session's value, else the
 * default. A negative value means "already expired". Each expiry fails the request with a
 * `ClientTimeoutError` whose `phase` names the entry.
 *
 * The defaults bound a dead connection attempt (`connect`: 30 s) and a stalled server (`read`: 5 min
 * without a byte), never a slow but live download (`total`: none) — aiohttp's default `total` of
 * 5 minutes cuts long downloads short, a frequent complaint.
 */
export interface ClientTimeouts {
  /**
   * The whole request: connecting, sending, following redirects and reading the whole body, not
   * counting the time spent waiting for a free connection. Default: none.
   */
  readonly total?: number | null;
  /** Waiting for a free connection (the session's `limit`/`limitPerHost`). Default: none. */
  readonly poolWait?: number | null;
  /** From getting a connection slot until the request is on a connected socket (TCP and TLS). Default: 30,000. */
  readonly connect?: number | null;
  /** Waiting for data: for the response to begin, then between body chunks. Default: 300,000. */
  readonly read?: number | null;
}

/** HTTP Basic credentials (aiohttp's `BasicAuth`), sent as UTF-8. */
export interface BasicAuth {
  /** The user name (it cannot contain ":"). */
  readonly username: string;
  /** The password (default ""). */
  readonly password?: string;
}

/** Headers, as the options take them: a `Headers`, a record, or `[name, value]` pairs. */
export type HeadersInit = Headers | Readonly<Record<string, string>> | Iterable<readonly [string, string]>;

/** Query parameters: a `URLSearchParams`, a record (arrays repeat a name), or pairs. */
export type ParamsInit =
  | URLSearchParams
  | Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined>>
  | Iterable<readonly [string, string | number | boolean]>;

/**
 * A request body (the `data` option): a string (UTF-8 text), bytes, a form (`URLSearchParams` or a
 * plain object of strings, numbers and booleans) or an (async) iterable of byte chunks, streamed.
 */
export type RequestData =
  | string
  | Uint8Array
  | ArrayBuffer
  | URLSearchParams
  | Readonly<Record<string, string | number | boolean>>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>;

/** Checks a response and throws to refuse it (the callable form of `raiseForStatus`). */
export type ResponseCheck = (response: ClientResponse) => void | PromiseLike<void>;

/** TLS settings: what `tls.connect` takes for verification and client certificates. */
export interface TlsOptions {
  /** Certificate authorities to trust instead of Node's default list (PEM). */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** A client certificate (PEM). */
  readonly cert?: string | Buffer | readonly (string | Buffer)[];
  /** The client certificate's private key (PEM). */
  readonly key?: string | Buffer | readonly (string | Buffer)[];
  /** Verify the server's certificate. Default `true`; turn it off only in tests. */
  readonly rejectUnauthorized?: boolean;
}

/** Options of `new ClientSession()`. */
export interface ClientSessionOptions {
  /** Relative request URLs are resolved against it, as `new URL(url, baseUrl)` does. */
  readonly baseUrl?: string | URL;
  /** Headers sent with every request (a request's own headers win). */
  readonly headers?: HeadersInit;
  /** Timeouts of every request (a number is `{ total: n }`); see {@link ClientTimeouts}. */
  readonly timeout?: ClientTimeouts | number | null;
  /** Requests in flight at once, in all (0: no limit). Default 100. */
  readonly limit?: number;
  /** Requests in flight at once per origin (0: no limit). Default 0. */
  readonly limitPerHost?: number;
  /** Throw `ClientResponseError` for statuses of 400 and above (or run this check). Default `false`. */
  readonly raiseForStatus?: boolean | ResponseCheck;
  /** Redirects followed at most (then `TooManyRedirects`). Default 10. */
  readonly maxRedirects?: number;
  /** The largest response body accepted, in decoded bytes (then `ClientPayloadError`). Default: no limit. */
  readonly maxBodySize?: number;
  /** Where cookies are kept: a tough-cookie `CookieJar` (shared or persisted), or `null` for none. Default: a new in-memory jar. */
  readonly cookieJar?: CookieJar | null;
  /** Credentials sent with every request (not across origins on redirects). */
  readonly auth?: BasicAuth;
  /**
   * Send an origin's connections to another address, as curl's `--resolve`/`--connect-to`, while the
   * URL, the `Host` header, TLS's server name and the cookies stay the original's — for tests and demos.
   * A key is an origin (`"https://python.org"`) or curl's `"host:port"` (`"python.org:443"`, any
   * scheme); a value is `"address:port"` (the request keeps its scheme and TLS) or an origin, whose
   * scheme then wins: `{ "https://python.org": "http://127.0.0.1:8080" }` talks plain HTTP to a local
   * server for an `https:` URL — that connection is NOT encrypted.
   */
  readonly resolve?: Readonly<Record<string, string>>;
  /** TLS settings (extra certificate authorities, a client certificate). Verification is on by default. */
  readonly tls?: TlsOptions;
  /** How long an idle keep-alive socket is kept, in ms (a server's `Keep-Alive` hint may shorten it). Default 4,000. */
  readonly keepAliveTimeout?: number;
}

/** Options of a request (`session.get(url, options)` …). */
export interface RequestOptions {
  /** Query parameters, appended to those of the URL. */
  readonly params?: ParamsInit;
  /** Headers of this request, over the session's. */
  readonly headers?: HeadersInit;
  /** A value sent as JSON (`Content-Type: application/json`). Not with `data`. */
  readonly json?: unknown;
  /** A body: text, bytes, a form or a stream. Not with `json`. */
  readonly data?: RequestData;
  /** Timeouts of this request, over the session's (a number is `{ total: n }`). */
  readonly timeout?: ClientTimeouts | number | null;
  /** Follow redirects. Default `true`. */
  readonly allowRedirects?: boolean;
  /** Redirects followed at most. Default: the session's. */
  readonly maxRedirects?: number;
  /** Throw for statuses of 400 and above (or run this check). Default: the session's. */
  readonly raiseForStatus?: boolean | ResponseCheck;
  /** Aborting it aborts the request (and its body), as cancelling the task does. */
  readonly signal?: AbortSignal;
  /** The largest response body accepted, in decoded bytes. Default: the session's. */
  readonly maxBodySize?: number;
  /** Credentials for this request (over the session's); `null` sends none. */
  readonly auth?: BasicAuth | null;
}
