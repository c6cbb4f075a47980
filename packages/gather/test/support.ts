import { type EventLoop, type ExceptionContext, getRunningLoop, run, VirtualClock } from "@x/loop";

/** Run `main` in a new loop on a VirtualClock; what the loop's exception handler receives goes to `reports`. */
export function onVirtualClock<T>(
  main: (loop: EventLoop, reports: ExceptionContext[]) => Promise<T>,
): Promise<T> {
  return run(
    async () => {
      const loop = getRunningLoop();
      const reports: ExceptionContext[] = [];
      loop.setExceptionHandler((_loop, context) => reports.push(context));
      return await main(loop, reports);
    },
    { clock: new VirtualClock() },
  );
}

/** The running loop's virtual time. */
export function now(): number {
  return getRunningLoop().time();
}

/** A promise that never settles, for awaitables that outlive every call. */
export function never<T = never>(): Promise<T> {
  return new Promise<T>(() => undefined);
}
