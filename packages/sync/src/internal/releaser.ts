/**
 * What `acquire()` resolves with: releases the hold it stands for, once. `using` calls
 * `[Symbol.dispose]()` at the end of the block.
 */
export interface Releaser extends Disposable {
  /** Release the hold, once: later calls (and the dispose of a `using` block) do nothing. */
  release(): void;
}

/** The one releaser class: calls `release(arg)` the first time it is used. */
export class Hold<A = undefined> implements Releaser {
  #release: ((arg: A) => void) | undefined;
  /** What the hold stands for (a borrower, a key), given back to `release`. @internal */
  readonly _arg: A;

  constructor(release: (arg: A) => void, arg: A) {
    this.#release = release;
    this._arg = arg;
  }

  release(): void {
    const release = this.#release;
    if (release === undefined) return;
    this.#release = undefined;
    release(this._arg);
  }

  [Symbol.dispose](): void {
    this.release();
  }

  /** Whether the hold is still held (not released through this releaser). */
  get held(): boolean {
    return this.#release !== undefined;
  }
}
