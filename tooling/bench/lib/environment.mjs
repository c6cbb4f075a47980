// @ts-check
// What the results depend on: the machine, the Node binary the children run on, CPython, package versions.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { join } from "node:path";

/** @param {string} dir the bench folder */
export function machine(dir) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadavg: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
    commit:
      git(dir, ["rev-parse", "--short", "HEAD"]) +
      (git(dir, ["status", "--porcelain", "--", "../../packages"])
        ? " + uncommitted changes in packages/"
        : ""),
  };
}

/**
 * @param {string} dir
 * @param {string[]} args
 */
function git(dir, args) {
  try {
    return execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}

/**
 * The version of the Node binary that runs the children.
 * @param {string} bin
 */
export function nodeVersion(bin) {
  const r = spawnSync(bin, ["-p", "process.versions.node"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${bin} does not run: ${r.stderr || r.error?.message}`);
  return r.stdout.trim();
}

/** CPython's version, or undefined when python3 is not on the PATH. */
export function pythonVersion() {
  const r = spawnSync("python3", ["-c", "import platform; print(platform.python_version())"], {
    encoding: "utf8",
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * The installed version of every package the bench depends on (the peers and @x), read from
 * node_modules as the children will load them.
 * @param {string} dir the bench folder
 * @returns {Record<string, string>}
 */
export function packageVersions(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
  const require = createRequire(join(dir, "package.json"));
  /** @type {Record<string, string>} */
  const out = {};
  for (const name of names.sort()) {
    const file = join(dir, "node_modules", name, "package.json");
    try {
      out[name] = JSON.parse(
        readFileSync(existsSync(file) ? file : require.resolve(`${name}/package.json`), "utf8"),
      ).version;
    } catch {
      out[name] = "not installed";
    }
  }
  return out;
}
