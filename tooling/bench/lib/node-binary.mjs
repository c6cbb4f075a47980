// @ts-check
// Which Node binary runs the children: this one, a path, or a major version fetched from the npm registry
// (the node-<platform>-<arch> package ships the official binary), kept under .results/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * @param {string | undefined} arg `--node`: undefined, a path, or a major version such as "24"
 * @param {string} cacheDir where fetched binaries live
 */
export function ensureNode(arg, cacheDir) {
  if (!arg) return process.execPath;
  if (!/^\d+$/.test(arg)) {
    const bin = resolve(arg);
    if (!existsSync(bin)) throw new Error(`--node ${arg}: no such file`);
    return bin;
  }
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(cacheDir, `node-${arg}`);
  const bin = join(dir, "node_modules", pkg, "bin", "node");
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    console.log(`bench: installing ${pkg}@${arg} into ${dir}`);
    const r = spawnSync(
      "npm",
      [
        "install",
        "--prefix",
        dir,
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        `${pkg}@${arg}`,
      ],
      { stdio: "inherit" },
    );
    if (r.status !== 0 || !existsSync(bin)) throw new Error(`could not install ${pkg}@${arg}`);
  }
  return bin;
}
