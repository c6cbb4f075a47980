import type { Dispatcher } from "undici";
import { ConnectionLimiter } from "./connection-limiter.js";
import { SessionCookies } from "./cookies.js";
import type { SessionConfig } from "./session-config.js";
import { Transport } from "./transport.js";

/** A request in flight, as the session sees it: something to abort when it closes. */
export interface InFlight {
  /** Links of the session's list of requests in flight. */
  prevInFlight: InFlight | undefined;
  nextInFlight: InFlight | undefined;
  abort(error: Error): void;
}

/**
 * What the requests of one `ClientSession` share: its settings, the connection slots, the sockets
 * (one undici Agent), the cookie jar, and the requests in flight (an intrusive list, so that tracking
 * a request allocates nothing), which `close()` aborts.
 */
export class SessionCore {
  readonly config: SessionConfig;
  readonly limiter: ConnectionLimiter;
  readonly transport: Transport;
  readonly cookies: SessionCookies | undefined;
  closed = false;
  #first: InFlight | undefined = undefined;

  constructor(config: SessionConfig) {
    this.config = config;
    this.limiter = new ConnectionLimiter(config.limit, config.limitPerHost);
    const connect = config.timeouts.connect;
    this.transport = new Transport({
      connectionsPerOrigin: config.limitPerHost > 0 ? config.limitPerHost : config.limit,
      resolve: config.resolve,
      tls: config.tls,
      connectBackstopMs: Number.isFinite(connect) ? Math.max(1, connect) : 0,
      keepAliveTimeoutMs: config.keepAliveTimeout,
    });
    this.cookies = config.cookieJar === null ? undefined : new SessionCookies(config.cookieJar);
  }

  /** The undici Agent. */
  get agent(): Dispatcher {
    return this.transport.agent;
  }

  /** Track a request in flight. */
  add(request: InFlight): void {
    request.nextInFlight = this.#first;
    if (this.#first !== undefined) this.#first.prevInFlight = request;
    this.#first = request;
  }

  /** Stop tracking a request (it is over). */
  remove(request: InFlight): void {
    const { prevInFlight: prev, nextInFlight: next } = request;
    if (prev !== undefined) prev.nextInFlight = next;
    else if (this.#first === request) this.#first = next;
    if (next !== undefined) next.prevInFlight = prev;
    request.prevInFlight = undefined;
    request.nextInFlight = undefined;
  }

  /** Close: abort every request in flight and every wait for a slot, then close every socket. */
  close(error: Error): Promise<void> {
    this.closed = true;
    for (let request = this.#first; request !== undefined; ) {
      const next = request.nextInFlight;
      request.abort(error);
      request = next;
    }
    this.limiter.failAll(error);
    return this.transport.close();
  }
}
