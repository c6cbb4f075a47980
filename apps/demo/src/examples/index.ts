import type { Example, Print } from "../example.js";
import { LocalSite } from "../local-site.js";
import * as fetch from "./fetch.js";
import * as gather from "./gather.js";
import * as hello from "./hello.js";
import * as lock from "./lock.js";

/** The fetch example against the demo's local stand-ins of the four sites. */
async function fetchFromLocalSite(print: Print): Promise<void> {
  await using site = await LocalSite.start();
  await fetch.main(print, { resolve: site.resolve });
}

/** Every example, in the order of the reference page. */
export const examples: readonly Example[] = [
  { name: "hello", title: "A quick example: Hello ... World!", main: (print) => hello.main(print) },
  { name: "gather", title: "Running multiple coroutines concurrently", main: (print) => gather.main(print) },
  {
    name: "lock",
    title: "Using an asyncio.Lock for task synchronization",
    main: (print) => lock.main(print),
  },
  {
    name: "fetch",
    title: "Real-world example: the length of four web pages, fetched concurrently",
    main: (print, { live }) => (live ? fetch.main(print) : fetchFromLocalSite(print)),
  },
];
