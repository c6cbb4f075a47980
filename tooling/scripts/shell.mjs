// @ts-check
/**
 * The few process helpers the workspace scripts share: where the repository is, how to start
 * pnpm on a machine that has none installed, and running a command with a clear failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (two folders above this file). */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The environment for the workspace's tools: its node_modules/.bin first on PATH (as `pnpm run`
 * does), so the scripts also work when started with plain `node`; turbo's telemetry off.
 * @returns {NodeJS.ProcessEnv}
 */
export function workspaceEnv() {
  return {
    ...process.env,
    PATH: [join(repoRoot, "node_modules", ".bin"), process.env.PATH ?? ""].join(delimiter),
    TURBO_TELEMETRY_DISABLED: "1",
  };
}

/** A command that failed: its exit status, and its captured output when it was captured. */
export class CommandError extends Error {
  /**
   * @param {string} message
   * @param {number | null} status
   * @param {string} output
   */
  constructor(message, status, output) {
    super(message);
    this.name = "CommandError";
    this.status = status;
    this.output = output;
  }
}

/** The pnpm the workspace pins in its root `packageManager` field, as `pnpm@X.Y.Z`. */
export function pinnedPnpm() {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  const pinned = String(manifest.packageManager ?? "");
  if (!/^pnpm@\d+\.\d+\.\d+/.test(pinned)) {
    throw new Error(`the root package.json pins no pnpm version in "packageManager" (found "${pinned}")`);
  }
  return pinned.replace(/\+.*$/, "");
}

/**
 * How to start pnpm: the `pnpm` on PATH when there is one (`npx -y pnpm@…` puts it there for
 * every script it runs), else `npx -y pnpm@<pinned>`.
 * @returns {[string, ...string[]]} the command and its leading arguments
 */
export function pnpmCommand() {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  if (dirs.some((dir) => existsSync(join(dir, "pnpm")))) return ["pnpm"];
  return ["npx", "-y", pinnedPnpm()];
}

/**
 * Run turbo (the workspace's) through pnpm, which turbo needs to find on PATH.
 * @param {readonly string[]} args
 */
export function turbo(args) {
  const [pnpm, ...pnpmArgs] = pnpmCommand();
  run(pnpm, [...pnpmArgs, "exec", "turbo", ...args], { env: workspaceEnv() });
}

/**
 * Run a command to completion, its output going to ours. Throws a `CommandError` when it fails.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd?: string; env?: NodeJS.ProcessEnv }} [options]
 */
export function run(command, args, options = {}) {
  spawnChecked(command, args, options, false);
}

/**
 * Run a command to completion and return what it printed (stdout and stderr together). Throws a
 * `CommandError` carrying that output when it fails, so the caller can show it then and only then.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }} [options] `timeoutMs`: kill
 *   the command (SIGTERM) when it runs longer, and fail
 */
export function capture(command, args, options = {}) {
  return spawnChecked(command, args, options, true);
}

/**
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }} options
 * @param {boolean} piped capture the output instead of passing it through
 */
function spawnChecked(command, args, options, piped) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? process.env,
    stdio: piped ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const line = [command, ...args].join(" ");
  if (result.error && /** @type {NodeJS.ErrnoException} */ (result.error).code === "ETIMEDOUT") {
    throw new CommandError(`${line} ran longer than ${options.timeoutMs} ms and was killed`, null, output);
  }
  if (result.error) {
    throw new CommandError(`${command} could not start: ${result.error.message}`, null, output);
  }
  if (result.status !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with ${result.status}`;
    throw new CommandError(`${line} ${how}`, result.status, output);
  }
  return output;
}
