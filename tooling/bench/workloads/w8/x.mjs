// @ts-check
// W8 on @x: one ClientSession, `concurrency` tasks, each GETs and reads the body with bytes().
import { ClientSession } from "@x/http";
import { run } from "@x/loop";
import { createTask } from "@x/task";
import { perSize, serverUrl } from "./_server.mjs";

const base = await serverUrl();

/** @param {{ n: number, concurrency: number, sizes: number[] }} params */
export default async function w8(params) {
  const { n, concurrency } = params;
  return await run(async () => {
    const session = new ClientSession({ limit: concurrency });
    try {
      return await perSize(params, "@x", async (size) => {
        const url = `${base}/${size}`;
        let next = 0;
        let total = 0;
        const worker = async () => {
          while (next < n) {
            next++;
            const response = await session.get(url);
            const body = await response.bytes();
            total += body.length;
          }
        };
        const tasks = [];
        for (let i = 0; i < concurrency; i++) tasks.push(createTask(worker));
        await Promise.all(tasks);
        return total;
      });
    } finally {
      await session.close();
    }
  });
}
