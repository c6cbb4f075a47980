import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { examples } from "../src/examples/index.js";

const exec = promisify(execFile);
const built = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Run the built CLI in a child process, as `pnpm demo` does. */
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  if (!existsSync(built)) throw new Error(`${built} is missing: build the demo first (pnpm build)`);
  try {
    const { stdout, stderr } = await exec(process.execPath, [built, ...args]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe("the demo CLI", () => {
  it("lists the page's four examples, in order, with --help", async () => {
    const { stdout, code } = await cli("--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: x-demo \[name \.\.\.\] \[--live\]/);
    const listed = stdout.split("\n").filter((line) => /^ {2}[a-z]+ {2,}/.test(line));
    expect(listed.map((line) => line.trim().split(/\s+/)[0])).toEqual(["hello", "gather", "lock", "fetch"]);
    for (const example of examples) expect(stdout).toContain(`${example.name.padEnd(10)} ${example.title}`);
  });

  it("runs one example by name, printing exactly its output", async () => {
    const { stdout, stderr, code } = await cli("hello");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe("Hello ...\n... World!\n");
  });

  it("refuses an unknown name with the list of examples", async () => {
    const { stderr, code } = await cli("nope");
    expect(code).toBe(2);
    expect(stderr).toMatch(/no example named "nope"/);
  });

  it("refuses an unknown option", async () => {
    const { stderr, code } = await cli("hello", "--fast");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^x-demo: unknown option --fast\n/);
  });
});
