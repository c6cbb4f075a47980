#!/usr/bin/env node
// @ts-check
/**
 * Check the types of the package in the working folder as users will get them: pack it with pnpm
 * (which applies `publishConfig` — dropping the `@x/source` condition — and rewrites `workspace:`
 * ranges), then run @arethetypeswrong/cli on that tarball with the `esm-only` profile.
 *
 * `attw --pack` would use `npm pack`, which ignores `publishConfig.exports` and so checks a
 * package.json nobody installs.
 *
 * Usage, from a package folder: node ../../tooling/scripts/attw.mjs [more attw flags]
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CommandError, capture, pnpmCommand, run } from "./shell.mjs";

const require = createRequire(import.meta.url);

/** The JavaScript file behind the `attw` command of the workspace's @arethetypeswrong/cli. */
function attwEntry() {
  const manifestPath = require.resolve("@arethetypeswrong/cli/package.json");
  const manifest = require(manifestPath);
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin.attw;
  return join(dirname(manifestPath), bin);
}

const packageDir = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), "x-attw-"));
try {
  const [pnpm, ...pnpmArgs] = pnpmCommand();
  try {
    capture(pnpm, [...pnpmArgs, "pack", "--pack-destination", scratch], { cwd: packageDir });
  } catch (error) {
    if (error instanceof CommandError) process.stderr.write(error.output);
    throw error;
  }
  const tarballs = readdirSync(scratch).filter((name) => name.endsWith(".tgz"));
  if (tarballs.length !== 1) {
    throw new Error(`pnpm pack left ${tarballs.length} tarballs in ${scratch}, expected one`);
  }
  const tarball = join(scratch, /** @type {string} */ (tarballs[0]));
  const attw = [attwEntry(), tarball, "--profile", "esm-only", ...process.argv.slice(2)];
  // attw exits 0 on a package without any types; that is a failure for us, so read its JSON.
  let report;
  try {
    report = JSON.parse(capture(process.execPath, [...attw, "--format", "json"], { cwd: packageDir }));
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    // It found problems under the profile: show them as a table, and fail.
    run(process.execPath, attw, { cwd: packageDir });
    throw error;
  }
  const { analysis } = report;
  if (!analysis.types) throw new Error(`${analysis.packageName} ships no type declarations`);
  const entrypoints = Object.keys(analysis.entrypoints ?? {}).join(", ");
  console.log(
    `attw --profile esm-only: ${analysis.packageName}@${analysis.packageVersion}, no problems (${entrypoints})`,
  );
} catch (error) {
  console.error(`attw: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
