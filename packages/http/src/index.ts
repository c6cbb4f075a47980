/**
 * `@x/http`: an aiohttp-style HTTP `ClientSession` for @x, on undici — connection pooling, per-phase
 * timeouts on the loop's clock, cancellation with the task, safe redirects, decoding and size limits.
 * @module
 */
export { ClientResponse } from "./client-response.js";
export { ClientSession } from "./client-session.js";
export {
  ClientConnectionError,
  ClientError,
  ClientPayloadError,
  ClientResponseError,
  type ClientResponseErrorOptions,
  ClientTimeoutError,
  type ClientTimeoutErrorOptions,
  InvalidUrlError,
  type RequestInfo,
  type TimeoutPhase,
  TooManyRedirects,
  type TooManyRedirectsOptions,
} from "./errors.js";
export type {
  BasicAuth,
  ClientSessionOptions,
  ClientTimeouts,
  HeadersInit,
  ParamsInit,
  RequestData,
  RequestOptions,
  ResponseCheck,
  TlsOptions,
} from "./options.js";
export { ResponseBody } from "./response-body.js";
