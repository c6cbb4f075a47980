import { sleep } from "@x/task";
import type { Example, Print } from "../example.js";

/** The page's quick example: print, sleep half a second, print. */
export async function main(print: Print): Promise<void> {
  print("Hello ...");
  await sleep(500);
  print("... World!");
}

export const hello: Example = { name: "hello", title: "A quick example: Hello ... World!", main };
