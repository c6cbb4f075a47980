import { CancelledError, type ClockHold, type EventLoop, getEventLoop, InvalidStateError } from "@x/loop";
import type { Dispatcher } from "undici";
import { ClientPayloadError } from "../errors.js";
import { ContentDecoder, decodersFor } from "./content-decoder.js";
import type { HeaderMap } from "./headers.js";
import { hasVirtualClock, IoWaiter } from "./io-waiter.js";
import { toClientError } from "./map-error.js";
import type { RequestTimer } from "./request-timer.js";

type Controller = Dispatcher.DispatchController;

/** Raw response headers as undici parses them: lower-case names, repeated headers as arrays. */
export type RawHeaders = Record<string, string | string[] | undefined>;

/** The status line and headers of a response. */
export interface ResponseHead {
  readonly status: number;
  readonly statusText: string;
  readonly headers: RawHeaders;
}

/** What one exchange sends. */
export interface ExchangeRequest {
  readonly origin: string;
  readonly path: string;
  /** The URL, for messages. */
  readonly href: string;
  readonly method: string;
  readonly headers: HeaderMap;
  readonly body: string | Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array> | undefined;
}

/** Who an {@link Exchange} reports to. */
export interface ExchangeOwner {
  /** The exchange is over (body complete, failed or aborted): its connection slot is free. */
  exchangeDone(exchange: Exchange): void;
}

/** Buffered body bytes above which the socket is paused until the reader catches up. */
const HIGH_WATER_MARK = 128 * 1024;

enum State {
  /** Dispatched, not on a socket yet (connecting, or queued in undici). */
  Connecting,
  /** Sent (or sending); waiting for the status line and headers. */
  AwaitingHead,
  /** Headers in; the body is arriving. */
  Body,
  /** The body is complete, or the exchange failed. The slot is released. */
  Done,
}

/**
 * One request/response on the session's undici Agent, as a dispatch handler: undici calls it as the
 * request goes out and the response comes in; the request flow and `ClientResponse` read from it.
 *
 * - It drives the phase timers (`connect` until the request is on a socket, then `read` while
 *   waiting for data; paused while the reader is behind) and fails with their error.
 * - It buffers the body chunks, decodes the content coding, counts decoded bytes against
 *   `maxBodySize`, and pauses the socket while more than {@link HIGH_WATER_MARK} bytes wait for a
 *   reader (unless a reader wants the whole body).
 * - It releases its connection slot exactly once: when the body is complete, or the exchange fails or
 *   is aborted (cancellation, a timeout, `release()`, the session closing). Aborting destroys the
 *   socket, as an HTTP/1.1 response cannot be abandoned half-read.
 */
export class Exchange implements Dispatcher.DispatchHandler {
  readonly #loop: EventLoop;
  readonly #request: ExchangeRequest;
  readonly #timer: RequestTimer;
  readonly #maxBodySize: number;
  readonly #connectTimeout: number;
  #owner: ExchangeOwner | undefined;
  #state = State.Connecting;
  #controller: Controller | undefined = undefined;
  #failure: Error | undefined = undefined;
  #headWaiter: IoWaiter<ResponseHead> | undefined = undefined;
  #head: ResponseHead | undefined = undefined;
  // The body.
  #chunks: Buffer[] = [];
  #queued = 0;
  #received = 0;
  #complete = false;
  #collecting = false;
  #paused = false;
  #decoder: ContentDecoder | undefined = undefined;
  #decoderFull = false;
  #reader: IoWaiter<void> | undefined = undefined;
  #hold: ClockHold | undefined = undefined;

  /**
   * @param owner told once, when the exchange ends (its slot is free again).
   */
  constructor(
    loop: EventLoop,
    request: ExchangeRequest,
    timer: RequestTimer,
    maxBodySize: number,
    connectTimeout: number,
    owner: ExchangeOwner,
  ) {
    this.#loop = loop;
    this.#request = request;
    this.#timer = timer;
    this.#maxBodySize = maxBodySize;
    this.#connectTimeout = connectTimeout;
    this.#owner = owner;
  }

  /** The origin it talks to (its connection slot's key). */
  get origin(): string {
    return this.#request.origin;
  }

  /** "GET https://…", for messages. */
  get what(): string {
    return `${this.#request.method} ${this.#request.href}`;
  }

  /** The response head once it arrived. */
  get head(): ResponseHead | undefined {
    return this.#head;
  }

  /** Whether the whole body has arrived (and been decoded). */
  get complete(): boolean {
    return this.#complete;
  }

  /** What the exchange failed with, if it did. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /**
   * Send the request and wait for the response head, in the calling task: cancelling the task aborts
   * the exchange at once. While waiting, a `VirtualClock` is held (the loop cannot see the socket).
   */
  send(dispatcher: Dispatcher): Promise<ResponseHead> {
    const waiter = new IoWaiter<ResponseHead>(
      this.#loop,
      false,
      (msg) => this.abort(new CancelledError(msg ?? "")),
      (revoked) => {
        // The head arrived, but the task was cancelled before it resumed: nobody will read this response.
        if (revoked !== undefined) this.abort(new CancelledError());
      },
    );
    if (waiter.done()) {
      // The task was already being cancelled: send nothing.
      this.#finish();
      return waiter.promise;
    }
    this.#headWaiter = waiter;
    this.#holdClock(true);
    this.#timer.enter("connect");
    const request = this.#request;
    try {
      dispatcher.dispatch(
        {
          origin: request.origin,
          path: request.path,
          method: request.method,
          headers: request.headers,
          body: (request.body ?? null) as NonNullable<Dispatcher.DispatchOptions["body"]>,
        },
        this,
      );
    } catch (error) {
      this.#fail(toClientError(error, this.what, this.#connectTimeout));
    }
    return waiter.promise;
  }

  /**
   * Fail the exchange with `reason` unless its body is already complete: the socket is destroyed, the
   * slot released, and whoever waits (for the head or the body) gets `reason`.
   */
  abort(reason: Error): void {
    this.#fail(reason);
  }

  // ---------------------------------------------------------------- undici's handler

  onRequestStart(controller: Controller, _context: unknown): void {
    if (this.#state === State.Done) {
      controller.abort(this.#failure ?? new CancelledError());
      return;
    }
    this.#controller = controller;
    this.#state = State.AwaitingHead;
    this.#timer.enter("read");
  }

  onResponseStart(controller: Controller, status: number, headers: RawHeaders, statusText?: string): void {
    if (this.#state !== State.AwaitingHead || status < 200) return;
    this.#controller = controller;
    this.#state = State.Body;
    this.#timer.touch();
    const head: ResponseHead = { status, statusText: statusText ?? "", headers };
    this.#head = head;
    if (this.#request.method !== "HEAD" && status !== 204 && status !== 304) {
      const decoders = decodersFor(headers["content-encoding"]);
      if (decoders !== undefined) this.#startDecoder(decoders);
    }
    const waiter = this.#headWaiter;
    this.#headWaiter = undefined;
    waiter?.resolve(head);
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    if (this.#state !== State.Body) return;
    this.#timer.touch();
    const decoder = this.#decoder;
    if (decoder === undefined) this.#deliver(chunk);
    else if (!decoder.write(chunk)) {
      this.#decoderFull = true;
      this.#updateFlow();
    }
  }

  onResponseEnd(_controller: Controller, _trailers: RawHeaders): void {
    if (this.#state !== State.Body) return;
    const decoder = this.#decoder;
    if (decoder === undefined) this.#completeBody();
    else decoder.end(() => this.#completeBody());
  }

  onResponseError(_controller: Controller | undefined, error: Error): void {
    if (this.#state === State.Done) return;
    this.#fail(toClientError(error, this.what, this.#connectTimeout));
  }

  // ---------------------------------------------------------------- reading the body

  /**
   * The whole (decoded) body. Waits for the rest of it in the calling task; cancelling the wait aborts
   * the exchange. The chunks already taken by `readChunk()` are not part of it.
   */
  async readAll(): Promise<Buffer> {
    while (!this.#complete) {
      if (this.#failure !== undefined) throw this.#failure;
      this.#collecting = true;
      this.#updateFlow();
      await this.#waitForData();
    }
    return this.takeAll();
  }

  /** The body buffered so far, taken whole (call once `complete`). */
  takeAll(): Buffer {
    const chunks = this.#chunks;
    this.#chunks = [];
    const size = this.#queued;
    this.#queued = 0;
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
  }

  /**
   * The next chunk of the (decoded) body, as it arrived, or `null` at its end. A failure drops what
   * was buffered and not read yet, and is thrown by the next read.
   */
  async readChunk(): Promise<Buffer | null> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk !== undefined) {
        this.#queued -= chunk.length;
        if (this.#paused) this.#updateFlow();
        return chunk;
      }
      if (this.#failure !== undefined) throw this.#failure;
      if (this.#complete) return null;
      await this.#waitForData();
    }
  }

  async #waitForData(): Promise<void> {
    if (this.#reader !== undefined) {
      throw new InvalidStateError("ClientResponse: another read of this body is already waiting");
    }
    const waiter = new IoWaiter<void>(getEventLoop(), true, (msg) =>
      this.abort(new CancelledError(msg ?? "")),
    );
    if (!waiter.done()) this.#reader = waiter;
    else this.abort(new CancelledError());
    try {
      await waiter.promise;
    } finally {
      if (this.#reader === waiter) this.#reader = undefined;
    }
  }

  #wakeReader(): void {
    const reader = this.#reader;
    if (reader !== undefined) {
      this.#reader = undefined;
      reader.resolve();
    }
  }

  #deliver(chunk: Buffer): void {
    if (this.#state !== State.Body) return;
    this.#received += chunk.length;
    if (this.#received > this.#maxBodySize) {
      this.#fail(
        new ClientPayloadError(
          `the response body of ${this.what} is larger than maxBodySize (${this.#maxBodySize} bytes)`,
        ),
      );
      return;
    }
    this.#chunks.push(chunk);
    this.#queued += chunk.length;
    // A reader of the whole body waits for its end, not for each chunk.
    if (this.#collecting) return;
    this.#wakeReader();
    if (this.#queued >= HIGH_WATER_MARK) this.#updateFlow();
  }

  #completeBody(): void {
    if (this.#state !== State.Body) return;
    this.#complete = true;
    this.#finish();
    this.#wakeReader();
  }

  #startDecoder(decoders: string[]): void {
    this.#decoder = new ContentDecoder(
      decoders,
      {
        data: (chunk) => this.#deliver(chunk),
        end: () => this.#completeBody(),
        error: (cause) =>
          this.#fail(
            new ClientPayloadError(`cannot decode the response body of ${this.what}: ${cause.message}`, {
              cause,
            }),
          ),
      },
      () => {
        this.#decoderFull = false;
        this.#updateFlow();
      },
    );
  }

  /** Pause the socket while the reader is behind, resume it when it caught up. */
  #updateFlow(): void {
    if (this.#state !== State.Body) return;
    const behind = !this.#collecting && this.#queued >= HIGH_WATER_MARK;
    if (this.#decoder !== undefined) {
      if (behind) this.#decoder.pauseOutput();
      else this.#decoder.resumeOutput();
    }
    const pause = behind || this.#decoderFull;
    if (pause === this.#paused) return;
    this.#paused = pause;
    const controller = this.#controller;
    this.#holdClock(!pause);
    if (pause) {
      controller?.pause();
      this.#timer.enter("none");
    } else {
      this.#timer.enter("read");
      controller?.resume();
    }
  }

  // ---------------------------------------------------------------- ending

  #fail(error: Error): void {
    if (this.#failure !== undefined || this.#complete) return;
    this.#failure = error;
    this.#chunks = [];
    this.#queued = 0;
    this.#decoder?.destroy();
    const controller = this.#controller;
    if (controller !== undefined && !controller.aborted) controller.abort(error);
    this.#finish();
    const headWaiter = this.#headWaiter;
    this.#headWaiter = undefined;
    headWaiter?.reject(error);
    this.#wakeReader();
  }

  /**
   * Hold a `VirtualClock` while bytes may arrive that the loop cannot see: from the moment the
   * request is sent until the body is complete, except while the body is paused (nobody reads it).
   * So virtual time never jumps past a timeout while a real server is answering; it moves only by
   * `clock.advance()`, or while every response in flight is paused or done.
   */
  #holdClock(on: boolean): void {
    if (on) {
      if (this.#hold === undefined && hasVirtualClock(this.#loop)) this.#hold = this.#loop.holdClock();
    } else if (this.#hold !== undefined) {
      this.#hold.release();
      this.#hold = undefined;
    }
  }

  #finish(): void {
    this.#holdClock(false);
    this.#state = State.Done;
    const owner = this.#owner;
    this.#owner = undefined;
    owner?.exchangeDone(this);
  }
}
