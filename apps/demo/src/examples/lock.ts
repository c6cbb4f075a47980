// Using an asyncio.Lock for task synchronization:
//
//   async def worker(id, lock):
//       async with lock:
//           print(f"Lock acquired by worker: {id}")
//           await asyncio.sleep(1)
//           print(f"Lock released by worker: {id}")
//
//   async def main():
//       lock = asyncio.Lock()
//       await asyncio.gather(worker("1", lock), worker("2", lock))
//
// Worker 2 waits for worker 1 to let go: it gets the lock 1 s after the start.
import * as asyncio from "@x/asyncio";
import type { Print } from "../example.js";

export async function worker(id: string, lock: asyncio.Lock, print: Print): Promise<void> {
  using _ = await lock.acquire(); // async with lock: released at the end of the block
  print(`Lock acquired by worker: ${id}`);
  await asyncio.sleep(1000);
  print(`Lock released by worker: ${id}`);
}

export async function main(print: Print): Promise<void> {
  const lock = new asyncio.Lock();
  await asyncio.gather(
    () => worker("1", lock, print),
    () => worker("2", lock, print),
  );
}
