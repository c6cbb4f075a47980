// @ts-check
// W8 on Node's global fetch (its bundled undici, keep-alive global dispatcher), body as an ArrayBuffer.
import { perSize, serverUrl, workers } from "./_server.mjs";

const base = await serverUrl();

/** @param {{ n: number, concurrency: number, sizes: number[] }} params */
export default async function w8(params) {
  const { n, concurrency } = params;
  return await perSize(params, "fetch", (size) => {
    const url = `${base}/${size}`;
    return workers(n, concurrency, async () => {
      const response = await fetch(url);
      return (await response.arrayBuffer()).byteLength;
    });
  });
}
