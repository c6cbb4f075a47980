import type { RequestOptions, ResponseCheck } from "../options.js";
import { addHeaders, checkMethod, type HeaderMap } from "./headers.js";
import { type EncodedBody, encodeBody, NO_BODY } from "./request-body.js";
import type { Timeouts } from "./request-timer.js";
import {
  basicAuth,
  checkKeys,
  count,
  nonNegative,
  responseCheck,
  type SessionConfig,
} from "./session-config.js";
import { mergeTimeouts } from "./timeouts.js";
import { requestTarget, type Target } from "./url.js";

const REQUEST_KEYS: ReadonlySet<string> = new Set([
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

/** A request, checked, with the session's settings filled in. */
export interface PreparedRequest {
  readonly method: string;
  readonly target: Target;
  /** The headers to send (not yet the per-hop ones: auth, cookies, content type). Never mutated. */
  readonly headers: Readonly<HeaderMap>;
  readonly authorization: string | undefined;
  readonly body: EncodedBody;
  readonly timeouts: Timeouts;
  readonly allowRedirects: boolean;
  readonly maxRedirects: number;
  readonly raiseForStatus: boolean | ResponseCheck;
  readonly maxBodySize: number;
  readonly signal: AbortSignal | undefined;
}

function credentials(target: Target, fallback: string | undefined): string | undefined {
  if (target.username === "" && target.password === "") return fallback;
  return basicAuth({ username: target.username, password: target.password }, "URL credentials");
}

/**
 * Check a request's method, URL and options against the session's settings.
 * @throws TypeError/RangeError on bad options, a method or header name that is not an HTTP token, a
 *   header value with CR/LF/NUL; InvalidUrlError on a URL that cannot be requested.
 */
export function prepareRequest(
  config: SessionConfig,
  method: string,
  url: string | URL,
  options: RequestOptions | undefined,
): PreparedRequest {
  const verb = checkMethod(method);
  if (options === undefined) {
    const target = requestTarget(url, config.baseUrl, undefined);
    return {
      method: verb,
      target,
      headers: config.headers,
      authorization: credentials(target, config.authorization),
      body: NO_BODY,
      timeouts: config.timeouts,
      allowRedirects: true,
      maxRedirects: config.maxRedirects,
      raiseForStatus: config.raiseForStatus,
      maxBodySize: config.maxBodySize,
      signal: undefined,
    };
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`request(method, url, options): options must be an object, got ${typeof options}`);
  }
  checkKeys(options, REQUEST_KEYS, "request options");
  const target = requestTarget(url, config.baseUrl, options.params);
  let headers: Readonly<HeaderMap> = config.headers;
  if (options.headers !== undefined) {
    const merged = { ...config.headers };
    addHeaders(merged, options.headers, "request headers");
    headers = merged;
  }
  const signal = options.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError("request options: signal must be an AbortSignal");
  }
  const allowRedirects = options.allowRedirects ?? true;
  if (typeof allowRedirects !== "boolean")
    throw new TypeError("request options: allowRedirects must be a boolean");
  const fallbackAuth =
    options.auth === null ? undefined : (basicAuth(options.auth, "request auth") ?? config.authorization);
  return {
    method: verb,
    target,
    headers,
    authorization: credentials(target, fallbackAuth),
    body: encodeBody("json" in options && options.json !== undefined, options.json, options.data),
    timeouts: mergeTimeouts(config.timeouts, options.timeout, "request timeout"),
    allowRedirects,
    maxRedirects: count(options.maxRedirects, "request maxRedirects", config.maxRedirects),
    raiseForStatus: responseCheck(options.raiseForStatus, "request raiseForStatus") ?? config.raiseForStatus,
    maxBodySize: nonNegative(options.maxBodySize, "request maxBodySize", config.maxBodySize),
    signal,
  };
}
