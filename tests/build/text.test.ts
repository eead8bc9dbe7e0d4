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
