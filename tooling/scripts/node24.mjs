#!/usr/bin/env node
// @ts-check
/**
 * A Node 24 binary for running the test suite a second time, installed from the npm registry
 * (the `node-<platform>-<arch>` packages ship the official binary in `bin/node`) into `.node24/`
 * at the repository root, with plain npm, and reused while it is there.
 *
 * Run directly, it installs when needed and prints the binary's path.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { capture, repoRoot, run } from "./shell.mjs";

export const node24Dir = join(repoRoot, ".node24");
const major = 24;
const packageName = `node-${process.platform}-${process.arch}`;
const binary = join(node24Dir, "node_modules", packageName, "bin", "node");

/** The version the cached binary reports, or undefined when there is none that runs. */
function cachedVersion() {
  if (!existsSync(binary)) return undefined;
  try {
    return capture(binary, ["--version"]).trim();
  } catch {
    return undefined;
  }
}

/**
 * Install Node 24 into `.node24/` unless a working one is already there.
 * @returns {{ binary: string; version: string }}
 */
export function ensureNode24() {
  let version = cachedVersion();
  if (version?.startsWith(`v${major}.`)) return { binary, version };
  mkdirSync(node24Dir, { recursive: true });
  // A package.json of its own keeps npm from taking the workspace root for the project.
  writeFileSync(
    join(node24Dir, "package.json"),
    `${JSON.stringify({ name: "x-node24", private: true, description: "Node 24 for the test suite's second run." }, null, 2)}\n`,
  );
  run(
    "npm",
    [
      "install",
      `${packageName}@${major}`,
      "--prefix",
      node24Dir,
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ],
    { cwd: node24Dir },
  );
  version = cachedVersion();
  if (!version?.startsWith(`v${major}.`)) {
    throw new Error(`${packageName}@${major} installed, but ${binary} reports "${version ?? "nothing"}"`);
  }
  return { binary, version };
}

if (process.argv[1] === import.meta.filename) {
  const { binary: path, version } = ensureNode24();
  console.log(`${path} (${version})`);
}
