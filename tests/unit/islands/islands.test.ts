/**
 * The page's one demo script (src/islands/islands.ts) knows every demo, and every demo wrapper renders it:
 * a demo missing from either would keep its static figure and never upgrade.
 */
import { describe, expect, it } from "vitest";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { ISLANDS } from "../../../src/islands/islands.ts";

const ROOT = new URL("../../..", import.meta.url).pathname;

describe("ISLANDS", () => {
  it("lists every vg-* element an island defines, and nothing else", async () => {
    const defined: string[] = [];
    for (const dir of await readdir(join(ROOT, "src/islands"), { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      const code = await readFile(join(ROOT, "src/islands", dir.name, "element.ts"), "utf8").catch(() => "");
      for (const m of code.matchAll(/customElements\.define\("(vg-[a-z0-9-]+)"/g)) defined.push(m[1]);
    }
    expect(defined.length).toBeGreaterThan(0);
    expect(Object.keys(ISLANDS).sort()).toEqual(defined.sort());
  });

  it("every component that renders a vg-* element renders <Islands />, and no component imports an element module itself", async () => {
    const dir = join(ROOT, "src/components");
    for (const file of (await readdir(dir)).filter((f) => f.endsWith(".astro"))) {
      const src = await readFile(join(dir, file), "utf8");
      const renders = /<vg-[a-z0-9-]+[\s>]/.test(src);
      expect(renders ? /<Islands\s*\/>/.test(src) : true, `src/components/${file} renders a demo element but not <Islands />`).toBe(true);
      expect(src, `src/components/${file} imports an island's element.ts in a <script>: it would load before the first paint; list the demo in src/islands/islands.ts instead`).not.toMatch(/import\s+["'][^"']*islands\/[^"']+\/element\.ts["']/);
    }
  });
});
