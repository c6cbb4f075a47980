// @ts-check
import { basename } from "node:path";
import { defineProject } from "vitest/config";

/** The `@x/source` export condition: workspace packages resolve to their TypeScript sources. */
const conditions = ["@x/source", "module", "node", "import", "default"];

/**
 * One vitest project for the package in `dir`: tests from `test/`, sources read directly
 * (no build needed), type tests from `*.test-d.ts`.
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
      typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: `${dir}/tsconfig.json` },
    },
  });
}
