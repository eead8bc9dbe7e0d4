/**
 * scripts/bench-trainer.ts's command line: usage, bad flags and a bad --dist exit 2 before anything is
 * built or measured (the benchmark itself is not in npm test).
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
const USAGE = "Usage: npm run bench:trainer -- [--epochs N] [--backend wasm|cpu|auto] [--runs N] [--dist DIR] [--help]";

function bench(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts/bench-trainer.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("bench:trainer command line", () => {
  it("--help prints the usage and exits 0", () => {
    const r = bench("--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain(USAGE);
    for (const flag of ["--epochs N", "--backend B", "--runs N", "--dist DIR"]) expect(r.out).toContain(`\n  ${flag}`);
  });

  it.each([
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
  ])("%j prints the usage and exits 2", (args, message) => {
    const r = bench(...args);
    expect(r.err).toContain(message);
    expect(r.err).toContain(USAGE);
    expect(r.code).toBe(2);
  });

  it("--dist refuses a build made for another base path", async () => {
    const dist = join(await mkdtemp(join(tmpdir(), "vg-bench-trainer-")), "dist");
    await mkdir(dist, { recursive: true });
    await writeFile(join(dist, "index.html"), '<a href="/learning-speed/">a lesson</a>');
    const r = bench("--dist", dist);
    expect(r.err).toContain(`bench:trainer: --dist ${dist}: not built with BASE_PATH=/vanishing-gradients/`);
    expect(r.code).toBe(2);
  });
});
