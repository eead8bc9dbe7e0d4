/**
 * Layout of every built page on a phone (360 px wide) and a desktop (1280 px):
 * no sideways scrolling, every demo control on screen, and figure text that can be
 * read. A figure is an SVG scaled to its column, so its text is measured as it
 * renders: the computed font size times the scale of the SVG's screen transform.
 */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { paintEverything, reachDemos, sharedBrowser, watchedPage } from "../support/browser.ts";
import { builtPages } from "../support/built-pages.ts";
import { readPng } from "../support/png-read.ts";

const baseUrl = inject("baseUrl");
const origin = new URL(baseUrl).origin;
const browser = sharedBrowser();
const pages = (await builtPages(inject("distDir"))).map((p) => p.path);

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
/** The smallest figure text a reader can be asked to read, and a size that would be shouting. */
const MIN_PX = 11;
const MAX_PX = 16;

async function open(path: string, viewport: { width: number; height: number }, javaScriptEnabled = true): Promise<Page> {
  const w = await watchedPage(browser(), origin, { viewport, javaScriptEnabled });
  await w.page.goto(baseUrl + path, { waitUntil: "networkidle" });
  // The demos have upgraded once their controls are revealed.
  if (javaScriptEnabled) await reachDemos(w.page);
  if (javaScriptEnabled) await w.page.waitForFunction(() => [...document.querySelectorAll('[data-role="controls"]')].every((c) => !(c as HTMLElement).hidden));
  return w.page;
}

interface Measured {
  where: string;
  text: string;
  px: number;
}

/**
 * The rendered size of every piece of text in a figure (each <text> of an SVG in
 * the main content) and of every text in a demo outside its SVGs (readouts, outputs,
 * labels, legends, captions).
 */
function measureText(page: Page): Promise<Measured[]> {
  return page.evaluate(() => {
    const out: { where: string; text: string; px: number }[] = [];
    const svgs = [...document.querySelectorAll("main svg")];
    svgs.forEach((svg, i) => {
      for (const t of svg.querySelectorAll("text")) {
        const m = (t as SVGTextElement).getScreenCTM();
        if (!m || !t.textContent!.trim()) continue;
        const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
        out.push({ where: `svg ${i + 1} (${svg.getAttribute("class")})`, text: t.textContent!.trim(), px });
      }
    });
    for (const demo of document.querySelectorAll("main *")) {
      if (!demo.localName.startsWith("vg-")) continue;
      for (const el of demo.querySelectorAll("*")) {
        if (el.closest("svg") || el.closest(".visually-hidden")) continue;
        const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "");
        if (!own || (el as HTMLElement).offsetParent === null) continue;
        out.push({ where: `<${demo.localName}> ${el.localName}`, text: el.textContent!.trim().slice(0, 40), px: parseFloat(getComputedStyle(el).fontSize) });
      }
    }
    return out;
  });
}

const report = (items: Measured[]) => items.map((t) => `${t.where}: "${t.text}" at ${t.px.toFixed(1)} px`);

/** Demo controls (inputs, menus, buttons, outputs) that reach past either side of the screen. */
function controlsOutside(page: Page, width: number): Promise<string[]> {
  return page.evaluate((width) => {
    const bad: string[] = [];
    for (const demo of document.querySelectorAll("main *")) {
      if (!demo.localName.startsWith("vg-")) continue;
      for (const controls of demo.querySelectorAll('[data-role="controls"]')) {
        for (const c of controls.querySelectorAll("input, select, button, output, textarea")) {
          const r = c.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          if (r.left < -0.5 || r.right > width + 0.5) {
            bad.push(`<${demo.localName}> ${c.localName}[${c.getAttribute("data-role") ?? c.textContent!.trim()}]: ${r.left.toFixed(1)}..${r.right.toFixed(1)} px`);
          }
        }
      }
    }
    return bad;
  }, width);
}

const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe("layout on a 360 px wide phone", () => {
  it.each(pages)("/%s: no sideways scrolling, every demo control on screen, text at 11 px or more", async (path) => {
    const page = await open(path, PHONE);
    expect.soft(await sidewaysScroll(page), "sideways scroll, px").toBeLessThanOrEqual(0);
    expect.soft(await controlsOutside(page, PHONE.width), "controls outside the screen").toEqual([]);
    expect.soft(report((await measureText(page)).filter((t) => t.px < MIN_PX - 0.01)), `text below ${MIN_PX} px`).toEqual([]);
    await page.context().close();
  });

  it.each(pages)("/%s: no sideways scrolling without JavaScript", async (path) => {
    const page = await open(path, PHONE, false);
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});

describe("layout on a 1280 px wide desktop", () => {
  it.each(pages)(`/%s: figure text between ${MIN_PX} and ${MAX_PX} px`, async (path) => {
    const page = await open(path, DESKTOP);
    const svgText = (await measureText(page)).filter((t) => t.where.startsWith("svg"));
    expect(report(svgText.filter((t) => t.px < MIN_PX - 0.01 || t.px > MAX_PX))).toEqual([]);
    await page.context().close();
  });
});

/**
 * Every table on the page, with every folded table ("The numbers in this chart") opened:
 * what a reader cannot see of it. A table shows all its rows (nothing around it scrolls or clips
 * vertically); no caption or cell has text cut off; a caption and a heading across all columns
 * wrap to the width the reader sees. A table wider than its region scrolls sideways only with a
 * visible hint above it ([data-scroll-hint]) and its first column in place when scrolled to the end.
 */
function tableProblems(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    for (const d of document.querySelectorAll("main details")) (d as HTMLDetailsElement).open = true;
    // Let resize observers (the hint) run after the opened tables are laid out.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const bad: string[] = [];
    const tables = [...document.querySelectorAll("main table")] as HTMLTableElement[];
    for (const [k, table] of tables.entries()) {
      // The reader reaches the table: a block far below is laid out (and keeps its reserved or last
      // height until then: content-visibility, src/layouts/Lesson.astro), and its hint added, only when near.
      // Four frames: the intersection observer reports after one, the resize observer it starts after the next.
      table.scrollIntoView({ block: "center", behavior: "instant" });
      for (let f = 0; f < 4; f++) await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const name = `table ${k + 1} ("${(table.caption?.textContent ?? "").trim().slice(0, 40)}")`;
      let region: HTMLElement | null = null;
      for (let el = table.parentElement; el && el !== document.body; el = el.parentElement) {
        const cs = getComputedStyle(el);
        const clipsY = cs.overflowY !== "visible" || /paint|strict|content/.test(cs.contain);
        if (clipsY && el.scrollHeight > el.clientHeight + 1) {
          bad.push(`${name}: <${el.localName} class="${el.className}"> shows ${el.clientHeight} of its ${el.scrollHeight} px height`);
        }
        if (!region && (cs.overflowX === "auto" || cs.overflowX === "scroll")) region = el;
      }
      for (const c of table.querySelectorAll("caption, th, td")) {
        if (c.scrollWidth > c.clientWidth + 1) bad.push(`${name}: <${c.localName}> "${c.textContent!.trim().slice(0, 30)}" is cut: ${c.scrollWidth} px of text in ${c.clientWidth} px`);
      }
      const box = (region ?? table.parentElement!).getBoundingClientRect();
      const visible = { left: box.left, right: box.left + (region ?? table.parentElement!).clientWidth };
      const columns = Math.max(...[...table.rows].map((r) => [...r.cells].reduce((n, c) => n + c.colSpan, 0)));
      const across = [table.caption, ...[...table.querySelectorAll("th, td")].filter((c) => (c as HTMLTableCellElement).colSpan === columns && columns > 1)];
      const outside = (label: string) => {
        for (const el of across) {
          if (!el) continue;
          const range = document.createRange();
          range.selectNodeContents(el);
          for (const r of range.getClientRects()) {
            if (r.width > 0 && (r.left < visible.left - 1 || r.right > visible.right + 1)) {
              bad.push(`${name}: ${label}: "${el.textContent!.trim().slice(0, 30)}" runs past the visible ${Math.round(visible.right - visible.left)} px (${Math.round(r.left - visible.left)}..${Math.round(r.right - visible.left)})`);
              break;
            }
          }
        }
      };
      outside("at the start");
      if (!region) {
        if (table.getBoundingClientRect().width > table.parentElement!.clientWidth + 1) bad.push(`${name}: wider than its column and nothing scrolls it`);
        continue;
      }
      const hint = region.previousElementSibling as HTMLElement | null;
      const hintShown = !!hint?.matches("[data-scroll-hint]") && hint.offsetParent !== null && hint.getBoundingClientRect().height > 0;
      if (region.scrollWidth > region.clientWidth + 1) {
        if (!hintShown) bad.push(`${name}: scrolls sideways (${region.scrollWidth} px in ${region.clientWidth} px) with no hint shown above it`);
        region.scrollLeft = region.scrollWidth;
        const firsts = [table.tHead?.rows[0]?.cells[0], ...[...table.tBodies].map((b) => [...b.rows].find((r) => !r.cells[0] || r.cells[0].colSpan < columns)?.cells[0])];
        for (const c of firsts) {
          if (c && c.getBoundingClientRect().left < visible.left - 1) bad.push(`${name}: first-column cell "${c.textContent!.trim().slice(0, 20)}" scrolls out of sight (${getComputedStyle(c).position})`);
        }
        outside("scrolled to the end");
        region.scrollLeft = 0;
      } else if (hintShown) {
        bad.push(`${name}: fits its region but a scroll hint is shown`);
      }
    }
    return bad;
  });
}

describe("tables show every row and every word", () => {
  for (const [label, viewport] of [["360 px phone", PHONE], ["1280 px desktop", DESKTOP]] as const) {
    it.each(pages)(`/%s on a ${label}`, async (path) => {
      const page = await open(path, viewport);
      expect(await tableProblems(page)).toEqual([]);
      await page.context().close();
    });
  }
});

describe("the smaller things a reader notices", () => {
  it.each(pages)("/%s: the page title stands clear of the header bar on a phone", async (path) => {
    const page = await open(path, PHONE);
    const gap = await page.evaluate(() => {
      const header = document.querySelector(".site-header")!.getBoundingClientRect();
      const h1 = document.querySelector("h1")!.getBoundingClientRect();
      return h1.top - header.bottom;
    });
    expect(gap, `${path}: gap between header and title`).toBeGreaterThanOrEqual(16);
    await page.context().close();
  });

  it.each(pages)("/%s: every button in a demo is styled like the others, not the browser's grey default", async (path) => {
    const page = await open(path, DESKTOP);
    const unstyled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement>(".demo button, [class*='demo'] button")]
        .filter((b) => b.offsetParent !== null)
        .map((b) => ({ text: b.textContent?.trim() ?? "", s: getComputedStyle(b) }))
        .filter(({ s }) => s.borderTopStyle === "outset" || parseFloat(s.borderTopLeftRadius) === 0)
        .map(({ text }) => text),
    );
    expect(unstyled, path).toEqual([]);
    await page.context().close();
  });

  it("no style rule meant for a legend's HTML key paints the contour's SVG text", async () => {
    const page = await open("flat-here/", DESKTOP);
    const painted = await page.evaluate(() =>
      [...document.querySelectorAll("vg-contour svg text")].filter((t) => {
        const s = getComputedStyle(t);
        return s.backgroundColor !== "rgba(0, 0, 0, 0)" && s.backgroundColor !== "transparent";
      }).length,
    );
    expect(painted).toBe(0);
    await page.context().close();
  });
});

describe("a display equation wider than a phone says that it scrolls", () => {
  /**
   * Whether each edge of the equation is shaded: its screenshot against one with the shade turned off
   * (--edge-shadow, global.css), compared pixel by pixel down a column two pixels in from that edge.
   */
  async function shadedEdges(page: Page, index: number): Promise<{ left: boolean; right: boolean }> {
    const el = page.locator(".katex-display").nth(index);
    const shot = async () => readPng(await el.screenshot());
    const on = await shot();
    await el.evaluate((e) => (e as HTMLElement).style.setProperty("--edge-shadow", "transparent"));
    const off = await shot();
    await el.evaluate((e) => (e as HTMLElement).style.removeProperty("--edge-shadow"));
    const differs = (x: number) => Array.from({ length: on.height }, (_, y) => y).some((y) => on.rgb(x, y).some((v, i) => Math.abs(v - off.rgb(x, y)[i]) > 8));
    return { left: differs(2), right: differs(on.width - 3) };
  }

  for (const colorScheme of ["light", "dark"] as const) {
    it(`is shaded at the edge that hides more, and only there (${colorScheme})`, async () => {
      let wide = 0;
      let fitting = 0;
      for (const path of pages) {
        const w = await watchedPage(browser(), origin, { viewport: PHONE, colorScheme });
        const page = w.page;
        await page.goto(baseUrl + path, { waitUntil: "networkidle" });
        await paintEverything(page);
        const widths = await page.evaluate(() => [...document.querySelectorAll(".katex-display")].map((e) => e.scrollWidth - e.clientWidth));
        for (const [i, extra] of widths.entries()) {
          if (extra > 1) {
            wide++;
            expect(await shadedEdges(page, i), `/${path} equation ${i + 1}, at its start`).toEqual({ left: false, right: true });
            await page.locator(".katex-display").nth(i).evaluate((e) => (e.scrollLeft = e.scrollWidth));
            expect(await shadedEdges(page, i), `/${path} equation ${i + 1}, scrolled to its end`).toEqual({ left: true, right: false });
          } else if (fitting < 3) {
            fitting++;
            expect(await shadedEdges(page, i), `/${path} equation ${i + 1}, which fits`).toEqual({ left: false, right: false });
          }
        }
        await page.context().close();
      }
      // Measured at 360 px when this was written: 11 display equations are wider than the column.
      expect(wide).toBeGreaterThan(0);
      expect(fitting).toBe(3);
    });
  }
});
