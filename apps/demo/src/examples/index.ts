import type { Example } from "../example.js";
import { hello } from "./hello.js";

/** Every example, in the order of the reference page. */
export const examples: readonly Example[] = [hello];
