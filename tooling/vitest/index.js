// @ts-check
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

/** The `@x/source` export condition: workspace packages resolve to their TypeScript sources. */
const conditions = ["@x/source", "module", "node", "import", "default"];

/** Fixes the seed of the property tests (see the file). */
const propertySeed = fileURLToPath(new URL("./property-seed.js", import.meta.url));

/**
 * One vitest project for the package in `dir`: tests from `test/`, sources read directly
 * (no build needed), type tests from `*.test-d.ts`, property tests on a fixed seed.
 * @param {string} dir the package folder (pass `import.meta.dirname`)
 */
export function project(dir) {
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    test: {
      name: basename(dir),
      root: dir,
      include: ["test/**/*.test.ts"],
      environment: "node",
      setupFiles: [propertySeed],
      typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: `${dir}/tsconfig.json` },
    },
  });
}
