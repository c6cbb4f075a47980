// @ts-check
import { defineConfig } from "tsup";

/**
 * The build every @x library package shares: ESM only, declarations, Node 20 syntax.
 * @param {{ entry?: string[] }} [options] entry points below `src/` (default `src/index.ts`)
 */
export function library(options = {}) {
  return defineConfig({
    entry: options.entry ?? ["src/index.ts"],
    format: ["esm"],
    target: "node20",
    platform: "node",
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: false,
  });
}
