#!/usr/bin/env node
import { CancelledError, run } from "@x/asyncio";
import type { Example, ExampleOptions } from "./example.js";
import { examples } from "./examples/index.js";

function usage(): string {
  const names = examples.map((e) => `  ${e.name.padEnd(10)} ${e.title}`).join("\n");
  return [
    "Usage: x-demo [name ...] [--live]",
    "",
    "Runs the examples of the asyncio reference page on @x (all of them, in order, when no name is given).",
    "",
    "Examples:",
    names,
    "",
    "Options:",
    "  --live     fetch the real sites in the fetch example (by default it fetches local stand-ins",
    "             served on 127.0.0.1, with the page's lengths, so it needs no internet)",
    "  --help     show this help",
    "",
  ].join("\n");
}

async function runOne(example: Example, options: ExampleOptions, withHeading: boolean): Promise<void> {
  if (withHeading) console.log(`== ${example.title} ==`);
  await run(() => example.main((line) => console.log(line), options));
}

async function cli(args: readonly string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(usage());
    return 0;
  }
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--live");
  if (unknown.length > 0) {
    process.stderr.write(`x-demo: unknown option ${unknown[0]}\n\n${usage()}`);
    return 2;
  }
  const options: ExampleOptions = { live: args.includes("--live") };
  const names = args.filter((a) => !a.startsWith("-"));
  const chosen: Example[] = [];
  for (const name of names) {
    const example = examples.find((e) => e.name === name);
    if (example === undefined) {
      process.stderr.write(`x-demo: no example named ${JSON.stringify(name)}\n\n${usage()}`);
      return 2;
    }
    chosen.push(example);
  }
  const list = chosen.length === 0 ? examples : chosen;
  // A heading above each example when more than one runs; a single one prints exactly its output.
  try {
    for (const [i, example] of list.entries()) {
      if (i > 0) console.log("");
      await runOne(example, options, list.length > 1);
    }
  } catch (error) {
    // run() cancels the example on Ctrl-C (SIGINT), as asyncio.run does.
    if (error instanceof CancelledError) return 130;
    throw error;
  }
  return 0;
}

process.exitCode = await cli(process.argv.slice(2));
