// @ts-check
// Summarize V8 .cpuprofile files (from `run.mjs --cpu-prof SYSTEM`): self time per function, top first.
//
//   node lib/cpuprof-top.mjs .results/cpuprof/W1-x/*.cpuprofile [--top 25]
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  options: { top: { type: "string", default: "25" } },
  allowPositionals: true,
});
const root = fileURLToPath(new URL("../../../", import.meta.url));

for (const file of positionals) {
  /** @type {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[], timeDeltas: number[] }} */
  const prof = JSON.parse(readFileSync(file, "utf8"));
  /** @type {Map<number, string>} */
  const names = new Map();
  for (const n of prof.nodes) {
    const { functionName, url, lineNumber } = n.callFrame;
    const file = url.startsWith("file://") ? relative(root, fileURLToPath(url)) : url;
    const where = url ? `${file}:${lineNumber + 1}` : "";
    names.set(n.id, `${functionName || "(anonymous)"} ${where}`.trim());
  }
  /** @type {Map<string, number>} */
  const self = new Map();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const dt = prof.timeDeltas[i] ?? 0;
    total += dt;
    const name = names.get(id) ?? "?";
    self.set(name, (self.get(name) ?? 0) + dt);
  });
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  for (const [name, us] of top) {
    console.log(
      `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`,
    );
  }
}
