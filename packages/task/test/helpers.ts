import { getRunningLoop, run, VirtualClock } from "@x/loop";

/** Run `main` on a new loop with a VirtualClock. */
export function virtual<T>(main: () => PromiseLike<T>): Promise<T> {
  return run(main, { clock: new VirtualClock() });
}

/** The running loop's time. */
export function now(): number {
  return getRunningLoop().time();
}

/** What `promise` settled with, as a value: `{ ok, value }` or `{ ok: false, error }`. */
export async function settle<T>(
  promise: PromiseLike<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The class name of an error (or of the value thrown). */
export function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
