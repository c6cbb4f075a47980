// @ts-check
// Starts W8's server process once per benchmark process and returns its base URL. The server is a
// second process so that its work does not share the client's event loop; it dies with this process.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** @type {Promise<string> | undefined} */
let started;

/** The server's base URL, "http://127.0.0.1:<port>" (the server is started on first call). */
export function serverUrl() {
  started ??= new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL("./_server-process.mjs", import.meta.url))],
      {
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    let out = "";
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`W8 server exited early (code ${code})`)));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (/** @type {string} */ data) => {
      out += data;
      const newline = out.indexOf("\n");
      if (newline < 0) return;
      child.stdout.destroy();
      // Do not keep this process alive for the server: it exits when our end of its stdin closes.
      child.unref();
      /** @type {any} */ (child.stdin)?.unref?.();
      /** @type {any} */ (child.stdin)?._handle?.unref?.();
      resolve(`http://127.0.0.1:${out.slice(0, newline).trim()}`);
    });
  });
  return started;
}

/**
 * Run `n` requests with `concurrency` workers, each taking the next index until none is left.
 * @param {number} n
 * @param {number} concurrency
 * @param {(i: number) => Promise<number>} one does request i and returns the body length
 * @returns {Promise<number>} the total of the body lengths
 */
export async function workers(n, concurrency, one) {
  let next = 0;
  let total = 0;
  const worker = async () => {
    while (next < n) {
      const length = await one(next++);
      total += length;
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, worker));
  return total;
}

/**
 * Time `runSize(size)` for each size; each returns the total of the body lengths it read, which must
 * be `n × size`. Returns `{ ms1KiB, ms50KiB, … }`.
 * @param {{ n: number, sizes: number[] }} params
 * @param {string} system for messages
 * @param {(size: number) => Promise<number>} runSize
 */
export async function perSize({ n, sizes }, system, runSize) {
  /** @type {Record<string, number>} */
  const metrics = {};
  for (const size of sizes) {
    const t0 = performance.now();
    const total = await runSize(size);
    const ms = performance.now() - t0;
    if (total !== n * size)
      throw new Error(`W8 ${system}: read ${total} bytes of ${size}-byte bodies, expected ${n * size}`);
    metrics[`ms${Math.round(size / 1024)}KiB`] = ms;
  }
  return metrics;
}
