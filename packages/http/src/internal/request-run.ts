import { CancelledError, type EventLoop } from "@x/loop";
import { ClientResponse } from "../client-response.js";
import { ClientConnectionError, ClientError, TooManyRedirects } from "../errors.js";
import type { ResponseCheck } from "../options.js";
import { enclosingDeadline } from "./deadline.js";
import { Exchange, type ExchangeOwner, type ResponseHead } from "./exchange.js";
import { CREDENTIAL_HEADERS, type HeaderMap } from "./headers.js";
import type { IoWaiter } from "./io-waiter.js";
import type { PreparedRequest } from "./prepare-request.js";
import { BODY_HEADERS, isRedirect, redirectMethod } from "./redirect.js";
import { type EncodedBody, NO_BODY } from "./request-body.js";
import { RequestTimer, type TimerOwner } from "./request-timer.js";
import type { InFlight, SessionCore } from "./session-core.js";
import { parseUrl, type Target, toTarget } from "./url.js";

const NO_HISTORY: readonly ClientResponse[] = Object.freeze([]);

/**
 * One request of a session, from the first connection slot to the end of the final response's body:
 * it takes a slot, runs an {@link Exchange} per hop, follows redirects (Fetch rules, credentials kept
 * to their origin), stores cookies, applies `raiseForStatus`, and owns the request's timeouts and its
 * `signal` listener until the body is complete.
 *
 * It is the owner its exchanges report to and the target its timer fires at, and it listens to the
 * signal itself (`handleEvent`), so a request costs no closures.
 */
export class RequestRun implements ExchangeOwner, TimerOwner, InFlight {
  prevInFlight: InFlight | undefined = undefined;
  nextInFlight: InFlight | undefined = undefined;
  readonly #core: SessionCore;
  readonly #loop: EventLoop;
  readonly #request: PreparedRequest;
  readonly #timer: RequestTimer;
  #method: string;
  #target: Target;
  #headers: Readonly<HeaderMap>;
  #ownHeaders = false;
  #authorization: string | undefined;
  #body: EncodedBody;
  #history: ClientResponse[] | undefined = undefined;
  #exchange: Exchange | undefined = undefined;
  #poolWaiter: IoWaiter<void> | undefined = undefined;
  #final = false;
  #finished = false;

  constructor(core: SessionCore, loop: EventLoop, request: PreparedRequest) {
    this.#core = core;
    this.#loop = loop;
    this.#request = request;
    this.#method = request.method;
    this.#target = request.target;
    this.#headers = request.headers;
    this.#authorization = request.authorization;
    this.#body = request.body;
    const deadline = enclosingDeadline();
    this.#timer = new RequestTimer(loop, request.timeouts, deadline?.when, deadline?.recheck, this);
  }

  /** Run the request in the calling task; resolves with the final response. */
  async run(): Promise<ClientResponse> {
    const signal = this.#request.signal;
    if (signal !== undefined) {
      if (signal.aborted) throw this.#signalError(signal);
      signal.addEventListener("abort", this);
    }
    const core = this.#core;
    core.add(this);
    try {
      for (;;) {
        // One request/response per turn of this loop: a redirect goes round again.
        const target = this.#target;
        if (core.closed) throw new ClientConnectionError(`${this.describe()}: the ClientSession was closed`);
        const headers = this.#hopHeaders();
        if (core.cookies !== undefined) {
          const found = core.cookies.header(target.href);
          const cookie = typeof found === "string" ? found : await found;
          if (cookie !== "")
            headers.cookie = headers.cookie === undefined ? cookie : `${headers.cookie}; ${cookie}`;
        }
        if (!core.limiter.tryAcquire(target.origin)) await this.#waitForSlot(target.origin);
        const exchange = new Exchange(
          this.#loop,
          {
            origin: target.origin,
            path: target.path,
            href: target.href,
            method: this.#method,
            headers,
            body: this.#body.body,
          },
          this.#timer,
          this.#request.maxBodySize,
          this.#request.timeouts.connect,
          this,
        );
        this.#exchange = exchange;
        this.#timer.resumeTotal();
        const head = await exchange.send(core.agent);
        if (core.cookies !== undefined) {
          const stored = core.cookies.store(head.headers["set-cookie"], target.href);
          if (stored !== undefined) await stored;
        }
        const response = this.#respond(exchange, head, headers);
        if (response === undefined) continue;
        const check = this.#request.raiseForStatus;
        if (check !== false) await applyCheck(response, check);
        return response;
      }
    } catch (error) {
      this.#exchange?.abort(error instanceof Error ? error : new ClientError(String(error)));
      this.#finish();
      throw error;
    }
  }

  /** The headers of the next request: the request's, with its credentials and content type. */
  #hopHeaders(): HeaderMap {
    const headers: HeaderMap = { ...this.#headers };
    const authorization = this.#authorization;
    if (authorization !== undefined && headers.authorization === undefined)
      headers.authorization = authorization;
    const contentType = this.#body.contentType;
    if (contentType !== undefined && headers["content-type"] === undefined)
      headers["content-type"] = contentType;
    return headers;
  }

  /** The final response, or `undefined` after setting up the request that follows a redirect. */
  #respond(exchange: Exchange, head: ResponseHead, headers: HeaderMap): ClientResponse | undefined {
    const method = this.#method;
    const url = this.#target.href;
    const location = head.headers.location;
    const history = this.#history ?? NO_HISTORY;
    if (!this.#request.allowRedirects || !isRedirect(head.status) || typeof location !== "string") {
      const response = new ClientResponse({ exchange, head, method, url, history, requestHeaders: headers });
      this.#final = true;
      if (exchange.complete || exchange.failure !== undefined) this.#finish();
      return response;
    }
    // A redirect: let this response go, and work out the next request.
    if (exchange.failure !== undefined) throw exchange.failure;
    const response = new ClientResponse({
      exchange,
      head,
      method,
      url,
      history: [...history],
      requestHeaders: headers,
    });
    response.release();
    this.#exchange = undefined;
    this.#history ??= [];
    this.#history.push(response);
    if (this.#history.length > this.#request.maxRedirects) throw tooMany(response, head, this.#history);
    this.#redirect(head.status, location);
    return undefined;
  }

  #redirect(status: number, location: string): void {
    const from = this.#target;
    const url = parseUrl(location, from.href, `the Location of the ${status} redirect from ${from.href}`);
    const next = toTarget(url);
    const { method, dropBody } = redirectMethod(status, this.#method);
    if (dropBody) {
      this.#body = NO_BODY;
      this.#dropHeaders(BODY_HEADERS);
    } else if (this.#body.body !== undefined && !this.#body.replayable) {
      throw new ClientError(
        `cannot follow the ${status} redirect from ${from.href}: the request body was a stream and cannot be sent again`,
      );
    }
    if (next.origin !== from.origin) {
      // Credentials are for the origin they were given to (the redirect's own user info is ignored).
      this.#dropHeaders(CREDENTIAL_HEADERS);
      this.#authorization = undefined;
    }
    this.#method = method;
    this.#target = next;
    this.#timer.pauseTotal();
  }

  #dropHeaders(names: readonly string[]): void {
    if (!this.#ownHeaders) {
      this.#headers = { ...this.#headers };
      this.#ownHeaders = true;
    }
    for (const name of names) delete (this.#headers as HeaderMap)[name];
  }

  async #waitForSlot(key: string): Promise<void> {
    const limiter = this.#core.limiter;
    this.#timer.pauseTotal();
    const waiter = limiter.wait(this.#loop, key);
    if (!waiter.done()) {
      this.#poolWaiter = waiter;
      this.#timer.enter("poolWait");
    }
    try {
      await waiter.promise;
    } finally {
      this.#poolWaiter = undefined;
    }
  }

  // ---------------------------------------------------------------- what others call

  /** An exchange ended: give its slot back; the request is over when its final exchange is. */
  exchangeDone(exchange: Exchange): void {
    this.#core.limiter.release(exchange.origin);
    if (this.#final && exchange === this.#exchange) this.#finish();
  }

  /** A timeout expired. */
  expire(error: Error): void {
    this.abort(error);
  }

  /** Fail whatever the request waits on with `error` (a timeout, the signal, the session closing). */
  abort(error: Error): void {
    const waiter = this.#poolWaiter;
    if (waiter !== undefined) this.#core.limiter.fail(waiter, error);
    this.#exchange?.abort(error);
  }

  /** "GET https://…", for messages. */
  describe(): string {
    return `${this.#method} ${this.#target.href}`;
  }

  /** The signal was aborted. */
  handleEvent(): void {
    const signal = this.#request.signal as AbortSignal;
    this.abort(this.#signalError(signal));
  }

  #signalError(signal: AbortSignal): CancelledError {
    return new CancelledError("the request was aborted by its signal", { cause: signal.reason });
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#timer.stop();
    this.#request.signal?.removeEventListener("abort", this);
    this.#core.remove(this);
  }
}

async function applyCheck(response: ClientResponse, check: true | ResponseCheck): Promise<void> {
  if (check === true) {
    response.raiseForStatus();
    return;
  }
  try {
    await check(response);
  } catch (error) {
    response.release();
    throw error;
  }
}

function tooMany(
  response: ClientResponse,
  head: ResponseHead,
  history: readonly ClientResponse[],
): TooManyRedirects {
  return new TooManyRedirects(`more than ${history.length - 1} redirects, the last from ${response.url}`, {
    status: head.status,
    headers: response.headers,
    request: response.request,
    history,
  });
}
