/**
 * `npm test`: every vitest project (unit, build, browser), then one closing line
 * "N passed, N failed" that CI counts. Extra arguments go to vitest.
 *   npm test                 all tests
 *   npm test -- --project unit
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const report = join(await mkdtemp(join(tmpdir(), "vg-test-")), "report.json");
const vitest = new URL("../node_modules/vitest/vitest.mjs", import.meta.url).pathname;
const child = spawn(
  process.execPath,
  [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
const code: number = await new Promise((ok) => child.on("close", (c) => ok(c ?? 1)));

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const r = JSON.parse(await readFile(report, "utf8"));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (code !== 0 && failed === 0) failed = 1; // setup or collection failed before any test ran
} catch {
  failed = 1;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(code !== 0 || failed > 0 ? 1 : 0);
