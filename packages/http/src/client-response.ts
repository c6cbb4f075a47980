import { TextDecoder } from "node:util";
import { InvalidStateError } from "@x/loop";
import {
  ClientConnectionError,
  ClientPayloadError,
  ClientResponseError,
  type RequestInfo,
} from "./errors.js";
import type { Exchange, ResponseHead } from "./internal/exchange.js";
import { type HeaderMap, redactedHeaders, toHeaders } from "./internal/headers.js";
import { type ChunkSource, ResponseBody } from "./response-body.js";

/** What a {@link ClientResponse} is made from. @internal */
export interface ResponseInit {
  readonly exchange: Exchange;
  readonly head: ResponseHead;
  readonly method: string;
  readonly url: string;
  readonly history: readonly ClientResponse[];
  /** The headers sent (for `request`). */
  readonly requestHeaders: Readonly<HeaderMap>;
}

const UTF8 = /^utf-?8$/i;

function charsetOf(contentType: string | string[] | undefined): string | undefined {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  if (value === undefined) return undefined;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(value);
  return match?.[2];
}

/**
 * The response to a request: aiohttp's `ClientResponse`. It is returned once the status line and the
 * headers are in; the body is read with `text()`, `json()`, `bytes()` (each reads it whole, once; the
 * bytes are kept, so they may be called again) or streamed through `body`.
 *
 * A response holds its connection until its body has been read or it is released: use
 * `await using response = await session.get(url)` (or call `release()`), as `async with` in aiohttp.
 * A small body that arrived whole frees the connection by itself.
 *
 * Differences from aiohttp: `ok` is `status < 400` as aiohttp's, not fetch's 200–299; `json()` does not
 * check the `Content-Type` (aiohttp's `ContentTypeError` is a frequent complaint) and fails with
 * `ClientPayloadError` on invalid JSON; `url` is a string.
 *
 * @example
 * ```ts
 * import { ClientSession } from "@x/http";
 * await using session = new ClientSession();
 * await using response = await session.get("https://example.com");
 * console.log(response.status, (await response.text()).length);
 * ```
 */
export class ClientResponse implements AsyncDisposable {
  /** The status code. */
  readonly status: number;
  /** The reason phrase ("OK"), as the server sent it. */
  readonly statusText: string;
  /** The method of the request that got this response (after redirects). */
  readonly method: string;
  /** The URL of this response, after redirects (without user info or fragment). */
  readonly url: string;
  /** The redirect responses that led here, oldest first (their bodies released). */
  readonly history: readonly ClientResponse[];
  readonly #exchange: Exchange;
  readonly #head: ResponseHead;
  readonly #requestHeaders: Readonly<HeaderMap>;
  #headers: Headers | undefined = undefined;
  #body: ResponseBody | undefined = undefined;
  #cached: Buffer | undefined = undefined;
  #cachedDelivered = false;
  #streamed = false;
  #live: ChunkSource | undefined = undefined;

  /** @internal Responses are made by `ClientSession`. */
  constructor(init: ResponseInit) {
    this.#exchange = init.exchange;
    this.#head = init.head;
    this.status = init.head.status;
    this.statusText = init.head.statusText;
    this.method = init.method;
    this.url = init.url;
    this.history = init.history;
    this.#requestHeaders = init.requestHeaders;
  }

  /** The body as a stream of chunks (see {@link ResponseBody}). */
  get body(): ResponseBody {
    this.#body ??= new ResponseBody(() => this.#openStream());
    return this.#body;
  }

  /** Whether the status is below 400 (what `raiseForStatus()` accepts), as aiohttp's `ok`. */
  get ok(): boolean {
    return this.status < 400;
  }

  /** The response headers (a `Headers`: case-insensitive `get()`, `getSetCookie()`). */
  get headers(): Headers {
    this.#headers ??= toHeaders(this.#head.headers);
    return this.#headers;
  }

  /** The request that got this response: method, URL and headers (credentials redacted). */
  get request(): RequestInfo {
    return { method: this.method, url: this.url, headers: redactedHeaders(this.#requestHeaders) };
  }

  /**
   * The whole body as bytes (decoded from its content coding).
   * @throws ClientPayloadError when it is larger than `maxBodySize` or cannot be decoded;
   *   ClientConnectionError when the server cut it short or the response was released;
   *   ClientTimeoutError on a `read`/`total` timeout; InvalidStateError when part of it was already
   *   streamed through `body`.
   */
  bytes(): Promise<Uint8Array> {
    return this.#readAll();
  }

  /**
   * The whole body as text, decoded with `encoding`, else the `charset` of the `Content-Type`, else UTF-8.
   * @throws what `bytes()` throws.
   */
  async text(encoding?: string): Promise<string> {
    const bytes = await this.#readAll();
    const label = encoding ?? charsetOf(this.#head.headers["content-type"]);
    if (label === undefined || UTF8.test(label)) return bytes.toString("utf8");
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(label);
    } catch {
      if (encoding !== undefined)
        throw new RangeError(`text(encoding): unknown encoding ${JSON.stringify(encoding)}`);
      return bytes.toString("utf8");
    }
    return decoder.decode(bytes);
  }

  /**
   * The whole body parsed as JSON (whatever the `Content-Type` says).
   * @throws ClientPayloadError when it is not valid JSON (with the `SyntaxError` as `cause`), and what `bytes()` throws.
   */
  async json<T = unknown>(): Promise<T> {
    const text = await this.text();
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new ClientPayloadError(`the response body of ${this.method} ${this.url} is not valid JSON`, {
        cause,
      });
    }
  }

  /** The body in chunks of exactly `n` bytes, the last one shorter: `response.body.iterChunked(n)`. */
  iterChunked(n: number): AsyncIterable<Uint8Array> {
    return this.body.iterChunked(n);
  }

  /**
   * Throw `ClientResponseError` when the status is 400 or above, after releasing the response.
   * @throws ClientResponseError with `status`, `headers` and `request`.
   */
  raiseForStatus(): void {
    if (this.ok) return;
    this.release();
    throw new ClientResponseError(
      `${this.status} ${this.statusText} for ${this.method} ${this.url}`.trimEnd(),
      {
        status: this.status,
        headers: this.headers,
        request: this.request,
      },
    );
  }

  /**
   * Let the connection go. If the body has not arrived whole, the request is aborted and its socket
   * closed (an HTTP/1.1 response cannot be left half-read); later reads fail with
   * `ClientConnectionError`. A body already read stays available. Calling it again does nothing.
   */
  release(): void {
    if (this.#exchange.complete || this.#exchange.failure !== undefined) return;
    this.#exchange.abort(
      new ClientConnectionError(
        `${this.method} ${this.url}: the response was released before its body was read`,
      ),
    );
  }

  /** `release()`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.release();
  }

  /** `<ClientResponse 200 OK https://…>`. */
  toString(): string {
    return `<ClientResponse ${this.status} ${this.statusText} ${this.url}>`.replace("  ", " ");
  }

  async #readAll(): Promise<Buffer> {
    if (this.#cached !== undefined) return this.#cached;
    const failure = this.#exchange.failure;
    if (failure !== undefined) throw failure;
    if (this.#streamed) {
      throw new InvalidStateError(
        "ClientResponse: the body was already read as a stream; it cannot be read whole",
      );
    }
    const bytes = await this.#exchange.readAll();
    this.#cached = bytes;
    return bytes;
  }

  #openStream(): ChunkSource {
    if (this.#cached !== undefined) {
      return {
        next: async () => {
          const cached = this.#cached as Buffer;
          if (this.#cachedDelivered || cached.length === 0) return null;
          this.#cachedDelivered = true;
          return cached;
        },
        stop: () => {},
      };
    }
    this.#streamed = true;
    this.#live ??= {
      next: () => this.#exchange.readChunk(),
      stop: () => this.release(),
    };
    return this.#live;
  }
}
