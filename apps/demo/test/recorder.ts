import { getRunningLoop } from "@x/asyncio";
import type { Print } from "../src/example.js";

/** A `print` for the examples that records each line with the loop's time: "1000 first". */
export class Recorder {
  readonly lines: string[] = [];
  #waiters: { count: number; resolve: () => void }[] = [];

  readonly print: Print = (line) => {
    this.lines.push(`${getRunningLoop().time()} ${line}`);
    const ready = this.#waiters.filter((w) => w.count <= this.lines.length);
    this.#waiters = this.#waiters.filter((w) => w.count > this.lines.length);
    for (const waiter of ready) waiter.resolve();
  };

  /** Resolves once `count` lines have been printed. */
  whenPrinted(count: number): Promise<void> {
    if (this.lines.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }
}
