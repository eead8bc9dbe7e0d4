/**
 * docs/teaching-with-this-course.md stays true: its lesson template builds as a lesson (every import
 * resolving, every component accepting the props the template gives it), its log.json table lists
 * exactly the fields the committed logs have, and the README links to it.
 */
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite, ROOT } from "../support/build-site.ts";

const GUIDE = "docs/teaching-with-this-course.md";
const guide = await readFile(join(ROOT, GUIDE), "utf8");

/** The text between <!-- name:start --> and <!-- name:end -->. */
function section(name: string): string {
  const m = guide.match(new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)<!-- ${name}:end -->`));
  if (!m) throw new Error(`${GUIDE} has no ${name} section`);
  return m[1];
}

// A lesson folder two levels below the root, as content/lessons is, so the template's imports resolve as written.
const lessonsDir = join(ROOT, "tests/.teaching-guide-lessons");
afterAll(() => rm(lessonsDir, { recursive: true, force: true }));

describe(GUIDE, () => {
  it("is linked from the README", async () => {
    expect(await readFile(join(ROOT, "README.md"), "utf8")).toContain(`](${GUIDE})`);
  });

  it("its lesson template builds, and shows what it says it shows", async () => {
    const template = section("template").match(/^```mdx\n([\s\S]*?)^```$/m)![1];
    // Every component a lesson can place is imported.
    const components = (await readdir(join(ROOT, "src/components"))).filter((f) => f.endsWith(".astro"));
    const placeable = components.filter((f) => !["AllowWasm.astro", "ChartBlock.astro", "DataTableView.astro", "RangeControl.astro", "OptimizerSelect.astro", "Sources.astro", "Toc.astro", "NumbersTable.astro"].includes(f));
    for (const f of placeable) expect(template, `the template imports ${f}`).toContain(`from "../../src/components/${f}"`);
    await rm(lessonsDir, { recursive: true, force: true });
    await mkdir(lessonsDir, { recursive: true });
    await writeFile(join(lessonsDir, "from-the-template.mdx"), template);
    const r = await buildSite({ VG_LESSONS_DIR: "tests/.teaching-guide-lessons", BASE_PATH: "/my-fork/" });
    expect(r.code, r.output).toBe(0);
    const html = await readFile(join(r.outDir, "from-the-template/index.html"), "utf8");
    expect(html).toContain("<h1");
    expect(html).toContain("Why the first layer learns last");
    expect(html).toContain("<vg-chain");
    expect(html).toMatch(/class="katex"/);
    // The lesson link went through the fork's base path.
    expect(html).toContain('href="/my-fork/unstable-gradients/"');
    // The two cited numbers are the log's, as the raw file has them.
    const log = JSON.parse(await readFile(join(ROOT, "public/runs/nielsen-3-hidden/log.json"), "utf8"));
    for (const v of [log.initial.gradNorms[0], log.initial.gradNorms[2]]) expect(html).toContain(`>${v.toFixed(3)}<`);
  }, 180_000);

  it("its log.json table lists exactly the fields the committed logs have", async () => {
    const documented = [...section("log-fields").matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]).sort();
    const found = new Set<string>();
    const walk = (o: unknown, p: string) => {
      if (Array.isArray(o) && o.length && typeof o[0] === "object") for (const x of o) walk(x, `${p}[i]`);
      else if (o && typeof o === "object" && !Array.isArray(o)) for (const [k, v] of Object.entries(o)) walk(v, p ? `${p}.${k}` : k);
      else found.add(p);
    };
    for (const id of await readdir(join(ROOT, "public/runs"))) walk(JSON.parse(await readFile(join(ROOT, "public/runs", id, "log.json"), "utf8")), "");
    expect(documented).toEqual([...found].sort());
  });
});
