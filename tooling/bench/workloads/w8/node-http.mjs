// @ts-check
// W8 on node:http with a keep-alive Agent of `concurrency` sockets; the body collected from its chunks.
import { Agent, get } from "node:http";
import { perSize, serverUrl, workers } from "./_server.mjs";

const base = await serverUrl();

/**
 * @param {string} url
 * @param {Agent} agent
 * @returns {Promise<number>}
 */
function getLength(url, agent) {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve(Buffer.concat(chunks).length));
      res.on("error", reject);
    }).on("error", reject);
  });
}

/** @param {{ n: number, concurrency: number, sizes: number[] }} params */
export default async function w8(params) {
  const { n, concurrency } = params;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    return await perSize(params, "node:http", (size) => {
      const url = `${base}/${size}`;
      return workers(n, concurrency, () => getLength(url, agent));
    });
  } finally {
    agent.destroy();
  }
}
