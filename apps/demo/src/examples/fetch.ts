// The real-world example: the length of several web pages, fetched concurrently.
//
//   async def fetch(session, url):
//       async with session.get(url) as response:
//           content = await response.text()
//           return url, len(content)
//
//   async def main():
//       urls = ["https://python.org", "https://realpython.com", "https://google.com", "https://example.com"]
//       async with aiohttp.ClientSession() as session:
//           tasks = [fetch(session, url) for url in urls]
//           for coro in asyncio.as_completed(tasks):
//               try:
//                   url, length = await coro
//                   print(f"{url} => {length} chars")
//               except Exception as e:
//                   print(f"Failed to fetch url: {e}")
import * as asyncio from "@x/asyncio";
import type { Print } from "../example.js";

export const urls: readonly string[] = [
  "https://python.org",
  "https://realpython.com",
  "https://google.com",
  "https://example.com",
];

export async function fetch(session: asyncio.ClientSession, url: string): Promise<[string, number]> {
  await using response = await session.get(url);
  const content = await response.text();
  return [url, content.length];
}

/**
 * @param sessionOptions what the session is made with: nothing to fetch the real sites (`--live`);
 *   the demo passes `resolve` to send each site's connections to its local stand-in.
 */
export async function main(print: Print, sessionOptions: asyncio.ClientSessionOptions = {}): Promise<void> {
  await using session = new asyncio.ClientSession(sessionOptions);
  // Coroutines are functions here: asCompleted starts each one in a task of its own.
  const tasks = urls.map((url) => () => fetch(session, url));
  for (const coro of asyncio.asCompleted(tasks)) {
    try {
      const [url, length] = await coro;
      print(`${url} => ${length} chars`);
    } catch (e) {
      if (e instanceof asyncio.CancelledError) throw e; // `except Exception` lets cancellation through
      print(`Failed to fetch url: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
