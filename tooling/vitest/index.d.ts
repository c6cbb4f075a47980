import type { UserWorkspaceConfig } from "vitest/config";

/**
 * One vitest project for the package in `dir`: tests from `test/`, sources read directly
 * through the `@x/source` condition, type tests from `*.test-d.ts`.
 */
export declare function project(dir: string): UserWorkspaceConfig;
