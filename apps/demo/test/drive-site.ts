import type { VirtualClock } from "@x/asyncio";
import type { LocalSite } from "../src/local-site.js";
import type { Recorder } from "./recorder.js";

/**
 * Move a VirtualClock through the site's answers, one at a time.
 *
 * A `ClientSession` holds the virtual clock while its requests are on the network (the loop cannot
 * see sockets), so the loop never jumps to the site's timers by itself. This plays the network's
 * part: wait until `requests` requests have reached the site — all at the same virtual time, since
 * nothing moved the clock — then advance the clock to the site's next deadline and wait for the line
 * that answer makes the example print, and so on while an answer is waiting.
 */
export async function driveSite(
  clock: VirtualClock,
  site: LocalSite,
  out: Recorder,
  requests: number,
): Promise<void> {
  await site.whenArrived(requests);
  for (let deadline = site.nextDeadline(); deadline !== undefined; deadline = site.nextDeadline()) {
    const printed = out.lines.length;
    clock.advance(deadline - clock.now());
    await out.whenPrinted(printed + 1);
  }
}
