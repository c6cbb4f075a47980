// @ts-check
/**
 * Load a package with `require()` (Node 20.19+ loads ESM that way, with no flag) and check its
 * documented exports, and that `require` and `import` give the same objects: one format, one copy
 * of the module state.
 *
 * Usage: node exports.cjs <package name>   (run from a folder where the package is installed)
 */
const name = process.argv[2];
if (!name) throw new Error("usage: node exports.cjs <package name>");

const required = require(name);

async function main() {
  const { checkRuntimeExports } = await import("./checks.mjs");
  const imported = await import(name);
  const problems = checkRuntimeExports(name, required);
  for (const key of Object.keys(imported)) {
    if (required[key] !== imported[key]) problems.push(`require and import give two different ${key}`);
  }
  if (problems.length > 0) {
    console.error(`require("${name}"):\n  ${problems.join("\n  ")}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
