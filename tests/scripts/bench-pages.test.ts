/**
 * scripts/bench-pages.ts's command line: usage, bad flags and unknown pages exit 2
 * before anything is built or measured (the benchmark itself is not in npm test).
 */
import { describe, expect, it } from "vitest";
import { runScript, usageTests } from "../support/script-cli.ts";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const USAGE = "Usage: npm run bench:pages -- [--no-lighthouse] [--only PATH]...";

const bench = (...args: string[]) => runScript("bench-pages.ts", args);

/** A "build" with a home page and one lesson, enough for the checks made before measuring. */
async function fakeDist() {
  const dist = join(await mkdtemp(join(tmpdir(), "vg-bench-pages-")), "dist");
  await mkdir(join(dist, "a-lesson"), { recursive: true });
  await writeFile(join(dist, "index.html"), '<a href="/vanishing-gradients/a-lesson/">a lesson</a>');
  await writeFile(join(dist, "a-lesson/index.html"), "<h1>A lesson</h1>");
  return dist;
}

describe("bench:pages command line", () => {
  usageTests(bench, USAGE, ["--no-lighthouse", "--only PATH", "--dist DIR", "--reports DIR", "--cpu-slowdown N"], [
    [["--bogus"], "bench:pages: Unknown option '--bogus'"],
    [["--only"], "bench:pages: Option '--only <value>' argument missing"],
    [["extra"], "bench:pages: Unexpected argument 'extra'"],
    [["--no-lighthouse=yes"], "bench:pages: Option '--no-lighthouse' does not take an argument"],
    [["--cpu-slowdown", "0.5"], 'bench:pages: --cpu-slowdown must be a number ≥ 1, not "0.5"'],
    [["--cpu-slowdown", "fast"], 'bench:pages: --cpu-slowdown must be a number ≥ 1, not "fast"'],
    [["--dist", "/nonexistent/vg-dist"], "bench:pages: --dist /nonexistent/vg-dist: no index.html there"],
  ]);

  it("--only with a page the build does not have names the pages it has, and exits 2", async () => {
    const r = bench("--dist", await fakeDist(), "--only", "/no-such-lesson/", "--no-lighthouse");
    expect(r.err).toContain("bench:pages: --only /no-such-lesson/: no such page in the build (have: /, /a-lesson/)\n");
    expect(r.err).toContain(USAGE);
    expect(r.code).toBe(2);
  });

  it("--dist refuses a build made for another base path", async () => {
    const dist = await fakeDist();
    await writeFile(join(dist, "index.html"), '<a href="/a-lesson/">a lesson</a>');
    const r = bench("--dist", dist, "--no-lighthouse");
    expect(r.err).toContain(`bench:pages: --dist ${dist}: not built with BASE_PATH=/vanishing-gradients/`);
    expect(r.code).toBe(2);
  });
});
