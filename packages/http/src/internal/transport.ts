import type { Socket } from "node:net";
import { Agent, buildConnector, type Dispatcher } from "undici";
import type { TlsOptions } from "../options.js";

/** Where a `resolve` entry sends an origin's connections. */
export interface ConnectTarget {
  /** `http:` or `https:`; `undefined` keeps the request's scheme (and so its TLS). */
  readonly protocol: string | undefined;
  readonly hostname: string;
  readonly port: string;
}

/** What a {@link Transport} is made with. */
export interface TransportOptions {
  /** Sockets per origin (undici's `connections`); 0 for no limit. */
  readonly connectionsPerOrigin: number;
  /** "scheme://host[:port]" (an origin) or "any://host:port" (any scheme) → where to connect. */
  readonly resolve: ReadonlyMap<string, ConnectTarget>;
  readonly tls: TlsOptions | undefined;
  /** undici's own connect timeout, in real time: a backstop for connection attempts nobody waits for. */
  readonly connectBackstopMs: number;
  readonly keepAliveTimeoutMs: number;
}

/**
 * Parse a `resolve` entry's target: an origin ("http://127.0.0.1:8080", which also sets the scheme) or
 * "address:port" (curl's form: the request keeps its scheme). @internal
 */
export function parseTarget(text: string): ConnectTarget | undefined {
  const withScheme = text.includes("://");
  let url: URL;
  try {
    url = new URL(withScheme ? text : `http://${text}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.pathname !== "/" || url.search !== "" || url.username !== "" || url.hash !== "") return undefined;
  if (!withScheme && url.port === "") return undefined;
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return { protocol: withScheme ? url.protocol : undefined, hostname, port: url.port };
}

/**
 * The key of a `resolve` entry: the origin for "scheme://host[:port]", or "any://host:port" for curl's
 * "host:port" (any scheme on that port). `undefined` when it is neither. @internal
 */
export function resolveKey(text: string): string | undefined {
  if (text.includes("://")) {
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.origin : undefined;
    } catch {
      return undefined;
    }
  }
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:/[\]\s]+):(\d{1,5})$/.exec(text);
  return match === null ? undefined : `any://${(match[1] as string).toLowerCase()}:${Number(match[2])}`;
}

type Connector = (options: buildConnector.Options, callback: buildConnector.Callback) => Socket | undefined;

/**
 * The session's sockets: one undici `Agent` (a keep-alive `Pool` per origin, one request per socket at
 * a time), whose connections all go through our connector, so that we can
 *
 * - send an origin's connections elsewhere (the `resolve` option, curl's `--resolve`/`--connect-to`),
 *   while the URL, the `Host` header, TLS's server name and the cookies stay the original's;
 * - know every socket the session opened, and have `close()` wait until each one is closed.
 */
export class Transport {
  readonly agent: Dispatcher;
  readonly #sockets = new Set<Socket>();
  readonly #connector: Connector;
  readonly #resolve: ReadonlyMap<string, ConnectTarget>;
  #closeWaiters: (() => void)[] = [];

  constructor(options: TransportOptions) {
    this.#resolve = options.resolve;
    this.#connector = buildConnector({
      ...(options.tls as object),
      timeout: options.connectBackstopMs,
    } as buildConnector.BuildOptions) as unknown as Connector;
    const connections = options.connectionsPerOrigin > 0 ? options.connectionsPerOrigin : null;
    this.agent = new Agent({
      connections,
      pipelining: 1,
      // Our own timers (on the loop's clock) bound the phases; undici's would run on real time.
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      connect: (opts, callback) => this.#connect(opts, callback),
    });
  }

  /** Sockets opened and not closed yet. */
  get openSockets(): number {
    return this.#sockets.size;
  }

  /** Destroy every socket now and resolve once each of them is closed. */
  async close(): Promise<void> {
    await this.agent.destroy();
    for (const socket of this.#sockets) socket.destroy();
    if (this.#sockets.size === 0) return;
    await new Promise<void>((resolve) => this.#closeWaiters.push(resolve));
  }

  #lookup(opts: buildConnector.Options): ConnectTarget | undefined {
    const exact = this.#resolve.get(`${opts.protocol}//${opts.host}`);
    if (exact !== undefined) return exact;
    const port = opts.port === "" ? (opts.protocol === "https:" ? "443" : "80") : opts.port;
    const hostname = opts.hostname.startsWith("[") ? opts.hostname : opts.hostname.toLowerCase();
    return this.#resolve.get(`any://${hostname}:${Number(port)}`);
  }

  #connect(opts: buildConnector.Options, callback: buildConnector.Callback): void {
    const target = this.#resolve.size > 0 ? this.#lookup(opts) : undefined;
    const mapped =
      target === undefined
        ? opts
        : {
            ...opts,
            protocol: target.protocol ?? opts.protocol,
            hostname: target.hostname,
            port: target.port,
          };
    const socket = this.#connector(mapped, callback);
    if (socket === undefined) return;
    this.#sockets.add(socket);
    socket.once("close", () => {
      this.#sockets.delete(socket);
      if (this.#sockets.size === 0 && this.#closeWaiters.length > 0) {
        const waiters = this.#closeWaiters;
        this.#closeWaiters = [];
        for (const resolve of waiters) resolve();
      }
    });
  }
}
