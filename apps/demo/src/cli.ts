#!/usr/bin/env node
import { run } from "@x/loop";
import type { Example } from "./example.js";
import { examples } from "./examples/index.js";

function usage(): string {
  const names = examples.map((e) => `  ${e.name.padEnd(10)} ${e.title}`).join("\n");
  return `Usage: x-demo [name]\n\nRuns the examples of the asyncio reference page on @x (all of them when no name is given).\n\nExamples:\n${names}\n`;
}

async function runOne(example: Example, withHeading: boolean): Promise<void> {
  if (withHeading) console.log(`== ${example.title} ==`);
  await run(() => example.main((line) => console.log(line)));
}

async function cli(args: readonly string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(usage());
    return 0;
  }
  const names = args.filter((a) => !a.startsWith("-"));
  if (names.length === 0) {
    for (const [i, example] of examples.entries()) {
      if (i > 0) console.log("");
      await runOne(example, true);
    }
    return 0;
  }
  for (const name of names) {
    const example = examples.find((e) => e.name === name);
    if (example === undefined) {
      process.stderr.write(`x-demo: no example named ${JSON.stringify(name)}\n\n${usage()}`);
      return 2;
    }
    await runOne(example, names.length > 1);
  }
  return 0;
}

process.exitCode = await cli(process.argv.slice(2));
