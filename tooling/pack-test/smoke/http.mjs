// @x/http with its peers and undici, loaded with import: a ClientSession inside run() talks to a
// real server on 127.0.0.1 (query params, a JSON body both ways, a 404 that raiseForStatus turns
// into ClientResponseError), then closes.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { ClientResponseError, ClientSession } from "@x/http";
import { run } from "@x/loop";

const server = createServer((request, response) => {
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (chunk) => {
    body += chunk;
  });
  request.on("end", () => {
    if (request.url === "/missing") {
      response.writeHead(404, { "content-type": "text/plain" }).end("no such thing");
      return;
    }
    const reply = { method: request.method, url: request.url, body: body ? JSON.parse(body) : null };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
const address = server.address();
assert.ok(address && typeof address === "object");

try {
  await run(async () => {
    const session = new ClientSession({ baseUrl: `http://127.0.0.1:${address.port}` });
    try {
      const hello = await session.get("/hello", { params: { name: "x" } });
      assert.equal(hello.status, 200);
      assert.deepEqual(await hello.json(), { method: "GET", url: "/hello?name=x", body: null });

      const echoed = await session.post("/echo", { json: { answer: 42 } });
      assert.deepEqual(await echoed.json(), { method: "POST", url: "/echo", body: { answer: 42 } });

      const missing = await session.get("/missing");
      assert.equal(missing.status, 404);
      assert.equal(missing.ok, false);
      assert.throws(() => missing.raiseForStatus(), ClientResponseError);
      assert.equal(await missing.text(), "no such thing");
    } finally {
      await session.close();
    }
  });
} finally {
  server.closeAllConnections();
  server.close();
}
