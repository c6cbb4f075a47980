import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type EventLoop, getEventLoop, type TimerHandle } from "@x/asyncio";
import { type LocalPage, PAGES, pageBody } from "./pages.js";

/** A request the site received: for which host, and when (the loop's time). */
export interface Arrival {
  readonly host: string;
  readonly at: number;
}

/** Options of {@link LocalSite.start}. */
export interface LocalSiteOptions {
  /** The pages to serve. Default: the reference page's four ({@link PAGES}). */
  readonly pages?: readonly LocalPage[];
  /** The loop whose clock times the answers. Default: the running loop (else the default loop). */
  readonly loop?: EventLoop;
}

interface Served {
  readonly page: LocalPage;
  readonly body: string;
}

/**
 * The sites of the real-world example, served locally: one `node:http` server on 127.0.0.1 (a free
 * port) that answers for every page's host (by the `Host` header) with the page's HTML, after the
 * page's latency. A `ClientSession` reaches it through real sockets with `resolve: site.resolve`,
 * while the URLs, the `Host` header and the cookies stay the real sites'.
 *
 * The latency is a timer on the loop the example runs on (`loop.callLater`): a request handler runs
 * outside any task, so it schedules the answer on the loop captured at start instead of sleeping.
 * With the system clock that is real time; with a `VirtualClock` the answers come at exact virtual
 * times — but a `ClientSession` holds the virtual clock while it waits for the network, so the clock
 * moves only when a test advances it (see `nextDeadline()`).
 */
export class LocalSite implements AsyncDisposable {
  readonly #server: Server;
  readonly #loop: EventLoop;
  readonly #byHost: ReadonlyMap<string, Served>;
  readonly #pending = new Set<TimerHandle>();
  readonly #arrivals: Arrival[] = [];
  #arrivalWaiters: { count: number; resolve: () => void }[] = [];
  #closing: Promise<void> | undefined = undefined;

  private constructor(server: Server, loop: EventLoop, pages: readonly LocalPage[]) {
    this.#server = server;
    this.#loop = loop;
    this.#byHost = new Map(pages.map((page) => [new URL(page.url).host, { page, body: pageBody(page) }]));
  }

  /**
   * Start the site on 127.0.0.1, on a free port. Call it on the loop the example runs on (inside
   * `run()`), or pass that loop.
   */
  static async start(options: LocalSiteOptions = {}): Promise<LocalSite> {
    const loop = options.loop ?? getEventLoop();
    const server = createServer();
    const site = new LocalSite(server, loop, options.pages ?? PAGES);
    server.on("request", (request: IncomingMessage, response: ServerResponse) =>
      site.#handle(request, response),
    );
    // Listening is outside the loop's sight: keep a VirtualClock from jumping meanwhile.
    using _hold = loop.holdClock();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return site;
  }

  /** The session's `resolve` option: each page's origin → this server (plain HTTP on 127.0.0.1). */
  get resolve(): Record<string, string> {
    const { port } = this.#server.address() as AddressInfo;
    const target = `http://127.0.0.1:${port}`;
    return Object.fromEntries(
      [...this.#byHost.values()].map(({ page }) => [new URL(page.url).origin, target]),
    );
  }

  /** The requests received so far, in order of arrival. */
  get arrivals(): readonly Arrival[] {
    return this.#arrivals;
  }

  /** Resolves once `count` requests have arrived. */
  whenArrived(count: number): Promise<void> {
    if (this.#arrivals.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#arrivalWaiters.push({ count, resolve }));
  }

  /** When the next answer is due, in the loop's time; `undefined` when no answer is waiting. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const timer of this.#pending) if (next === undefined || timer.when() < next) next = timer.when();
    return next;
  }

  /** Stop: drop the answers not sent yet, close every connection and the server. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #close(): Promise<void> {
    for (const timer of this.#pending) timer.cancel();
    this.#pending.clear();
    using _hold = this.#loop.isClosed() ? undefined : this.#loop.holdClock();
    const closed = once(this.#server, "close");
    this.#server.close();
    this.#server.closeAllConnections();
    await closed;
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const host = request.headers.host ?? "";
    const served = this.#byHost.get(host);
    if (served === undefined || request.url !== "/" || this.#loop.isClosed() || this.#closing !== undefined) {
      response
        .writeHead(404, { "content-type": "text/plain" })
        .end(`no page at ${host}${request.url ?? ""}\n`);
      return;
    }
    this.#arrivals.push({ host, at: this.#loop.time() });
    const ready = this.#arrivalWaiters.filter((w) => w.count <= this.#arrivals.length);
    this.#arrivalWaiters = this.#arrivalWaiters.filter((w) => w.count > this.#arrivals.length);
    for (const waiter of ready) waiter.resolve();

    const timer = this.#loop.callLater(served.page.latencyMs, () => {
      this.#pending.delete(timer);
      response
        .writeHead(200, {
          "content-type": "text/html; charset=utf-8",
          "content-length": String(Buffer.byteLength(served.body)),
        })
        .end(served.body);
    });
    this.#pending.add(timer);
    // A client that goes away (a cancelled request) gets no answer.
    response.once("close", () => {
      if (this.#pending.delete(timer)) timer.cancel();
    });
  }
}
