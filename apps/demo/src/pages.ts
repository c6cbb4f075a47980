/** One page the local site stands in for. */
export interface LocalPage {
  /** The page's URL, as the example requests it (`https://python.org`). */
  readonly url: string;
  /** Its length in characters (ASCII, so bytes too): what the reference page printed for it. */
  readonly length: number;
  /** How long the site waits before it answers, in ms of the loop's clock. */
  readonly latencyMs: number;
}

/**
 * The four pages of the reference page's real-world example, with the lengths it printed. The
 * latencies (100 ms apart) give the order in which the page saw them complete: python.org,
 * example.com, google.com, realpython.com.
 */
export const PAGES: readonly LocalPage[] = [
  { url: "https://python.org", length: 50014, latencyMs: 100 },
  { url: "https://realpython.com", length: 83489, latencyMs: 400 },
  { url: "https://google.com", length: 20230, latencyMs: 300 },
  { url: "https://example.com", length: 1256, latencyMs: 200 },
];

const FILLER =
  "<p>A local stand-in for this site, served by the @x demo on 127.0.0.1 so that the reference " +
  "page's example runs without the internet. Run the demo with --live to fetch the real site.</p>\n";

/**
 * The HTML of `page`: a small ASCII document of exactly `page.length` characters.
 * @throws RangeError when the length is too small for the document's frame.
 */
export function pageBody(page: LocalPage): string {
  const host = new URL(page.url).host;
  const head = `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${host}</title></head>\n<body>\n<h1>${host}</h1>\n`;
  const tail = "</body>\n</html>\n";
  let room = page.length - head.length - tail.length;
  if (room < 0)
    throw new RangeError(`pageBody: ${page.url} needs at least ${head.length + tail.length} characters`);
  const parts = [head];
  while (room >= FILLER.length) {
    parts.push(FILLER);
    room -= FILLER.length;
  }
  // The rest: a comment as long as what is left ("<!--" and "-->" take 7), or newlines.
  parts.push(room >= 7 ? `<!--${" ".repeat(room - 7)}-->` : "\n".repeat(room), tail);
  return parts.join("");
}
