import { once } from "node:events";
import { createServer } from "node:net";
import { CancelledError, getRunningLoop, run, VirtualClock } from "@x/asyncio";
import { describe, expect, it } from "vitest";
import { main, urls } from "../src/examples/fetch.js";
import { LocalSite } from "../src/local-site.js";
import { driveSite } from "./drive-site.js";
import { Recorder } from "./recorder.js";

/**
 * Run the fetch example on a VirtualClock against the local site, with the session options that
 * `options(site)` gives; `drive` moves the clock. Resolves with the loop's time at the end.
 */
async function runFetch(
  out: Recorder,
  options: (site: LocalSite) => Parameters<typeof main>[1],
  drive: (clock: VirtualClock, site: LocalSite) => Promise<void>,
): Promise<{ end: number; site: LocalSite }> {
  const clock = new VirtualClock();
  let started: (site: LocalSite) => void = () => {};
  const siteStarted = new Promise<LocalSite>((resolve) => {
    started = resolve;
  });
  const done = run(
    async () => {
      await using site = await LocalSite.start();
      started(site);
      await main(out.print, options(site));
      return { end: getRunningLoop().time(), site };
    },
    { clock },
  );
  const site = await Promise.race([siteStarted, done.then(() => Promise.reject(new Error("ended early")))]);
  await drive(clock, site);
  return await done;
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

describe("the fetch example", () => {
  it("prints each page's length as it completes, in the page's order, at each page's latency", async () => {
    const out = new Recorder();
    const { end, site } = await runFetch(
      out,
      (site) => ({ resolve: site.resolve }),
      (clock, site) => driveSite(clock, site, out, 4),
    );
    expect(out.lines).toEqual([
      "100 https://python.org => 50014 chars",
      "200 https://example.com => 1256 chars",
      "300 https://google.com => 20230 chars",
      "400 https://realpython.com => 83489 chars",
    ]);
    expect(end).toBe(400);
    // The four requests went out together, over real sockets, with the real sites' Host headers.
    expect([...site.arrivals].sort((a, b) => a.host.localeCompare(b.host))).toEqual([
      { host: "example.com", at: 0 },
      { host: "google.com", at: 0 },
      { host: "python.org", at: 0 },
      { host: "realpython.com", at: 0 },
    ]);
  });

  it("prints Failed to fetch url: and the error for a page it cannot fetch, and goes on with the others", async () => {
    const port = await closedPort();
    const out = new Recorder();
    const { end } = await runFetch(
      out,
      (site) => ({ resolve: { ...site.resolve, "https://google.com": `http://127.0.0.1:${port}` } }),
      async (clock, site) => {
        // The refused connection fails first, before the clock moves.
        await out.whenPrinted(1);
        await driveSite(clock, site, out, 3);
      },
    );
    expect(out.lines).toEqual([
      expect.stringMatching(/^0 Failed to fetch url: GET https:\/\/google\.com\/: .*ECONNREFUSED/),
      "100 https://python.org => 50014 chars",
      "200 https://example.com => 1256 chars",
      "400 https://realpython.com => 83489 chars",
    ]);
    expect(end).toBe(400);
  });

  it("fetches the page's four URLs", () => {
    expect(urls).toEqual([
      "https://python.org",
      "https://realpython.com",
      "https://google.com",
      "https://example.com",
    ]);
  });

  it("lets a cancellation through instead of printing it as a failure", async () => {
    const out = new Recorder();
    const reports: string[] = [];
    const outcome = await run(
      async () => {
        getRunningLoop().setExceptionHandler((_loop, context) => {
          reports.push(`${context.message}: ${String(context.exception)}`);
        });
        await using site = await LocalSite.start();
        const task = getRunningLoop().createTask(() => main(out.print, { resolve: site.resolve }));
        await site.whenArrived(4);
        task.cancel("enough");
        return await task.then(
          () => "completed",
          (error: unknown) =>
            error instanceof CancelledError ? `cancelled: ${error.message}` : String(error),
        );
      },
      { clock: new VirtualClock() },
    );
    expect(outcome).toBe("cancelled: enough");
    expect(out.lines).toEqual([]);
    // As in asyncio, as_completed does not cancel what it started: leaving the session's block
    // closes it, which fails the four fetches, and nobody awaits them any more — so the loop
    // reports each error instead of losing it.
    expect(reports).toEqual(
      Array.from({ length: 4 }, () =>
        expect.stringMatching(
          /exception was never retrieved: ClientConnectionError: the ClientSession was closed$/,
        ),
      ),
    );
  });
});
