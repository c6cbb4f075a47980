// @ts-check
// W8 on axios (its node:http adapter) with a keep-alive Agent of `concurrency` sockets, body as bytes.
import { Agent } from "node:http";
import axios from "axios";
import { perSize, serverUrl, workers } from "./_server.mjs";

const base = await serverUrl();

/** @param {{ n: number, concurrency: number, sizes: number[] }} params */
export default async function w8(params) {
  const { n, concurrency } = params;
  const httpAgent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const client = axios.create({ httpAgent, responseType: "arraybuffer" });
  try {
    return await perSize(params, "axios", (size) => {
      const url = `${base}/${size}`;
      return workers(n, concurrency, async () => {
        const response = await client.get(url);
        return response.data.length;
      });
    });
  } finally {
    httpAgent.destroy();
  }
}
