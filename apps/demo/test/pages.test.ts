import { describe, expect, it } from "vitest";
import { PAGES, pageBody } from "../src/pages.js";

describe("the local pages", () => {
  it("are the reference page's four sites, with the lengths it printed", () => {
    expect(PAGES.map((p) => [p.url, p.length])).toEqual([
      ["https://python.org", 50014],
      ["https://realpython.com", 83489],
      ["https://google.com", 20230],
      ["https://example.com", 1256],
    ]);
  });

  it("complete in the page's order: python.org, example.com, google.com, realpython.com", () => {
    const order = [...PAGES].sort((a, b) => a.latencyMs - b.latencyMs).map((p) => p.url);
    expect(order).toEqual([
      "https://python.org",
      "https://example.com",
      "https://google.com",
      "https://realpython.com",
    ]);
  });

  it("are ASCII HTML documents of exactly the page's length, whatever is left over after the filler", () => {
    for (const length of [...PAGES.map((p) => p.length), 200, 203, 206, 207, 400]) {
      const body = pageBody({ url: "https://python.org", length, latencyMs: 0 });
      expect(body.length).toBe(length);
      expect(/^[\x20-\x7e\n]*$/.test(body)).toBe(true);
      expect(body.startsWith("<!doctype html>")).toBe(true);
      expect(body.endsWith("</html>\n")).toBe(true);
    }
  });

  it("refuses a length too small for the document", () => {
    expect(() => pageBody({ url: "https://python.org", length: 20, latencyMs: 0 })).toThrow(RangeError);
  });
});
