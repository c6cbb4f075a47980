import type { HeadersInit } from "../options.js";

/** An RFC 9110 token: what a method and a header name must be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What a header value may not hold: CR, LF or NUL would let a value start a new header or request. */
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

/** The request headers that carry credentials: dropped when a redirect leaves the origin. */
export const CREDENTIAL_HEADERS: readonly string[] = ["authorization", "cookie", "proxy-authorization"];

/** Headers as the client keeps them: lower-case names, one string each. */
export type HeaderMap = Record<string, string>;

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}

/**
 * Check an HTTP method (an RFC 9110 token) and return it upper-cased, as aiohttp does.
 * @throws TypeError when it is not a token (CR, LF, NUL, spaces… would split the request line).
 */
export function checkMethod(method: unknown): string {
  if (typeof method !== "string" || !TOKEN.test(method)) {
    throw new TypeError(`request(method): the method must be an HTTP token, got ${show(method)}`);
  }
  return method.toUpperCase();
}

/** Check one header and add it to `into` (a later value of the same name replaces an earlier one). */
export function setHeader(into: HeaderMap, name: unknown, value: unknown, where: string): void {
  if (typeof name !== "string" || !TOKEN.test(name)) {
    throw new TypeError(`${where}: a header name must be an HTTP token, got ${show(name)}`);
  }
  if (typeof value !== "string") {
    throw new TypeError(`${where}: the value of header "${name}" must be a string, got ${show(value)}`);
  }
  if (FORBIDDEN_IN_VALUE.test(value)) {
    throw new TypeError(`${where}: the value of header "${name}" holds CR, LF or NUL: ${show(value)}`);
  }
  into[name.toLowerCase()] = value;
}

/**
 * Check `init` and add its headers to `into`.
 * @throws TypeError on a name that is not a token, a value that is not a string or holds CR/LF/NUL.
 */
export function addHeaders(into: HeaderMap, init: HeadersInit | undefined, where: string): void {
  if (init === undefined || init === null) return;
  if (typeof init !== "object") {
    throw new TypeError(`${where} must be a Headers, an object or an iterable of pairs, got ${typeof init}`);
  }
  if (init instanceof Headers) {
    for (const [name, value] of init) setHeader(into, name, value, where);
    return;
  }
  if (typeof (init as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const pair of init as Iterable<unknown>) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(`${where}: each entry must be a [name, value] pair`);
      }
      setHeader(into, pair[0], pair[1], where);
    }
    return;
  }
  for (const name of Object.keys(init)) setHeader(into, name, (init as Record<string, unknown>)[name], where);
}

/** A `Headers` object from undici's parsed response headers (lower-case names, repeated ones as arrays). */
export function toHeaders(raw: Readonly<Record<string, string | string[] | undefined>>): Headers {
  const headers = new Headers();
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.append(name, value);
  }
  return headers;
}

/** The request's headers for error messages and `RequestInfo`: credentials shown as `[redacted]`. */
export function redactedHeaders(map: HeaderMap): Headers {
  const headers = new Headers();
  for (const name of Object.keys(map)) {
    headers.append(name, CREDENTIAL_HEADERS.includes(name) ? "[redacted]" : (map[name] as string));
  }
  return headers;
}
