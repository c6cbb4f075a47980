import * as gatherPackage from "@x/gather";
import * as httpPackage from "@x/http";
import * as loopPackage from "@x/loop";
import * as syncPackage from "@x/sync";
import * as taskPackage from "@x/task";
import { describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";
import {
  contractTable,
  designAvailable,
  designTable,
  type ExportedName,
  exportedNames,
  PACKAGES,
  type PackageName,
  sourceEntry,
} from "./public-names.js";

/** Each package's run-time exports. */
const runtime: Record<PackageName, Record<string, unknown>> = {
  "@x/loop": loopPackage,
  "@x/task": taskPackage,
  "@x/sync": syncPackage,
  "@x/gather": gatherPackage,
  "@x/http": httpPackage,
};

/**
 * The names more than one package exports, and the package whose export the umbrella hands out.
 * `WaitOptions`: `@x/sync`'s `{ signal }` options of every wait, and `@x/gather`'s options of `wait()`;
 * `asyncio.WaitOptions` reads as the options of `asyncio.wait`, so it is `@x/gather`'s.
 */
const CHOSEN: ReadonlyMap<string, PackageName> = new Map([["WaitOptions", "@x/gather"]]);

const umbrella = new Map(
  exportedNames(new URL("../src/index.ts", import.meta.url).pathname).map((e) => [e.name, e]),
);
const packageNames = new Map<PackageName, ExportedName[]>(
  PACKAGES.map((pkg) => [pkg, exportedNames(sourceEntry(pkg))]),
);
const umbrellaValues = asyncio as unknown as Record<string, unknown>;

/** Whether `asyncio` exports `name` as `pkg` does: the same object, or the same type re-exported. */
function exportedLike(pkg: PackageName, exported: ExportedName): string | undefined {
  const mine = umbrella.get(exported.name);
  if (mine === undefined) return `${exported.name} (of ${pkg}) is not exported`;
  if (mine.from !== pkg) return `${exported.name} is re-exported from ${mine.from}, not ${pkg}`;
  if (mine.typeOnly !== exported.typeOnly) {
    return `${exported.name} is ${mine.typeOnly ? "a type" : "a value"} here but ${exported.typeOnly ? "a type" : "a value"} in ${pkg}`;
  }
  if (exported.typeOnly) return undefined;
  const value = umbrellaValues[exported.name];
  if (value === undefined) return `${exported.name} is undefined at run time`;
  if (value !== runtime[pkg][exported.name]) return `${exported.name} is not the very object ${pkg} exports`;
  return undefined;
}

describe("@x/asyncio", () => {
  it.skipIf(!designAvailable)(
    "has a committed copy of DESIGN.md §1's table that agrees with DESIGN.md",
    () => {
      const sorted = (table: Map<string, string[]>) =>
        [...table].map(([pkg, names]) => [pkg, [...names].sort()]);
      expect(sorted(contractTable())).toEqual(sorted(designTable()));
    },
  );

  it("exports every name of DESIGN.md §1's table, as the very object of the package that owns it", () => {
    const table = contractTable();
    expect([...table.keys()]).toEqual([...PACKAGES]);
    const problems: string[] = [];
    let checked = 0;
    for (const pkg of PACKAGES) {
      const owned = new Map((packageNames.get(pkg) ?? []).map((e) => [e.name, e]));
      for (const name of table.get(pkg) ?? []) {
        const exported = owned.get(name);
        if (exported === undefined) {
          problems.push(`${name}: DESIGN.md puts it in ${pkg}, whose index does not export it`);
          continue;
        }
        const problem = exportedLike(pkg, exported);
        if (problem !== undefined) problems.push(problem);
        checked += 1;
      }
    }
    expect(problems).toEqual([]);
    // The table's 14 + 14 + 15 + 7 + 9 names.
    expect(checked).toBe(59);
  });

  it("exports every public value and type of the five packages", () => {
    const problems: string[] = [];
    for (const pkg of PACKAGES) {
      for (const exported of packageNames.get(pkg) ?? []) {
        const owner = CHOSEN.get(exported.name) ?? pkg;
        if (owner !== pkg) continue;
        const problem = exportedLike(pkg, exported);
        if (problem !== undefined) problems.push(problem);
      }
    }
    expect(problems).toEqual([]);
  });

  it("resolves the one name two packages share, WaitOptions, to @x/gather's", () => {
    const owners = new Map<string, PackageName[]>();
    for (const pkg of PACKAGES) {
      for (const { name } of packageNames.get(pkg) ?? [])
        owners.set(name, [...(owners.get(name) ?? []), pkg]);
    }
    const shared = [...owners].filter(([, pkgs]) => pkgs.length > 1);
    expect(shared).toEqual([["WaitOptions", ["@x/sync", "@x/gather"]]]);
    expect(umbrella.get("WaitOptions")).toEqual({ name: "WaitOptions", typeOnly: true, from: "@x/gather" });
  });

  it("has nothing of its own: each export comes from one of the five packages", () => {
    const foreign = [...umbrella.values()].filter((e) => !(PACKAGES as readonly string[]).includes(e.from));
    expect(foreign).toEqual([]);
    const values = new Set(PACKAGES.flatMap((pkg) => Object.keys(runtime[pkg])));
    expect(Object.keys(asyncio).sort()).toEqual([...values].sort());
  });

  it("reads each package's index in full: its listed values are exactly its run-time exports", () => {
    for (const pkg of PACKAGES) {
      const listed = (packageNames.get(pkg) ?? []).filter((e) => !e.typeOnly).map((e) => e.name);
      expect({ pkg, values: listed.sort() }).toEqual({ pkg, values: Object.keys(runtime[pkg]).sort() });
    }
  });

  it("reads like the reference page: the page's names are there under asyncio.*", async () => {
    const lines: string[] = [];
    await asyncio.run(
      async () => {
        const loop = asyncio.getRunningLoop();
        const lock = new asyncio.Lock();
        const say = async (what: string, when: number): Promise<void> => {
          using _ = await lock.acquire();
          await asyncio.sleep(when);
          lines.push(`${loop.time()} ${what}`);
        };
        const task = asyncio.createTask(() => say("task", 10));
        await asyncio.gather(
          () => say("first", 10),
          () => say("second", 20),
        );
        await task;
        for (const next of asyncio.asCompleted([asyncio.sleep(20, "b"), asyncio.sleep(10, "a")])) {
          const value = await next;
          lines.push(`${loop.time()} ${value}`);
        }
      },
      { clock: new asyncio.VirtualClock() },
    );
    expect(lines).toEqual(["10 task", "20 first", "40 second", "50 a", "60 b"]);
  });
});
