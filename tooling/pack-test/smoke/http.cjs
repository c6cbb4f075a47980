// @x/http with its peers and undici, loaded with require(): a ClientSession outside run() (on the
// process's default loop) reads a text body from a real server on 127.0.0.1, and a request the
// server never answers fails with ClientTimeoutError after its total timeout.
const assert = require("node:assert/strict");
const { createServer } = require("node:http");
const { ClientSession, ClientTimeoutError } = require("@x/http");

async function main() {
  const server = createServer((request, response) => {
    if (request.url === "/slow") return; // never answers
    response.writeHead(200, { "content-type": "text/plain" }).end(`hello from ${request.url}`);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = server.address();
  const session = new ClientSession();
  try {
    const response = await session.get(`http://127.0.0.1:${port}/plain`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "hello from /plain");

    await assert.rejects(
      session.get(`http://127.0.0.1:${port}/slow`, { timeout: { total: 100 } }),
      (error) => error instanceof ClientTimeoutError,
    );
  } finally {
    await session.close();
    server.closeAllConnections();
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
