import type { CookieJar } from "tough-cookie";
import type { BasicAuth, ClientSessionOptions, ResponseCheck, TlsOptions } from "../options.js";
import { addHeaders, type HeaderMap } from "./headers.js";
import type { Timeouts } from "./request-timer.js";
import { DEFAULT_TIMEOUTS, mergeTimeouts } from "./timeouts.js";
import { type ConnectTarget, parseTarget, resolveKey } from "./transport.js";
import { parseUrl } from "./url.js";

/**
 * Sent unless the session or the request sets them. No `Accept` header: RFC 9110 gives a request without
 * one the meaning of accepting any type already.
 */
const DEFAULT_HEADERS: HeaderMap = {
  "accept-encoding": "gzip, deflate, br",
  "user-agent": "@x/http",
};

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

/** Refuse the keys of `options` that are not in `known` (a misspelt option must not pass silently). */
export function checkKeys(options: object, known: ReadonlySet<string>, where: string): void {
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new TypeError(`${where}: unknown option "${key}"`);
  }
}

/** A whole number >= 0, or `fallback` when not given. */
export function count(value: unknown, where: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${where} must be a whole number >= 0, got ${String(value)}`);
  }
  return value;
}

/** A number >= 0 (`Infinity` allowed), or `fallback` when not given. */
export function nonNegative(value: unknown, where: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new RangeError(`${where} must be a number >= 0 (Infinity for no limit), got ${String(value)}`);
  }
  return value;
}

/** `raiseForStatus`: a boolean or a check function. */
export function responseCheck(value: unknown, where: string): boolean | ResponseCheck | undefined {
  if (value === undefined || typeof value === "boolean" || typeof value === "function") {
    return value as boolean | ResponseCheck | undefined;
  }
  throw new TypeError(`${where} must be a boolean or a function, got ${typeof value}`);
}

/** The `Authorization` value of Basic credentials (UTF-8, RFC 7617). */
export function basicAuth(auth: unknown, where: string): string | undefined {
  if (auth === undefined || auth === null) return undefined;
  const { username, password = "" } = auth as BasicAuth;
  if (typeof auth !== "object" || typeof username !== "string" || typeof password !== "string") {
    throw new TypeError(`${where} must be { username: string, password?: string }`);
  }
  if (username.includes(":")) throw new TypeError(`${where}: a Basic username cannot contain ":"`);
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

/** A session's options, checked, with the defaults filled in. */
export interface SessionConfig {
  readonly baseUrl: string | undefined;
  /** Default headers and the session's, lower-case names. Never mutated. */
  readonly headers: Readonly<HeaderMap>;
  readonly timeouts: Timeouts;
  readonly limit: number;
  readonly limitPerHost: number;
  readonly raiseForStatus: boolean | ResponseCheck;
  readonly maxRedirects: number;
  readonly maxBodySize: number;
  /** `undefined`: a jar of our own; `null`: no cookies. */
  readonly cookieJar: CookieJar | null | undefined;
  readonly authorization: string | undefined;
  readonly resolve: ReadonlyMap<string, ConnectTarget>;
  readonly tls: TlsOptions | undefined;
  readonly keepAliveTimeout: number;
}

/**
 * Check the options of `new ClientSession()`.
 * @throws TypeError/RangeError on an unknown option or a value of the wrong type or range;
 *   InvalidUrlError when `baseUrl` is not an http(s) URL.
 */
export function sessionConfig(options: ClientSessionOptions): SessionConfig {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`new ClientSession(options): options must be an object, got ${typeof options}`);
  }
  checkKeys(options, SESSION_KEYS, "new ClientSession(options)");
  const headers = { ...DEFAULT_HEADERS };
  addHeaders(headers, options.headers, "ClientSession headers");
  const jar = options.cookieJar;
  if (jar !== undefined && jar !== null && (typeof jar !== "object" || !("getCookieStringSync" in jar))) {
    throw new TypeError("ClientSession cookieJar must be a tough-cookie CookieJar or null");
  }
  if (options.tls !== undefined && (typeof options.tls !== "object" || options.tls === null)) {
    throw new TypeError("ClientSession tls must be an object");
  }
  return {
    baseUrl:
      options.baseUrl === undefined
        ? undefined
        : parseUrl(options.baseUrl, undefined, "ClientSession baseUrl").href,
    headers,
    timeouts: mergeTimeouts(DEFAULT_TIMEOUTS, options.timeout, "ClientSession timeout"),
    limit: count(options.limit, "ClientSession limit", 100),
    limitPerHost: count(options.limitPerHost, "ClientSession limitPerHost", 0),
    raiseForStatus: responseCheck(options.raiseForStatus, "ClientSession raiseForStatus") ?? false,
    maxRedirects: count(options.maxRedirects, "ClientSession maxRedirects", 10),
    maxBodySize: nonNegative(options.maxBodySize, "ClientSession maxBodySize", Number.POSITIVE_INFINITY),
    cookieJar: jar,
    authorization: basicAuth(options.auth, "ClientSession auth"),
    resolve: parseResolve(options.resolve),
    tls: options.tls,
    keepAliveTimeout: Math.max(
      1,
      nonNegative(options.keepAliveTimeout, "ClientSession keepAliveTimeout", 4000),
    ),
  };
}

function parseResolve(resolve: Readonly<Record<string, string>> | undefined): Map<string, ConnectTarget> {
  const map = new Map<string, ConnectTarget>();
  if (resolve === undefined) return map;
  if (typeof resolve !== "object" || resolve === null) {
    throw new TypeError(
      'ClientSession resolve must be an object such as { "https://python.org": "http://127.0.0.1:8080" }',
    );
  }
  for (const [from, to] of Object.entries(resolve)) {
    const key = resolveKey(from);
    if (key === undefined) {
      throw new TypeError(`ClientSession resolve: "${from}" must be an http(s) origin or "host:port"`);
    }
    const target = typeof to === "string" ? parseTarget(to) : undefined;
    if (target === undefined) {
      throw new TypeError(
        `ClientSession resolve: "${from}" must map to an origin ("http://127.0.0.1:8080") or "address:port", got ${String(to)}`,
      );
    }
    map.set(key, target);
  }
  return map;
}
