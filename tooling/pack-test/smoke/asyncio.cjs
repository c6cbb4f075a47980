// @x/asyncio, loaded with require(): the shape of the reference page's real-world example — pages
// fetched concurrently through a ClientSession, each printed as it completes with asCompleted, a
// failure printed as "Failed to fetch url: …" — against a node:http server on 127.0.0.1 that the
// session reaches through its `resolve` override. (The order of completion depends on the sockets;
// the demo's tests pin it on a virtual clock.)
const assert = require("node:assert/strict");
const { once } = require("node:events");
const http = require("node:http");
const asyncio = require("@x/asyncio");

const lengths = { "python.org": 500, "realpython.com": 800, "example.com": 100 };

async function main() {
  const server = http.createServer((request, response) => {
    response.end("x".repeat(lengths[request.headers.host]));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const target = `http://127.0.0.1:${server.address().port}`;
  const lines = [];
  try {
    await asyncio.run(async () => {
      const resolve = Object.fromEntries(Object.keys(lengths).map((host) => [`https://${host}`, target]));
      // Nothing listens on port 1 of 127.0.0.1: this one fails.
      resolve["https://google.com"] = "http://127.0.0.1:1";
      const session = new asyncio.ClientSession({ resolve });
      const fetch = async (url) => {
        const response = await session.get(url);
        const content = await response.text();
        return [url, content.length];
      };
      try {
        const urls = [
          "https://python.org",
          "https://realpython.com",
          "https://google.com",
          "https://example.com",
        ];
        for (const coro of asyncio.asCompleted(urls.map((url) => () => fetch(url)))) {
          try {
            const [url, length] = await coro;
            lines.push(`${url} => ${length} chars`);
          } catch (error) {
            if (error instanceof asyncio.CancelledError) throw error;
            assert.ok(error instanceof asyncio.ClientConnectionError);
            lines.push(`Failed to fetch url: ${error.message}`);
          }
        }
      } finally {
        await session.close();
      }
    });
  } finally {
    server.close();
  }
  assert.deepEqual(lines.sort(), [
    "Failed to fetch url: GET https://google.com/: connect ECONNREFUSED 127.0.0.1:1",
    "https://example.com => 100 chars",
    "https://python.org => 500 chars",
    "https://realpython.com => 800 chars",
  ]);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
