import type { Options } from "tsup";

/** What a package may change in the shared library build. */
export interface LibraryOptions {
  /** Entry points below `src/` (default `["src/index.ts"]`). */
  entry?: string[];
}

/** The build every @x library package shares: ESM only, declarations, Node 20 syntax. */
export declare function library(options?: LibraryOptions): Options;
