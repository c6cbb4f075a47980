// @ts-check
/**
 * Load a package with `import` (as an ESM user would) and check its documented exports: the
 * runtime values, the names in its type declarations, and for the umbrella that it hands out the
 * very objects of the packages it re-exports.
 *
 * Usage: node exports.mjs <package name>   (run from a folder where the package is installed)
 */
import { checkDeclaredExports, checkRuntimeExports, reexportedPackages } from "./checks.mjs";

const name = process.argv[2];
if (!name) throw new Error("usage: node exports.mjs <package name>");

const namespace = await import(name);
const problems = [...checkRuntimeExports(name, namespace), ...checkDeclaredExports(name, process.cwd())];
for (const source of reexportedPackages(name)) {
  const original = await import(source);
  for (const key of Object.keys(original)) {
    if (namespace[key] !== original[key]) problems.push(`${key} is not the same object as ${source}'s`);
  }
}
if (problems.length > 0) {
  console.error(`import("${name}"):\n  ${problems.join("\n  ")}`);
  process.exitCode = 1;
}
