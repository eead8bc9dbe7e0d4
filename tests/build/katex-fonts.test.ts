/**
 * The KaTeX fonts the build ships are cut to the characters the pages draw
 * (src/build/katex-subset.ts): every glyph the math of every built page uses is
 * still in the font that draws it, no page fetches more than FONT_BUDGET of them,
 * and the subsets carry names that change with their contents.
 * The cmaps are read straight from the woff2 files (tests/support/woff2-cmap.ts).
 */
import { describe, expect, inject, it } from "vitest";
import { readFile, readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { parseHTML } from "linkedom";
import { filesUnder } from "../support/html.ts";
import { ROOT } from "../support/build-site.ts";
import { woff2CodePoints } from "../support/woff2-cmap.ts";
import { katexGlyphs, KATEX_FONT_RULES, matchFace } from "../../src/build/katex-glyphs.ts";
import { contentHash } from "../../src/build/katex-subset.ts";

const dist = inject("distDir");
/** KaTeX font bytes one page may fetch: the fonts its math uses, as shipped (woff2 is not gzipped again). 23–31 KB now. */
const FONT_BUDGET = 32 * 1024;

const KATEX = join(ROOT, "node_modules/katex/dist");
const pages = await filesUnder(dist, ".html");
const assets = await readdir(join(dist, "_astro"));
const shipped = new Map<string, { file: string; bytes: Buffer }>();
for (const file of assets.filter((f) => /^KaTeX_.*\.woff2$/.test(f))) {
  const stem = file.split(".")[0];
  expect(shipped.has(stem), `two files for ${stem}`).toBe(false);
  shipped.set(stem, { file, bytes: await readFile(join(dist, "_astro", file)) });
}
const originals = new Map<string, Set<number>>();
const original = async (stem: string) => {
  if (!originals.has(stem)) originals.set(stem, woff2CodePoints(await readFile(join(KATEX, "fonts", `${stem}.woff2`))));
  return originals.get(stem)!;
};
const hex = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} ${JSON.stringify(c)}`;

describe("KaTeX fonts cut to the glyphs the pages use", () => {
  it("ships every KaTeX font once, as a subset smaller than KaTeX's own", async () => {
    expect([...shipped.keys()].sort()).toEqual((await readdir(join(KATEX, "fonts"))).filter((f) => f.endsWith(".woff2")).map((f) => f.replace(".woff2", "")).sort());
    for (const [stem, { bytes }] of shipped) {
      expect(bytes.length, stem).toBeLessThan((await readFile(join(KATEX, "fonts", `${stem}.woff2`))).length);
    }
  });

  it.each(pages.map((p) => [relative(dist, p), p] as const))("%s: every character of its math is in the font that draws it", async (_, page) => {
    const html = await readFile(page, "utf8");
    const missing: string[] = [];
    for (const [stem, chars] of katexGlyphs([html])) {
      const has = woff2CodePoints(shipped.get(stem)!.bytes);
      const had = await original(stem);
      for (const c of chars) if (had.has(c.codePointAt(0)!) && !has.has(c.codePointAt(0)!)) missing.push(`${hex(c)} in ${stem}`);
    }
    // Without the map from classes to fonts: a character some KaTeX font had is in some shipped font.
    const { document } = parseHTML(html);
    const everyShipped = new Set([...shipped.values()].flatMap((s) => [...woff2CodePoints(s.bytes)]));
    const everyOriginal = new Set((await Promise.all([...shipped.keys()].map(original))).flatMap((s) => [...s]));
    for (const el of document.querySelectorAll(".katex-html")) {
      for (const c of el.textContent ?? "") {
        const cp = c.codePointAt(0)!;
        if (everyOriginal.has(cp) && !everyShipped.has(cp)) missing.push(`${hex(c)} in no shipped KaTeX font`);
      }
    }
    expect([...new Set(missing)], `${relative(dist, page)}: glyphs the math uses but the shipped fonts lack`).toEqual([]);
  });

  it("keeps in every subset in use the characters FreeType's auto-hinter measures the font by (else glyphs move by a pixel)", async () => {
    for (const [stem, { bytes }] of shipped) {
      const has = woff2CodePoints(bytes);
      if (has.size === 0) continue;
      const had = await original(stem);
      const lacking = [..."THEZOCQSLUfijkdbhxzroescpqgjy"].filter((c) => had.has(c.codePointAt(0)!) && !has.has(c.codePointAt(0)!));
      expect(lacking, stem).toEqual([]);
    }
  });

  it(`keeps the KaTeX fonts a page can fetch under ${FONT_BUDGET / 1024} KB`, async () => {
    const perPage: Record<string, number> = {};
    for (const page of pages) {
      const glyphs = katexGlyphs([await readFile(page, "utf8")]);
      perPage[relative(dist, page)] = [...glyphs.keys()].reduce((sum, stem) => sum + shipped.get(stem)!.bytes.length, 0);
    }
    for (const [page, bytes] of Object.entries(perPage)) expect(bytes, `${page}: ${bytes} B of KaTeX fonts`).toBeLessThanOrEqual(FONT_BUDGET);
    // Not blind: the lessons do fetch fonts.
    expect(Math.max(...Object.values(perPage))).toBeGreaterThan(10_000);
  });

  it("preloads, on each page, exactly the KaTeX fonts its math uses (no layout shift when they arrive)", async () => {
    for (const page of pages) {
      const html = await readFile(page, "utf8");
      const preloaded = [...html.matchAll(/<link rel="preload" href="[^"]*\/(KaTeX_[^/"]+)\.[^."]+\.woff2" as="font" type="font\/woff2" crossorigin>/g)].map((m) => m[1]);
      expect(preloaded.sort(), relative(dist, page)).toEqual([...katexGlyphs([html]).keys()].sort());
    }
    expect(await readFile(join(dist, "unstable-gradients/index.html"), "utf8")).toContain('as="font"');
  });

  it("names each subset by its contents, and every stylesheet names fonts that exist, none inline", async () => {
    for (const { file, bytes } of shipped.values()) expect(file.split(".")[1], file).toBe(contentHash(bytes));
    for (const css of await filesUnder(dist, ".css")) {
      const text = await readFile(css, "utf8");
      expect(text, relative(dist, css)).not.toMatch(/url\(\s*["']?data:/);
      for (const [, name] of text.matchAll(/url\([^)]*\/(KaTeX_[^/)]+\.woff2)\)/g)) expect(assets, `${relative(dist, css)} names ${name}`).toContain(name);
    }
  });
});

describe("which font draws a character (src/build/katex-glyphs.ts)", () => {
  it("knows every rule of KaTeX's stylesheet that sets font-family, font-weight or font-style, and what each sets", async () => {
    const css = (await readFile(join(KATEX, "katex.min.css"), "utf8")).replace(/@font-face\{[^}]*\}/g, "");
    const fromCss = new Map<string, Record<string, unknown>>();
    for (const [, sel, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
      if (!/font-(family|weight|style):/.test(body)) continue;
      const face: Record<string, unknown> = {};
      const family = /font-family:"?KaTeX_(\w+)/.exec(body);
      const weight = /font-weight:(\d+|bold|normal)/.exec(body);
      const style = /font-style:(italic|normal)/.exec(body);
      if (family) face.family = family[1];
      if (weight) face.weight = weight[1] === "bold" || weight[1] === "700" ? 700 : 400;
      if (style) face.italic = style[1] === "italic";
      for (const s of sel.split(",").filter((s) => s.startsWith(".katex "))) fromCss.set(s.slice(".katex ".length), face);
    }
    const ours = new Map(KATEX_FONT_RULES.map((r) => [r.selector, { ...r.face }]));
    expect(ours.size).toBe(KATEX_FONT_RULES.length);
    expect(Object.fromEntries([...ours].sort())).toEqual(Object.fromEntries([...fromCss].sort()));
    // and the root: .katex{font:normal 1.21em KaTeX_Main,…}
    expect(css).toMatch(/\.katex\{font:normal 1\.21em KaTeX_Main,/);
  });

  it("matches every @font-face of KaTeX's stylesheet to its own file", async () => {
    const css = await readFile(join(KATEX, "katex.min.css"), "utf8");
    const faces = [...css.matchAll(/@font-face\{([^}]*)\}/g)].map(([, body]) => body);
    expect(faces.length).toBe(20);
    for (const body of faces) {
      const family = /font-family:"?KaTeX_(\w+)/.exec(body)![1];
      const weight = /font-weight:(\d+|normal|bold)/.exec(body)![1];
      const italic = /font-style:italic/.test(body);
      const file = /url\(fonts\/(KaTeX_[\w-]+)\.woff2\)/.exec(body)![1];
      expect(matchFace(family as never, weight === "700" || weight === "bold" ? 700 : 400, italic), body).toBe(file);
    }
  });

  it("follows classes up to the .katex root, the nearest setting of each property winning", () => {
    const math = (inner: string) => `<span class="katex"><span class="katex-mathml"><math>x</math></span><span class="katex-html">${inner}</span></span>`;
    const g = katexGlyphs([
      math(
        '<span class="mord mathnormal">x</span><span class="mord">2</span>' +
          '<span class="mord mathbf">B</span><span class="mord boldsymbol">β</span>' +
          '<span class="mord text"><span class="mord textbf">T</span><span class="mord textit"><span class="mord textbf">I</span></span></span>' +
          '<span class="mop op-symbol large-op">∑</span><span class="mop op-symbol small-op">∏</span>' +
          '<span class="mopen delimsizing size3">(</span>' +
          '<span class="delimsizing mult"><span class="delim-size4"><span>⎛</span></span></span>' +
          '<span class="mord mathsf"><span class="mord mathnormal">q</span></span>' +
          '<span class="mord mathbb">R</span><span class="mord mathrm"><span class="mord mathit">e</span></span>',
      ),
    ]);
    expect(Object.fromEntries([...g].map(([k, v]) => [k, [...v].join("")]))).toEqual({
      "KaTeX_Math-Italic": "xq",
      "KaTeX_Main-Regular": "2()013456789", // the digit first, then what the stylesheet draws (equation numbers)
      "KaTeX_Main-Bold": "BT",
      "KaTeX_Math-BoldItalic": "β",
      "KaTeX_Main-BoldItalic": "I",
      "KaTeX_Size2-Regular": "∑",
      "KaTeX_Size1-Regular": "∏",
      "KaTeX_Size3-Regular": "(",
      "KaTeX_Size4-Regular": "⎛",
      "KaTeX_AMS-Regular": "R",
      "KaTeX_Main-Italic": "e",
    });
    expect(katexGlyphs(["<p>no math</p>"]).size).toBe(0);
  });
});
