/**
 * The live trainer's layout (the controls stay at hand while the charts are read), in Chromium on the built /learning-speed/ and
 * /fixes/, in the light and the dark theme:
 *   - a compact bar (preset, Start, Step, Reset, the epoch) directly above the charts: at 1280×900,
 *     with the trainer scrolled to the top of the window, Start and the first chart's plot are both
 *     wholly on screen; the detailed settings are folded (closed) below the charts;
 *   - at 360×740 the bar stays in view (sticky, opaque, over the charts) when the last chart is
 *     scrolled into view, covers at most 30% of the window and not that chart's plot; nothing
 *     reaches past the right edge (no sideways scrolling), the settings open or not; with them open
 *     axe finds no WCAG 2.2 AA violation in the trainer (the page-wide a11y test sees them closed);
 *   - every menu's every option fits its menu (a menu cannot wrap), measured as it renders: the text's
 *     width in the menu's own font (canvas measureText) at most the menu's clientWidth − 32 px (the arrow);
 *   - the full text of a menu's choice (the formula, the fallback order, the preset's title) is the
 *     output beside it: in the built page before any script runs, and after the reader changes the
 *     menu with the keyboard (focus, ArrowDown).
 * Expected full texts come from settings.ts's maps and the experiment configs' titles.
 */
import { describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { openPage, sharedBrowser } from "../support/browser.ts";
import { BACKEND_TEXT, INIT_TEXT, OPTIMIZER_TEXT } from "../../src/islands/trainer/settings.ts";
import { CUSTOM_TEXT } from "../../src/islands/trainer/controls.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const baseUrl = inject("baseUrl");
const browser = sharedBrowser();
const PAGES = ["learning-speed/", "fixes/"];
const THEMES = ["light", "dark"] as const;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

type Box = { top: number; bottom: number; left: number; right: number; height: number };
const box = (page: Page, selector: string): Promise<Box> =>
  page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
  });
const inside = (b: Box, v: { width: number; height: number }) => b.top >= -0.5 && b.left >= -0.5 && b.bottom <= v.height + 0.5 && b.right <= v.width + 0.5;
const show = (b: Box) => `top ${b.top.toFixed(0)}, bottom ${b.bottom.toFixed(0)}, left ${b.left.toFixed(0)}, right ${b.right.toFixed(0)}`;

const START = 'vg-trainer [data-act="start"]';
const BAR = 'vg-trainer [data-role="controls"]';
const FIRST_CHART = 'vg-trainer [data-role="chart-speed"] svg';
const LAST_CHART = 'vg-trainer [data-role="chart-accuracy"] svg';

const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
/** axe's WCAG 2.2 AA violations in the trainer (as tests/browser/a11y.test.ts runs it on whole pages, where the settings are closed). */
async function axeInTrainer(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: Element, o: object): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const r = await axe.run(document.querySelector("vg-trainer")!, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, resultTypes: ["violations"] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} — ${n.target.join(" ")}`));
  });
}

const open = (path: string, viewport: { width: number; height: number }, colorScheme: "light" | "dark" = "light") =>
  openPage(browser(), baseUrl + path, { viewport, colorScheme });

describe("<vg-trainer> layout: the bar above the charts, the settings folded", () => {
  it.each(PAGES.flatMap((path) => THEMES.map((theme) => ({ path, theme }))))("$path, $theme, 1280×900: Start and the first chart's plot are on screen together", async ({ path, theme }) => {
    const { page } = await open(path, DESKTOP, theme);
    await page.locator("vg-trainer").evaluate((el) => el.scrollIntoView({ block: "start" }));
    const start = await box(page, START);
    const chart = await box(page, FIRST_CHART);
    expect(inside(start, DESKTOP), `Start button: ${show(start)}`).toBe(true);
    expect(inside(chart, DESKTOP), `first chart's plot: ${show(chart)}`).toBe(true);
    // The bar comes before the charts, the settings after them, closed.
    expect(start.bottom).toBeLessThanOrEqual(chart.top);
    const settings = page.locator('vg-trainer [data-role="settings-controls"]');
    await expect(settings.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
    await expect(settings.isVisible()).resolves.toBe(true);
    const summary = await box(page, 'vg-trainer [data-role="settings-controls"] > summary');
    expect(summary.top).toBeGreaterThanOrEqual((await box(page, LAST_CHART)).bottom);
    await page.context().close();
  });

  it.each(PAGES.flatMap((path) => THEMES.map((theme) => ({ path, theme }))))("$path, $theme, 360×740: the bar stays in view over the last chart, no sideways scrolling", async ({ path, theme }) => {
    const { page } = await open(path, PHONE, theme);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "document scrollWidth at 360 px").toBeLessThanOrEqual(PHONE.width);
    await page.locator(LAST_CHART).evaluate((el) => el.scrollIntoView({ block: "end" }));
    const start = await box(page, START);
    const bar = await box(page, BAR);
    const chart = await box(page, LAST_CHART);
    expect(inside(chart, PHONE), `last chart's plot: ${show(chart)}`).toBe(true);
    expect(inside(start, PHONE), `Start button with the last chart in view: ${show(start)}`).toBe(true);
    expect(bar.height, "the bar's height").toBeLessThanOrEqual(0.3 * PHONE.height);
    expect(bar.bottom <= chart.top || bar.top >= chart.bottom, `the bar (${show(bar)}) covers the last chart's plot (${show(chart)})`).toBe(true);
    // Opaque and above the charts: what scrolls under it does not show through.
    const look = await page.locator(BAR).evaluate((el) => {
      const cs = getComputedStyle(el);
      return { background: cs.backgroundColor, panel: getComputedStyle(el.closest("figure")!).backgroundColor, z: Number(cs.zIndex) };
    });
    expect(look.background).toBe(look.panel);
    expect(look.background).not.toMatch(/rgba\(.*, 0\)|transparent/);
    expect(look.z).toBeGreaterThan(0);
    // Opening every setting makes the page no wider, and every setting has its label (axe).
    await page.locator('vg-trainer [data-role="settings-controls"] > summary').click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "document scrollWidth at 360 px, settings open").toBeLessThanOrEqual(PHONE.width);
    const violations = await axeInTrainer(page);
    expect(violations, violations.join("\n")).toEqual([]);
    await page.context().close();
  });
});

/** Every option of every menu in the trainer that does not fit its menu: its text's width in the menu's font against clientWidth − 32. */
function tooWide(page: Page): Promise<string[]> {
  return page.locator("vg-trainer").evaluate((t) => {
    const ctx = document.createElement("canvas").getContext("2d")!;
    const bad: string[] = [];
    for (const select of t.querySelectorAll("select")) {
      const cs = getComputedStyle(select);
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const room = select.clientWidth - 32;
      if (select.clientWidth === 0) bad.push(`${select.dataset.role}: not laid out`);
      for (const o of select.options) {
        const w = ctx.measureText(o.text).width;
        if (w > room) bad.push(`${select.dataset.role} "${o.text}": ${w.toFixed(0)} px > ${room} px`);
      }
    }
    return bad;
  });
}

const title = (id: string) => (JSON.parse(readFileSync(join(ROOT, `content/experiments/${id}.json`), "utf8")) as { title: string }).title;
const FULL: Record<string, (value: string) => string> = {
  preset: (v) => (v === "custom" ? CUSTOM_TEXT : title(v)),
  init: (v) => INIT_TEXT[v as keyof typeof INIT_TEXT],
  optimizer: (v) => OPTIMIZER_TEXT[v as keyof typeof OPTIMIZER_TEXT],
  backend: (v) => BACKEND_TEXT[v as keyof typeof BACKEND_TEXT],
};

describe("<vg-trainer> menus: short labels that fit, the full text beside", () => {
  it.each(PAGES.flatMap((path) => [PHONE, DESKTOP].map((viewport) => ({ path, viewport, width: viewport.width }))))(
    "$path at $width px: every option of every menu fits its menu",
    async ({ path, viewport }) => {
      const { page } = await open(path, viewport);
      await page.locator('vg-trainer [data-role="settings-controls"] > summary').click();
      expect(await tooWide(page)).toEqual([]);
      // The width menu's "mixed" entry (the layers' widths) appears for a network of unequal widths.
      await page.locator('vg-trainer select[data-role="preset"]').selectOption("asker-network");
      await expect.poll(() => page.locator('vg-trainer select[data-role="width"]').inputValue()).toBe("mixed");
      expect(await tooWide(page)).toEqual([]);
      await page.context().close();
    },
  );

  it.each(PAGES)("%s: each menu's full text is in the built page and follows a keyboard change", async (path) => {
    // Without JavaScript: the text the build wrote.
    const off = await openPage(browser(), baseUrl + path, { javaScriptEnabled: false });
    for (const role of Object.keys(FULL)) {
      const value = await off.page.locator(`vg-trainer select[data-role="${role}"]`).inputValue();
      await expect(off.page.locator(`vg-trainer [data-role="${role}-text"]`).textContent(), `${role}-text as built`).resolves.toBe(FULL[role](value));
    }
    await off.page.context().close();

    const { page } = await open(path, DESKTOP);
    await page.locator('vg-trainer [data-role="settings-controls"] > summary').click();
    for (const role of Object.keys(FULL)) {
      const select = page.locator(`vg-trainer select[data-role="${role}"]`);
      const before = await select.inputValue();
      await select.focus();
      await page.keyboard.press("ArrowDown");
      await expect.poll(() => select.inputValue(), { message: `${role}: ArrowDown picks the next option` }).not.toBe(before);
      const value = await select.inputValue();
      await expect.poll(() => page.locator(`vg-trainer [data-role="${role}-text"]`).textContent(), { message: `${role}-text after ArrowDown to ${value}` }).toBe(FULL[role](value));
    }
    await page.context().close();
  });
});
