// @ts-check
/**
 * TypeDoc settings of the API reference (docs/api). `build-api.mjs` runs TypeDoc with these and adds
 * the packages to document (`--entryPoints`, `--packagesRequiringDocumentation`), so this file never
 * needs a new line when a package is added. Paths are relative to this file.
 *
 * Every library package is converted from its TypeScript sources with its own tsconfig.json, whose
 * `@x/source` custom condition resolves imports of the other @x packages to their sources too.
 * A package's entry points are its `src/index.ts` and any `src/<sub>/index.ts` that a subpath
 * export points at (`@x/loop/task`); build-api.mjs checks that this glob and the package's
 * `exports` agree before TypeDoc runs. (No `exclude` of src/internal: a type defined there and
 * re-exported by an entry point is public, and must be documented.)
 *
 * Validation is the doc-coverage check: an undocumented export (`notDocumented`), a public type
 * that refers to a type the package does not export (`notExported`) and a `{@link}` that goes
 * nowhere (`invalidLink`) fail the build.
 * @type {Partial<import("typedoc").TypeDocOptions>}
 */
const config = {
  name: "@x",
  entryPointStrategy: "packages",
  packageOptions: {
    entryPoints: ["src/**/index.ts"],
    excludeInternal: true,
    excludePrivate: true,
    // The repository has no public remote to link source lines to.
    disableSources: true,
    // Type errors are the typecheck section's business (and the program includes the tests).
    skipErrorChecking: true,
    // See `invalidPath` below: the package READMEs are read per package.
    validation: { invalidPath: false },
  },
  out: "../../docs/api",
  readme: "../../docs/README.md",
  // The guides, as pages of the site (docs/README.md is its front page).
  projectDocuments: ["../../docs/!(README).md"],
  highlightLanguages: [
    "bash",
    "sh",
    "console",
    "javascript",
    "js",
    "json",
    "typescript",
    "ts",
    "python",
    "markdown",
    "md",
  ],
  excludeInternal: true,
  excludePrivate: true,
  validation: {
    notExported: true,
    invalidLink: true,
    rewrittenLink: true,
    notDocumented: true,
    unusedMergeModuleWith: true,
    // READMEs link to package folders (`../task`), which GitHub shows and TypeDoc cannot copy.
    invalidPath: false,
  },
  treatValidationWarningsAsErrors: true,
};

export default config;
