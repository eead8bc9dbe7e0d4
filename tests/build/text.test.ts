/**
 * The visible text of every built page: no word glued to a link. Astro drops the
 * space between a line's last word and a link that starts the next line in an
 * .astro template ("A reader on" + newline + <a>Data Science…</a> renders as
 * "onData Science"), and the space after a link that ends a line: check the
 * rendered text, not the source.
 */
import { describe, expect, inject, it } from "vitest";
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { filesUnder } from "../support/html.ts";

const dist = inject("distDir");

/** Inline elements: their tags join the text around them without a gap. Every other tag is a break. */
const INLINE = /^(?:abbr|b|bdi|bdo|cite|code|data|dfn|em|i|kbd|mark|q|s|small|span|strong|sub|sup|time|u|var)$/i;
const OPEN = "\u0001";
const CLOSE = "\u0002";

/**
 * Places where a letter or digit touches a link's text with nothing between them,
 * as a few characters either side with ⟨ ⟩ around the link.
 */
function gluedLinks(html: string): string[] {
  const text = html
    .replace(/<(script|style|annotation|svg|template)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(\/?)([a-z][\w-]*)\b[^>]*>/gi, (_, close: string, tag: string) =>
      tag.toLowerCase() === "a" ? (close ? CLOSE : OPEN) : INLINE.test(tag) ? "" : " ",
    )
    .replace(/&nbsp;|&#160;/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
  const found: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}][\u0001\u0002][\p{L}\p{N}]/gu)) {
    found.push(text.slice(Math.max(0, m.index - 25), m.index + 26).replace(/\s+/g, " ").trim().replace(/\u0001/g, "⟨").replace(/\u0002/g, "⟩"));
  }
  return found;
}

describe("visible text", () => {
  it("finds a word glued to a link, before or after it, and nothing else", () => {
    expect(gluedLinks(`<p>A reader on<a href="x">Data Science</a> asked.</p>`)).toEqual(["A reader on⟨Data Science⟩ asked."]);
    expect(gluedLinks(`<p>Nielsen's <a href="x"><cite>Neural Networks</cite></a>and more</p>`)).toEqual(["Nielsen's ⟨Neural Networks⟩and more"]);
    const fine = [
      `<p>A reader on <a href="x">Data</a>, then (<a href="y">this</a>) and <a href="z">that</a>.</p>`,
      `<li>one</li><li><a href="x">two</a></li><p>three</p>`,
      `<p>see <em>Nielsen's</em> <a href="x"><cite>book</cite></a>'s chapter</p>`,
      `<nav><a href="x">Previous</a><a href="y">Next</a></nav>`,
    ];
    for (const html of fine) expect(gluedLinks(html), html).toEqual([]);
  });

  it("has no word glued to a link on any built page", async () => {
    const pages = await filesUnder(dist, ".html");
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const glued: string[] = [];
    for (const page of pages) {
      for (const g of gluedLinks(await readFile(page, "utf8"))) glued.push(`${relative(dist, page)}: “${g}”`);
    }
    expect(glued).toEqual([]);
  });
});

/**
 * A number that MDX placed as a block of its own: a value component (<Num>, <RunValue>, <DerivedValue>,
 * <AnswerValue>) alone on its line in a lesson becomes flow content, so the number lands between two
 * paragraphs instead of inside its sentence. Returns a few characters around each.
 */
export function strandedNumbers(html: string): string[] {
  const found: string[] = [];
  const re = /<\/(?:p|ol|ul|li|h[1-6]|div|figure|blockquote)>\s*(<span class="num"[^>]*>[^<]*<\/span>)\s*<(?:p|ol|ul|h[1-6]|div|figure|blockquote)\b/g;
  for (const m of html.matchAll(re)) found.push(m[1].replace(/<[^>]+>/g, ""));
  // A paragraph that holds nothing but the number.
  for (const m of html.matchAll(/<p>\s*(<span class="num"[^>]*>[^<]*<\/span>)\s*<\/p>/g)) found.push(m[1].replace(/<[^>]+>/g, ""));
  // A paragraph that starts with the number, after a paragraph that ends mid-sentence (no closing punctuation).
  for (const m of html.matchAll(/([\p{L}\p{N},])\s*<\/p>\s*<p>\s*(<span class="num"[^>]*>[^<]*<\/span>)/gu)) found.push(m[2].replace(/<[^>]+>/g, ""));
  return found;
}

/** Lines of a lesson's prose that start with "N. " right after a line of prose: Markdown reads them as a new numbered list. */
export function accidentalLists(mdx: string): string[] {
  const lines = mdx.split("\n");
  const found: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1].trim();
    if (/^\d+\.\s/.test(lines[i]) && prev !== "" && !/^\d+\.\s/.test(prev) && !/^\s/.test(lines[i - 1])) found.push(`line ${i + 1}: ${lines[i].slice(0, 40)}`);
  }
  return found;
}

describe("numbers stay inside their sentences", () => {
  it("finds a number stranded between blocks, and not one inside a paragraph", () => {
    expect(strandedNumbers(`<p>story:</p>\n<span class="num" data-at="x">92%</span>\n<p>of its inputs</p>`)).toEqual(["92%"]);
    expect(strandedNumbers(`<p>the cost is <span class="num">8.66</span> and</p>`)).toEqual([]);
    expect(strandedNumbers(`<p>faster than</p>\n<p><span class="num">93%</span></p>`)).toEqual(["93%", "93%"]);
    expect(strandedNumbers(`<p>about</p><p><span class="num">5.0</span> times slower</p>`)).toEqual(["5.0"]);
    expect(strandedNumbers(`<p>It ends.</p><p><span class="num">5.0</span> is the factor.</p>`)).toEqual([]);
    expect(accidentalLists("from 0 or\n1. So we measured it")).toEqual(["line 2: 1. So we measured it"]);
    expect(accidentalLists("Steps:\n\n1. one\n2. two")).toEqual([]);
  });

  it("no built page has a number standing between two blocks", async () => {
    const found: string[] = [];
    for (const page of await filesUnder(dist, ".html")) for (const n of strandedNumbers(await readFile(page, "utf8"))) found.push(`${relative(dist, page)}: ${n}`);
    expect(found).toEqual([]);
  });

  it("no lesson starts a numbered list in the middle of a paragraph", async () => {
    const { readdir } = await import("node:fs/promises");
    const dir = new URL("../../content/lessons/", import.meta.url);
    const found: string[] = [];
    for (const f of (await readdir(dir)).filter((n) => n.endsWith(".mdx"))) for (const a of accidentalLists(await readFile(new URL(f, dir), "utf8"))) found.push(`${f} ${a}`);
    expect(found).toEqual([]);
  });
});
