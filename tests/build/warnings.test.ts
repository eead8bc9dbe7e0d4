/**
 * A build prints no warning an author cannot act on: Astro's Shiki-versus-CSP warning is gone
 * because code is highlighted by Prism (classes, no style attributes), and Rolldown's
 * MODULE_LEVEL_DIRECTIVE warning about Astro's own "use astro:head-inject" marker is dropped at its
 * source in astro.config.mjs (withastro/astro#18087). Any other warning still shows.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { buildSite } from "../support/build-site.ts";

const warnings = (output: string) => output.split("\n").filter((l) => /\[WARN\]|MODULE_LEVEL_DIRECTIVE|\bwarning\b/i.test(l));

describe("the build's warnings", () => {
  it("the course's build prints none", () => {
    const output = inject("buildOutput");
    expect(output).toContain("[build] Complete!");
    expect(warnings(output)).toEqual([]);
  });

  it("a lesson with a code block builds without one, its code coloured by classes the CSP allows", async () => {
    const r = await buildSite({ VG_LESSONS_DIR: "tests/fixtures/code-block", BASE_PATH: "/" });
    expect(r.code, r.output).toBe(0);
    expect(warnings(r.output)).toEqual([]);
    const html = await readFile(join(r.outDir, "code/index.html"), "utf8");
    const pre = html.match(/<pre[^>]*>[\s\S]*?<\/pre>/)![0];
    expect(pre).toMatch(/^<pre class="language-python"/);
    expect(pre).toContain('<span class="token keyword">def</span>');
    expect(pre).toContain('<span class="token comment"># elementwise</span>');
    expect(pre).not.toContain("style=");
  });
});
