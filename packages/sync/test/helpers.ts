import { getRunningLoop, run, VirtualClock } from "@x/loop";

/** Run `main` on a fresh VirtualClock and return what it logged. */
export async function runLogged(
  main: (log: (event: string) => void) => Promise<unknown>,
  options: { debug?: boolean } = {},
): Promise<string[]> {
  const events: string[] = [];
  await run(() => main((event) => events.push(event)), { clock: new VirtualClock(), ...options });
  return events;
}

/** `event@time`, in the running loop's time. */
export function at(event: string): string {
  return `${event}@${getRunningLoop().time()}`;
}

/** The name of what a promise rejected with, or "ok". */
export async function outcome(promise: PromiseLike<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
}
