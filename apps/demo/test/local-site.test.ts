import {
  ClientConnectionError,
  ClientSession,
  createTask,
  getRunningLoop,
  run,
  VirtualClock,
} from "@x/asyncio";
import { describe, expect, it } from "vitest";
import { LocalSite } from "../src/local-site.js";

const page = { url: "https://a.test", length: 300, latencyMs: 0 };

describe("the local site", () => {
  it("serves each page for its Host over a real socket, the URL staying the real site's", async () => {
    const got = await run(
      async () => {
        await using site = await LocalSite.start({ pages: [page] });
        expect(site.resolve).toEqual({
          "https://a.test": expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        });
        await using session = new ClientSession({ resolve: site.resolve });
        await using response = await session.get("https://a.test");
        return {
          status: response.status,
          url: String(response.url),
          type: response.headers.get("content-type"),
          length: (await response.text()).length,
          at: getRunningLoop().time(),
          arrivals: site.arrivals,
        };
      },
      { clock: new VirtualClock() },
    );
    expect(got).toEqual({
      status: 200,
      url: "https://a.test/",
      type: "text/html; charset=utf-8",
      length: 300,
      at: 0,
      arrivals: [{ host: "a.test", at: 0 }],
    });
  });

  it("answers 404 at once for a host or a path it does not serve", async () => {
    const statuses = await run(
      async () => {
        await using site = await LocalSite.start({ pages: [page] });
        const target = site.resolve["https://a.test"] as string;
        await using session = new ClientSession({ resolve: { ...site.resolve, "https://b.test": target } });
        const result: number[] = [];
        for (const url of ["https://b.test", "https://a.test/other"]) {
          await using response = await session.get(url);
          result.push(response.status);
        }
        expect(site.arrivals).toEqual([]);
        return result;
      },
      { clock: new VirtualClock() },
    );
    expect(statuses).toEqual([404, 404]);
  });

  it("drops the answers it has not sent when it closes", async () => {
    const outcome = await run(
      async () => {
        const site = await LocalSite.start({ pages: [{ ...page, latencyMs: 1000 }] });
        await using session = new ClientSession({ resolve: site.resolve });
        const request = createTask(() =>
          session.get("https://a.test").then(
            () => "answered",
            (error: unknown) => (error instanceof ClientConnectionError ? "connection lost" : String(error)),
          ),
        );
        await site.whenArrived(1);
        expect(site.nextDeadline()).toBe(1000);
        await site.close();
        expect(site.nextDeadline()).toBeUndefined();
        return await request;
      },
      { clock: new VirtualClock() },
    );
    expect(outcome).toBe("connection lost");
  });
});
