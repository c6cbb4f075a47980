// The page's quick example:
//
//   async def main():
//       print("Hello ...")
//       await asyncio.sleep(0.5)
//       print("... World!")
import * as asyncio from "@x/asyncio";
import type { Print } from "../example.js";

export async function main(print: Print): Promise<void> {
  print("Hello ...");
  await asyncio.sleep(500); // milliseconds: asyncio.sleep(0.5)
  print("... World!");
}
