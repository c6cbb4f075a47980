// @ts-check
// W8 on undici's `request()` through an Agent (what `undici.request(url)` does with its global dispatcher).
import { Agent, request } from "undici";
import { perSize, serverUrl, workers } from "./_server.mjs";

const base = await serverUrl();

/** @param {{ n: number, concurrency: number, sizes: number[] }} params */
export default async function w8(params) {
  const { n, concurrency } = params;
  const dispatcher = new Agent({ connections: concurrency });
  try {
    return await perSize(params, "undici request", (size) => {
      const url = `${base}/${size}`;
      return workers(n, concurrency, async () => {
        const { body } = await request(url, { dispatcher });
        return (await body.bytes()).length;
      });
    });
  } finally {
    await dispatcher.close();
  }
}
