// @ts-check
// W8's server, run in its own process: a keep-alive node:http server on 127.0.0.1 that answers
// GET /<bytes> with a body of that many bytes ("x" repeated, Content-Length set). It prints its port on
// stdout and exits when its parent goes away (stdin closes).
import { createServer } from "node:http";

/** @type {Map<number, Buffer>} */
const bodies = new Map();
const server = createServer((req, res) => {
  const size = Number((req.url ?? "/").slice(1));
  if (!Number.isInteger(size) || size < 0 || size > 16 * 1024 * 1024) {
    res.writeHead(404).end();
    return;
  }
  let body = bodies.get(size);
  if (body === undefined) {
    body = Buffer.alloc(size, "x");
    bodies.set(size, body);
  }
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(size) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("W8 server: no port");
  process.stdout.write(`${address.port}\n`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
