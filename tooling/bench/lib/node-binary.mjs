// @ts-check
// Which Node binary runs the children: this one, a path, or a major version fetched from the npm registry
// (the node-<platform>-<arch> package ships the official binary), kept under .results/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

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
  // The workspace's own Node 24 (tooling/scripts/node24.mjs puts it in .node24/ for the tests), if there.
  const shared = join(repoRoot, `.node${arg}`, "node_modules", pkg, "bin", "node");
  if (existsSync(shared) && runs(shared, arg)) return shared;
  const dir = join(cacheDir, `node-${arg}`);
  const bin = join(dir, "node_modules", pkg, "bin", "node");
  if (!existsSync(bin) || !runs(bin, arg)) {
    mkdirSync(dir, { recursive: true });
    // A package.json of its own keeps npm from taking the workspace for the project.
    writeFileSync(
      join(dir, "package.json"),
      `${JSON.stringify({ name: `bench-node${arg}`, private: true })}\n`,
    );
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
    if (r.status !== 0 || !runs(bin, arg)) throw new Error(`could not install ${pkg}@${arg}`);
  }
  return bin;
}

/**
 * @param {string} bin
 * @param {string} major
 */
function runs(bin, major) {
  const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.startsWith(`v${major}.`);
}
