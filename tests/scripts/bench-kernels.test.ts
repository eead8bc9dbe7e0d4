/**
 * scripts/bench-kernels.ts's command line: usage, and bad flags exit 2 before any backend starts or anything
 * is measured (the benchmark itself is not in npm test).
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
const USAGE = "Usage: npm run bench:kernels -- [--epochs N] [--seconds S] [--together 1,10,30] [--help]";

function bench(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts/bench-kernels.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("bench:kernels command line", () => {
  it("--help prints the usage and exits 0", () => {
    const r = bench("--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain(USAGE);
    for (const flag of ["--epochs N", "--seconds S", "--together L"]) expect(r.out).toContain(`\n  ${flag}`);
  });

  it.each([
    [["--bogus"], "bench:kernels: Unknown option '--bogus'"],
    [["--epochs"], "bench:kernels: Option '--epochs <value>' argument missing"],
    [["extra"], "bench:kernels: Unexpected argument 'extra'"],
    [["--epochs", "0"], 'bench:kernels: --epochs must be a whole number from 1 to 20, not "0"'],
    [["--epochs", "1.5"], 'bench:kernels: --epochs must be a whole number from 1 to 20, not "1.5"'],
    [["--epochs", "21"], 'bench:kernels: --epochs must be a whole number from 1 to 20, not "21"'],
    [["--seconds", "0"], 'bench:kernels: --seconds must be a number above 0 and at most 60, not "0"'],
    [["--seconds", " "], 'bench:kernels: --seconds must be a number above 0 and at most 60, not " "'],
    [["--seconds", "fast"], 'bench:kernels: --seconds must be a number above 0 and at most 60, not "fast"'],
    [["--together", "10,"], 'bench:kernels: --together must be whole numbers of networks from 1 to 1000, not "10,"'],
    [["--together", "0"], 'bench:kernels: --together must be whole numbers of networks from 1 to 1000, not "0"'],
  ])("%j prints the usage and exits 2", (args, message) => {
    const r = bench(...args);
    expect(r.err).toContain(message);
    expect(r.err).toContain(USAGE);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
  });
});
