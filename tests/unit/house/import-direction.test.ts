/**
 * Imports point one way: tests may import scripts and src, but nothing under scripts/ or src/ imports
 * from tests/ (a benchmark that pulled in tests/support would pull in vitest with it). And the number
 * formatter imports nothing, so that anything may import it. Read from the source text: every static
 * `from "…"` and dynamic `import("…")` specifier, resolved against its file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = process.cwd();

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs|astro)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** The relative specifiers a file imports, resolved to paths from the repository root. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)].map((m) => m[1]);
  return specs.filter((s) => s.startsWith(".")).map((s) => relative(ROOT, resolve(dirname(join(ROOT, file)), s)));
}

describe("import direction", () => {
  it("finds imports the way it reads them", () => {
    expect(imports("tests/support/browser.ts")).toContain("scripts/bench/chromium.ts");
  });

  it.each(["scripts", "src"])("nothing under %s/ imports from tests/", (dir) => {
    const offenders = sources(dir).flatMap((f) => imports(f).filter((p) => p.startsWith("tests/")).map((p) => `${f} imports ${p}`));
    expect(offenders).toEqual([]);
  });

  it("src/lib/draw/format.ts imports nothing", () => {
    expect(readFileSync(join(ROOT, "src/lib/draw/format.ts"), "utf8")).not.toMatch(/^\s*import\b|\bimport\s*\(/m);
  });
});
