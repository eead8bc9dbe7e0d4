/**
 * scripts/bench-trainer.ts's command line: usage, bad flags and a bad --dist exit 2 before anything is
 * built or measured (the benchmark itself is not in npm test).
 */
import { describe, expect, it } from "vitest";
import { runScript, usageTests } from "../support/script-cli.ts";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const USAGE = "Usage: npm run bench:trainer -- [--epochs N] [--backend wasm|cpu|auto] [--runs N] [--dist DIR] [--help]";

const bench = (...args: string[]) => runScript("bench-trainer.ts", args);

describe("bench:trainer command line", () => {
  usageTests(bench, USAGE, ["--epochs N", "--backend B", "--runs N", "--dist DIR"], [
    [["--bogus"], "bench:trainer: Unknown option '--bogus'"],
    [["--epochs"], "bench:trainer: Option '--epochs <value>' argument missing"],
    [["extra"], "bench:trainer: Unexpected argument 'extra'"],
    [["--epochs", "0"], 'bench:trainer: --epochs must be a whole number from 1 to 2000, not "0"'],
    [["--epochs", "2.5"], 'bench:trainer: --epochs must be a whole number from 1 to 2000, not "2.5"'],
    [["--epochs", "2001"], 'bench:trainer: --epochs must be a whole number from 1 to 2000, not "2001"'],
    [["--runs", "many"], 'bench:trainer: --runs must be a whole number from 1 to 100, not "many"'],
    [["--runs", ""], 'bench:trainer: --runs must be a whole number from 1 to 100, not ""'],
    [["--backend", "webgl"], 'bench:trainer: --backend must be one of wasm, cpu, auto, not "webgl"'],
    [["--dist", "/nonexistent/vg-dist"], "bench:trainer: --dist /nonexistent/vg-dist: no index.html there"],
  ]);

  it("--dist refuses a build made for another base path", async () => {
    const dist = join(await mkdtemp(join(tmpdir(), "vg-bench-trainer-")), "dist");
    await mkdir(dist, { recursive: true });
    await writeFile(join(dist, "index.html"), '<a href="/learning-speed/">a lesson</a>');
    const r = bench("--dist", dist);
    expect(r.err).toContain(`bench:trainer: --dist ${dist}: not built with BASE_PATH=/vanishing-gradients/`);
    expect(r.code).toBe(2);
  });
});
