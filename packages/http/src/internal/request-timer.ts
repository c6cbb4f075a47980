import type { EventLoop, TimerHandle } from "@x/loop";
import { ClientTimeoutError, type TimeoutPhase } from "../errors.js";

/** The timeouts of one request, in ms; `Infinity` means none. */
export interface Timeouts {
  readonly total: number;
  readonly poolWait: number;
  readonly connect: number;
  readonly read: number;
}

/** The phase whose timeout currently runs (besides `total`). */
export type Phase = "poolWait" | "connect" | "read" | "none";

/** Who a {@link RequestTimer} works for. */
export interface TimerOwner {
  /** A timeout expired: fail the request with `error`. */
  expire(error: ClientTimeoutError): void;
  /** Names the request in messages ("GET https://…"). */
  describe(): string;
}

/**
 * The timeouts of one request, on the loop's timers (so a `VirtualClock` drives them), with a single
 * `TimerHandle` armed for the earliest deadline:
 *
 * - `total` runs from the first time the request gets a connection slot until its body is complete,
 *   paused while the request waits for a slot again (a redirect): pool waits are kept out of it, as
 *   aiohttp's users asked (aiohttp issue 10313);
 * - one phase at a time: `poolWait` (waiting for a slot), `connect` (slot taken until the request is
 *   on a socket), `read` (waiting for the response or the next body chunk; `touch()` restarts it);
 * - the deadline of an enclosing `timeout()` scope bounds everything.
 *
 * The handle is re-armed lazily: when a deadline moves later (a phase ends, data arrives), the armed
 * timer is kept and, when it fires early, re-armed for what is left. One timer per request, not one
 * per chunk.
 */
export class RequestTimer {
  readonly #loop: EventLoop;
  readonly #timeouts: Timeouts;
  readonly #owner: TimerOwner;
  /** The enclosing scope's deadline, in loop time. */
  #deadline: number;
  readonly #recheckDeadline: (() => number | undefined) | undefined;
  readonly #startedAt: number;
  /** What is left of `total` while it is paused. */
  #totalLeft: number;
  /** When `total` expires, while it runs. */
  #totalEnd = Number.POSITIVE_INFINITY;
  #phase: Phase = "none";
  #phaseStart = 0;
  #handle: TimerHandle | undefined = undefined;
  #stopped = false;

  /**
   * @param deadline the enclosing scope's deadline (loop time), if any.
   * @param recheckDeadline reads that deadline again when it comes due (a scope may be rescheduled).
   * @param owner is told when a timeout expires.
   */
  constructor(
    loop: EventLoop,
    timeouts: Timeouts,
    deadline: number | undefined,
    recheckDeadline: (() => number | undefined) | undefined,
    owner: TimerOwner,
  ) {
    this.#loop = loop;
    this.#timeouts = timeouts;
    this.#deadline = deadline ?? Number.POSITIVE_INFINITY;
    this.#recheckDeadline = recheckDeadline;
    this.#owner = owner;
    this.#totalLeft = timeouts.total;
    this.#startedAt = loop.time();
  }

  /** Start (or resume) the `total` budget. */
  resumeTotal(): void {
    if (this.#totalEnd !== Number.POSITIVE_INFINITY || this.#totalLeft === Number.POSITIVE_INFINITY) return;
    this.#totalEnd = this.#loop.time() + this.#totalLeft;
    this.#arm();
  }

  /** Pause the `total` budget (a wait for a connection slot). */
  pauseTotal(): void {
    if (this.#totalEnd === Number.POSITIVE_INFINITY) return;
    this.#totalLeft = Math.max(0, this.#totalEnd - this.#loop.time());
    this.#totalEnd = Number.POSITIVE_INFINITY;
  }

  /** Enter `phase` (its timeout starts now). */
  enter(phase: Phase): void {
    this.#phase = phase;
    if (phase === "none") return;
    this.#phaseStart = this.#loop.time();
    this.#arm();
  }

  /** Data arrived: the `read` timeout starts again. */
  touch(): void {
    this.#phaseStart = this.#loop.time();
  }

  /** The request is over: no timeout fires any more. */
  stop(): void {
    this.#stopped = true;
    this.#handle?.cancel();
    this.#handle = undefined;
  }

  #phaseMs(): number {
    switch (this.#phase) {
      case "poolWait":
        return this.#timeouts.poolWait;
      case "connect":
        return this.#timeouts.connect;
      case "read":
        return this.#timeouts.read;
      default:
        return Number.POSITIVE_INFINITY;
    }
  }

  #earliest(): number {
    return Math.min(this.#phaseStart + this.#phaseMs(), this.#totalEnd, this.#deadline);
  }

  #arm(): void {
    // A response read after its run() ended: the loop's timers are gone, and so are its timeouts.
    if (this.#stopped || this.#loop.isClosed()) return;
    const when = this.#earliest();
    const handle = this.#handle;
    if (handle !== undefined) {
      if (handle.when() <= when) return;
      handle.cancel();
      this.#handle = undefined;
    }
    if (when !== Number.POSITIVE_INFINITY) this.#handle = this.#loop.callAt(when, this.#fire);
  }

  readonly #fire = (): void => {
    this.#handle = undefined;
    if (this.#stopped) return;
    const now = this.#loop.time();
    let error: ClientTimeoutError | undefined;
    if (this.#deadline <= now) {
      // A scope rescheduled later moves the deadline; a scope that has ended does not lift it.
      const again = this.#recheckDeadline?.();
      if (again !== undefined && again > this.#deadline && again !== Number.POSITIVE_INFINITY) {
        this.#deadline = again;
      } else
        error = this.#error("total", this.#deadline - this.#startedAt, "the enclosing timeout() deadline");
    }
    if (error === undefined && this.#totalEnd <= now) error = this.#error("total", this.#timeouts.total);
    if (error === undefined && this.#phase !== "none" && this.#phaseStart + this.#phaseMs() <= now) {
      error = this.#error(this.#phase, this.#phaseMs());
    }
    if (error === undefined) {
      this.#arm();
      return;
    }
    this.stop();
    this.#owner.expire(error);
  };

  #error(phase: TimeoutPhase, ms: number, what = `the ${phase} timeout (${ms} ms)`): ClientTimeoutError {
    return new ClientTimeoutError(`${what} expired for ${this.#owner.describe()}`, { phase, timeout: ms });
  }
}
