import type { EventLoop } from "./event-loop.js";

/**
 * A callback scheduled with `loop.callSoon()`: asyncio's `Handle`. `cancel()` keeps it from running.
 */
export class Handle {
  /** @internal */
  _cancelled = false;
  readonly #loop: EventLoop;
  #callback: ((...args: never[]) => unknown) | undefined;
  #args: readonly unknown[];

  /** @internal */
  constructor(loop: EventLoop, callback: (...args: never[]) => unknown, args: readonly unknown[]) {
    this.#loop = loop;
    this.#callback = callback;
    this.#args = args;
  }

  /** Keep the callback from running; does nothing if it already ran. */
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    this.#callback = undefined;
    this.#args = [];
  }

  /** Whether `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** A short description for messages: `Handle <name>`. */
  toString(): string {
    return `${this.constructor.name} <${this._callbackName()}>`;
  }

  /** @internal */
  _callbackName(): string {
    const callback = this.#callback;
    return callback === undefined ? "cancelled" : callback.name || "anonymous";
  }

  /** @internal */
  _run(): void {
    const callback = this.#callback;
    if (callback === undefined) return;
    try {
      (callback as (...args: unknown[]) => unknown)(...this.#args);
    } catch (exception) {
      this.#loop.callExceptionHandler({
        message: `Exception in callback ${callback.name || "anonymous"}`,
        exception,
        handle: this,
      });
    }
  }

  /** @internal */
  get _loopOfHandle(): EventLoop {
    return this.#loop;
  }
}

/**
 * A callback scheduled for a time with `loop.callLater()` or `loop.callAt()`: asyncio's `TimerHandle`.
 * `when()` is the deadline in the loop's time (ms).
 */
export class TimerHandle extends Handle {
  /** @internal */
  _when: number;
  /** @internal */
  _seq: number;

  /** @internal */
  constructor(
    loop: EventLoop,
    when: number,
    seq: number,
    callback: (...args: never[]) => unknown,
    args: readonly unknown[],
  ) {
    super(loop, callback, args);
    this._when = when;
    this._seq = seq;
  }

  /** The deadline, in the loop's time (milliseconds). */
  when(): number {
    return this._when;
  }

  /** Keep the callback from running, and drop it from the loop's timers. */
  override cancel(): void {
    if (this._cancelled) return;
    super.cancel();
    this._loopOfHandle._timerCancelled();
  }
}
