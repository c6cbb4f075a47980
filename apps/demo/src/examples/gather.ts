// Running multiple coroutines concurrently:
//
//   async def say(what, when):
//       await asyncio.sleep(when)
//       print(what)
//
//   async def main():
//       await asyncio.gather(say("first", 1), say("second", 2), say("third", 3))
//
// The three sleeps overlap: "third" comes 3 s after the start, not 6 s.
import * as asyncio from "@x/asyncio";
import type { Print } from "../example.js";

export async function say(what: string, when: number, print: Print): Promise<void> {
  await asyncio.sleep(when);
  print(what);
}

export async function main(print: Print): Promise<void> {
  // A coroutine is a function here: gather starts each one in a task of its own.
  await asyncio.gather(
    () => say("first", 1000, print),
    () => say("second", 2000, print),
    () => say("third", 3000, print),
  );
}
