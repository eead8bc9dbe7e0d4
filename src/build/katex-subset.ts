/**
 * Astro integration: after the build, cut every KaTeX font down to the characters
 * the built pages draw with it (src/build/katex-glyphs.ts), with harfbuzz's
 * subsetter (subset-font, WebAssembly: no network, no native code).
 *
 * The whole KaTeX set is 260 KB of woff2; a lesson fetched 42–64 KB of it before its
 * first paint. One subset per font serves the whole site (a reader moving between
 * lessons reuses it from the cache). A font whose contents change gets a new hashed
 * name, and so does every stylesheet that names it, and every reference to that
 * stylesheet is rewritten: a cached old font can never meet a page that needs a
 * glyph it lacks.
 *
 * Each page then preloads the fonts its math uses: found only once the stylesheet is
 * parsed and the math laid out, they arrived after the first layout and the lines
 * holding inline math re-wrapped (a layout shift of 0.04–0.08 on a phone).
 */
import { createHash } from "node:crypto";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import subsetFont from "subset-font";
import { katexGlyphs } from "./katex-glyphs.ts";

/** dist/_astro/KaTeX_Main-Regular.B22Nviop.woff2 → stem "KaTeX_Main-Regular", hash "B22Nviop". */
const FONT_NAME = /^(KaTeX_[A-Za-z0-9]+-[A-Za-z]+)\.([A-Za-z0-9_-]+)\.woff2$/;
/** Astro's hashed asset names: Lesson.DZElpczh.css. */
const HASHED = /^(.+)\.([A-Za-z0-9_-]{8})\.(css|woff2)$/;

async function filesUnder(dir: string, keep: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && keep(entry.name)) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/** The same 8 characters Vite would choose style of: base64url of a content hash. */
export function contentHash(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("base64url").slice(0, 8);
}

/** name.OLDHASH.ext → name.NEWHASH.ext; null for a name that is not hashed. */
export function rehashed(name: string, bytes: Uint8Array | string): string | null {
  const m = HASHED.exec(name);
  return m ? `${m[1]}.${contentHash(bytes)}.${m[3]}` : null;
}

/**
 * FreeType's auto-hinter (Chromium on Linux) sets a font's blue zones and stem widths per script from
 * these characters (its afblue.dat); a subset without them draws its glyphs up to a pixel apart. Latin
 * is also the script of digits and symbols, so every subset that keeps a glyph keeps Latin's; Greek's
 * only where the math uses a Greek letter.
 */
const HINTING_LATIN = "THEZOCQSLUfijkdbhxzroescpqgjy";
const HINTING_GREEK = "ΓΒΕΖΘΟΩΔΞβθδζλξαειοπστωγημρφχψ";
export function withHintingReference(used: Iterable<string>): string {
  const chars = new Set(used);
  if (chars.size === 0) return "";
  for (const c of HINTING_LATIN) chars.add(c);
  if ([...chars].some((c) => /[\u0370-\u03ff]/.test(c))) for (const c of HINTING_GREEK) chars.add(c);
  return [...chars].sort().join("");
}

/** Preload order: the text fonts first, then the rest by name. */
const FIRST = ["KaTeX_Main-Regular", "KaTeX_Math-Italic"];
const byUse = (a: string, b: string) => (FIRST.indexOf(a) + 1 || 99) - (FIRST.indexOf(b) + 1 || 99) || a.localeCompare(b);

export interface SubsetReport {
  /** Per font stem: bytes before and after, and the characters kept. */
  fonts: { stem: string; file: string; before: number; after: number; chars: string }[];
  /** Old file name → new file name (fonts and the stylesheets that name them). */
  renamed: Map<string, string>;
}

/** Subsets the KaTeX fonts of a built site in place and renames what changed. */
export async function subsetKatexFonts(dist: string): Promise<SubsetReport> {
  const htmlFiles = await filesUnder(dist, (n) => n.endsWith(".html"));
  const glyphs = katexGlyphs(await Promise.all(htmlFiles.map((f) => readFile(f, "utf8"))));
  const fontFiles = await filesUnder(dist, (n) => FONT_NAME.test(n));
  const report: SubsetReport = { fonts: [], renamed: new Map() };

  for (const file of fontFiles) {
    const stem = FONT_NAME.exec(basename(file))![1];
    const original = await readFile(file);
    const chars = withHintingReference(glyphs.get(stem) ?? []);
    const subset = await subsetFont(original, chars, { targetFormat: "woff2" });
    const name = rehashed(basename(file), subset)!;
    await writeFile(join(file, "..", name), subset);
    if (name !== basename(file)) await rm(file);
    report.renamed.set(basename(file), name);
    report.fonts.push({ stem, file: relative(dist, join(file, "..", name)), before: original.length, after: subset.length, chars });
  }

  // Stylesheets that name a renamed font: rewrite them, then rename them by their new contents.
  const rewrite = (text: string) => {
    let out = text;
    for (const [from, to] of report.renamed) out = out.split(from).join(to);
    return out;
  };
  const sheetRenames = new Map<string, string>();
  for (const file of await filesUnder(dist, (n) => n.endsWith(".css"))) {
    const text = await readFile(file, "utf8");
    const updated = rewrite(text);
    if (updated === text) continue;
    const name = rehashed(basename(file), updated) ?? basename(file);
    await writeFile(join(file, "..", name), updated);
    if (name !== basename(file)) {
      await rm(file);
      sheetRenames.set(basename(file), name);
    }
  }
  for (const [from, to] of sheetRenames) report.renamed.set(from, to);

  // Everything that can name a stylesheet or a font: the pages and the scripts.
  for (const file of await filesUnder(dist, (n) => /\.(html|js|css)$/.test(n))) {
    const text = await readFile(file, "utf8");
    const updated = rewrite(text);
    if (updated !== text) await writeFile(file, updated);
  }

  // The URL each font has in the stylesheets (with the site's base), for the pages' preloads.
  const fontUrls = new Map<string, string>();
  for (const file of await filesUnder(dist, (n) => n.endsWith(".css"))) {
    for (const [, url, stem] of (await readFile(file, "utf8")).matchAll(/url\(["']?([^)"']*\/(KaTeX_[A-Za-z0-9]+-[A-Za-z]+)\.[A-Za-z0-9_-]+\.woff2)["']?\)/g)) fontUrls.set(stem, url);
  }
  for (const file of htmlFiles) {
    const html = await readFile(file, "utf8");
    const stems = [...katexGlyphs([html]).keys()].sort(byUse);
    if (stems.length === 0) continue;
    const links = stems.map((stem) => {
      const url = fontUrls.get(stem);
      if (!url) throw new Error(`${relative(dist, file)}: its math uses ${stem}, which no stylesheet of the build names (is katex/dist/katex.min.css still imported by src/layouts/Lesson.astro?)`);
      return `<link rel="preload" href="${url}" as="font" type="font/woff2" crossorigin>`;
    });
    if (!html.includes("</head>")) throw new Error(`${relative(dist, file)}: no </head> to put the font preloads before`);
    await writeFile(file, html.replace("</head>", `${links.join("")}</head>`));
  }
  return report;
}

export function katexSubsetIntegration() {
  return {
    name: "vg:katex-subset",
    hooks: {
      "astro:build:done": async ({ dir, logger }: { dir: URL; logger: { info: (m: string) => void } }) => {
        const dist = fileURLToPath(dir);
        const { fonts } = await subsetKatexFonts(dist);
        const before = fonts.reduce((a, f) => a + f.before, 0);
        const after = fonts.reduce((a, f) => a + f.after, 0);
        logger.info(`KaTeX fonts cut to the characters the pages draw: ${fonts.length} fonts, ${Math.round(before / 1024)} KB → ${Math.round(after / 1024)} KB`);
      },
    },
  };
}
