import type { Releaser } from "./releaser.js";

/** Wait for `hold`, run `fn`, and release the hold however `fn` ends: the callback form of `using`. */
export async function runHeld<R>(hold: Promise<Releaser>, fn: () => R | PromiseLike<R>): Promise<Awaited<R>> {
  const releaser = await hold;
  try {
    return await fn();
  } finally {
    releaser.release();
  }
}
