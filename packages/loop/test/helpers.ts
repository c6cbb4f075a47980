import { getRunningLoop, run, VirtualClock } from "@x/loop";

/** Run `main` on a fresh VirtualClock and return what it logged. */
export async function runLogged(main: (log: (event: string) => void) => Promise<unknown>): Promise<string[]> {
  const events: string[] = [];
  await run(() => main((event) => events.push(event)), { clock: new VirtualClock() });
  return events;
}

/** `event@time`, in the running loop's time. */
export function at(event: string): string {
  return `${event}@${getRunningLoop().time()}`;
}
