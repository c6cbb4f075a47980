import { InvalidUrlError } from "../errors.js";
import type { ParamsInit } from "../options.js";

/**
 * A request URL, parsed and checked once: what a request needs of it as plain strings (no user info,
 * no fragment), and the credentials the user info carried.
 */
export interface Target {
  /** The URL as requested and reported, without user info or fragment. */
  readonly href: string;
  /** `scheme://host[:port]`, the key of the connection pool and of the credential rules. */
  readonly origin: string;
  /** Path and query, as sent in the request line. */
  readonly path: string;
  /** The decoded user name of the user info ("" when none). */
  readonly username: string;
  /** The decoded password of the user info ("" when none). */
  readonly password: string;
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Parse a URL, relative to `base` when given (RFC 3986 resolution, as `new URL(url, base)` does).
 * @throws InvalidUrlError when it cannot be parsed, has no host or its scheme is not http/https;
 *   TypeError when it is neither a string nor a URL.
 */
export function parseUrl(input: unknown, base: string | undefined, what: string): URL {
  if (typeof input !== "string" && !(input instanceof URL)) {
    throw new TypeError(`${what} must be a string or a URL, got ${typeof input}`);
  }
  const text = String(input);
  let url: URL;
  try {
    url = base === undefined ? new URL(text) : new URL(text, base);
  } catch (cause) {
    throw new InvalidUrlError(`${what}: cannot parse ${show(text)} as a URL`, { cause, url: text });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidUrlError(`${what}: only http and https URLs can be requested, got ${show(text)}`, {
      url: text,
    });
  }
  if (url.hostname === "")
    throw new InvalidUrlError(`${what}: the URL has no host: ${show(text)}`, { url: text });
  return url;
}

/** The {@link Target} of a parsed URL. */
export function toTarget(url: URL): Target {
  const username = url.username === "" ? "" : decodeURIComponent(url.username);
  const password = url.password === "" ? "" : decodeURIComponent(url.password);
  if (url.username !== "" || url.password !== "") {
    url.username = "";
    url.password = "";
  }
  url.hash = "";
  return { href: url.href, origin: url.origin, path: `${url.pathname}${url.search}`, username, password };
}

/** Recently parsed request URLs: a program usually requests the same few URLs again and again. */
const cache = new Map<string, Target>();
const CACHE_SIZE = 256;

/**
 * The {@link Target} of a request URL (a string or `URL`, relative to `base`), with `params` appended
 * to its query. Results for string URLs without params are cached.
 * @throws what {@link parseUrl} throws, and TypeError on bad params.
 */
export function requestTarget(
  input: unknown,
  base: string | undefined,
  params: ParamsInit | undefined,
): Target {
  const cacheable = typeof input === "string" && params === undefined;
  const key = cacheable ? (base === undefined ? input : `${base}\n${input}`) : "";
  if (cacheable) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  const url = parseUrl(input, base, "request(url)");
  addParams(url, params);
  const target = toTarget(url);
  if (cacheable) {
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(key, target);
  }
  return target;
}

function paramValue(name: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TypeError(
    `params: the value of "${name}" must be a string, number or boolean, got ${typeof value}`,
  );
}

/**
 * Append query parameters to `url` (after those it already has, as aiohttp extends the query).
 * @throws TypeError when a value is not a string, number or boolean (or an array of them).
 */
export function addParams(url: URL, params: ParamsInit | undefined): void {
  if (params === undefined || params === null) return;
  if (typeof params !== "object") {
    throw new TypeError(
      `params must be an object, URLSearchParams or iterable of pairs, got ${typeof params}`,
    );
  }
  const search = url.searchParams;
  if (params instanceof URLSearchParams) {
    for (const [name, value] of params) search.append(name, value);
    return;
  }
  if (typeof (params as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const pair of params as Iterable<unknown>) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string") {
        throw new TypeError("params: each entry must be a [name, value] pair");
      }
      search.append(pair[0], paramValue(pair[0], pair[1]));
    }
    return;
  }
  for (const name of Object.keys(params)) {
    const value = (params as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) search.append(name, paramValue(name, v));
    else search.append(name, paramValue(name, value));
  }
}
