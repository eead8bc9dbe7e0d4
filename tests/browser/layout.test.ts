/**
 * Layout of every built page on a phone (360 px wide) and a desktop (1280 px):
 * no sideways scrolling, every demo control on screen, and figure text that can be
 * read. A figure is an SVG scaled to its column, so its text is measured as it
 * renders: the computed font size times the scale of the SVG's screen transform.
 */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { sharedBrowser, watchedPage } from "../support/browser.ts";
import { builtPages } from "../support/built-pages.ts";

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
