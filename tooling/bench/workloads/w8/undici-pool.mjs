// @ts-check
// W8 on undici's Pool: `concurrency` connections to the one origin, `pool.request()`, body read whole.
import { Pool } from "undici";
import { perSize, serverUrl, workers } from "./_server.mjs";

const base = await serverUrl();

/** @param {{ n: number, concurrency: number, sizes: number[] }} params */
export default async function w8(params) {
  const { n, concurrency } = params;
  const pool = new Pool(base, { connections: concurrency });
  try {
    return await perSize(params, "undici Pool", (size) =>
      workers(n, concurrency, async () => {
        const { body } = await pool.request({ path: `/${size}`, method: "GET" });
        return (await body.bytes()).length;
      }),
    );
  } finally {
    await pool.close();
  }
}
