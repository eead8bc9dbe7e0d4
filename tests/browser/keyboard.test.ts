/**
 * Every demo operated by keyboard alone. On each built page that has demos (the list
 * comes from the build), the test starts at the top of the page and presses Tab until
 * it has reached every control of every demo (sliders, menus, checkboxes and buttons
 * in [data-role="controls"], and keyboard handles such as the contour's start point).
 * At each it checks a visible focus indicator with at least 3:1 contrast, changes the
 * control with the keys a reader would use, and checks that the demo shows the new value:
 * the value's output, the drawing, and for a round trip the very same drawing as before.
 */
import { describe, expect, inject, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { demosUpgraded, sharedBrowser, watchedPage } from "../support/browser.ts";
import { builtPages, demoTags, type BuiltPage } from "../support/built-pages.ts";
import { settle } from "../support/demos.ts";

const dist = inject("distDir");
const baseUrl = inject("baseUrl");
const origin = new URL(baseUrl).origin;
const browser = sharedBrowser();
const withDemos: (BuiltPage & { tags: string[] })[] = [];
for (const p of await builtPages(dist)) {
  const tags = demoTags(await readFile(join(dist, p.file), "utf8"));
  if (tags.length > 0) withDemos.push({ ...p, tags });
}

/** A demo's controls: inside any container whose data-role ends in "controls" (a demo may have several groups). */
const CONTROL = `[data-role$="controls"] input, [data-role$="controls"] select, [data-role$="controls"] button, [role="slider"]:not(input)`;

interface Focused {
  /** Index among all demo controls on the page, or -1 for anything else. */
  index: number;
  kind: string;
  focusVisible: boolean;
  /** The focus indicator: outline (HTML) or stroke (SVG), with the contrast of its colour against the page and the demo panel. */
  indicator: string;
  contrast: number;
}

/** What has focus now, and how it is shown. */
function focused(page: Page, tags: string[]): Promise<Focused> {
  return page.evaluate(
    ({ tags, sel }) => {
      // Only what is shown: a demo hides controls that do not apply (the trainer's freeze boxes beyond its depth).
      const all = tags.flatMap((t) => [...document.querySelectorAll(t)].flatMap((d) => [...d.querySelectorAll(sel)])).filter((c) => c.checkVisibility());
      const el = document.activeElement as HTMLElement | null;
      const index = el ? all.indexOf(el) : -1;
      if (!el || index < 0) return { index: -1, kind: el?.localName ?? "", focusVisible: false, indicator: "", contrast: 0 };
      const kind = el instanceof HTMLInputElement ? el.type : el instanceof HTMLSelectElement ? "select" : el instanceof HTMLButtonElement ? "button" : `${el.localName}[role=${el.getAttribute("role")}]`;
      const cs = getComputedStyle(el);
      const svg = el instanceof SVGElement;
      const colour = svg ? cs.stroke : cs.outlineColor;
      const shown = svg ? parseFloat(cs.strokeWidth) >= 3 : cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2;
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: string) => {
        const [r, g, b] = rgb(c).map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a: string, b: string) => {
        const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
      };
      const page = getComputedStyle(document.body).backgroundColor;
      const panel = getComputedStyle(el.closest("figure") ?? document.body).backgroundColor;
      return {
        index,
        kind,
        focusVisible: el.matches(":focus-visible"),
        indicator: shown ? `${svg ? "stroke" : "outline"} ${colour}` : "",
        contrast: Math.min(ratio(colour, page), ratio(colour, panel)),
      };
    },
    { tags, sel: CONTROL },
  );
}

/** Where two drawings first differ, briefly ("" when they are the same): a failure message, not a 50 KB diff. */
function firstDifference(a: string, b: string): string {
  if (a === b) return "";
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: …${a.slice(Math.max(0, i - 80), i + 80)}… vs …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

/** The demo around the focused control: its drawings (every SVG) and its text readouts. */
async function look(demo: Locator): Promise<{ drawing: string; outputs: string[] }> {
  return demo.evaluate((d) => ({
    drawing: [...d.querySelectorAll("svg")].map((s) => s.outerHTML).join("\n"),
    outputs: [...d.querySelectorAll("output")].map((o) => o.value),
  }));
}

/**
 * What the demo shows once its drawing differs from `from`. A demo that fetches its data when the
 * reader first reaches it (the invisible-pixels networks) redraws when the data has arrived, so this
 * waits (up to the poll timeout) instead of reading once.
 */
async function redrawn(demo: Locator, from: string, message: string): Promise<{ drawing: string; outputs: string[] }> {
  let now = await look(demo);
  await expect
    .poll(
      async () => {
        now = await look(demo);
        return now.drawing !== from;
      },
      { message },
    )
    .toBe(true);
  return now;
}

/**
 * What the demo shows once it has stopped changing: a demo may finish a costly part of a redraw
 * shortly after the key (the invisible-pixels influence map for a new unlucky share follows once
 * the slider settles), so the drawing is read when two looks 200 ms apart agree.
 */
async function steady(demo: Locator): Promise<{ drawing: string; outputs: string[] }> {
  let last = await look(demo);
  for (let i = 0; i < 50; i++) {
    await new Promise((ok) => setTimeout(ok, 200));
    const now = await look(demo);
    if (now.drawing === last.drawing && now.outputs.join() === last.outputs.join()) return now;
    last = now;
  }
  throw new Error("the demo kept changing for 10 s");
}

async function value(page: Page): Promise<{ value: string; min: string; max: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) {
      return { value: el instanceof HTMLInputElement && el.type === "checkbox" ? String(el.checked) : el.value, min: el.getAttribute("min") ?? "", max: el.getAttribute("max") ?? "" };
    }
    return { value: el.getAttribute("aria-valuetext") ?? el.getAttribute("aria-valuenow") ?? "", min: el.getAttribute("aria-valuemin") ?? "", max: el.getAttribute("aria-valuemax") ?? "" };
  });
}

/** Presses a key on the focused control and waits for the demo's redraw to land. */
async function press(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  await settle(page);
}

describe("demos by keyboard alone", () => {
  it("finds the demos in the build", () => {
    expect(withDemos.length).toBeGreaterThanOrEqual(3);
  });

  it.each(withDemos)("$file: Tab from the top reaches every control of $tags and the keys change what the demo shows", async ({ path, tags }) => {
    const w = await watchedPage(browser(), origin);
    const page = w.page;
    await page.goto(baseUrl + path, { waitUntil: "networkidle" });
    await demosUpgraded(page);
    const total = await page.evaluate(
      ({ tags, sel }) => tags.reduce((n: number, t: string) => n + [...document.querySelectorAll(t)].reduce((m, d) => m + [...d.querySelectorAll(sel)].filter((c) => c.checkVisibility()).length, 0), 0),
      { tags, sel: CONTROL },
    );
    expect(total).toBeGreaterThan(0);
    const reached = new Set<number>();
    const log: string[] = [];
    // From the top: nothing focused, the first Tab goes to the first focusable element of the page.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let presses = 0; reached.size < total && presses < 600; presses++) {
      await page.keyboard.press("Tab");
      const f = await focused(page, tags);
      if (f.index < 0 || reached.has(f.index)) continue;
      reached.add(f.index);
      const where = `${path} control ${f.index} (${f.kind})`;
      log.push(where);
      expect(f.focusVisible, `${where} matches :focus-visible`).toBe(true);
      expect(f.indicator, `${where} shows a focus indicator`).not.toBe("");
      expect(f.contrast, `${where} focus indicator ${f.indicator} contrast`).toBeGreaterThanOrEqual(3);
      const demo = page.locator(`:is(${tags.join(",")}):has(:focus)`);
      const before = await look(demo);
      const v0 = await value(page);
      if (f.kind === "range" || f.kind.endsWith("[role=slider]")) {
        // A first step puts the value on the control's step grid (a demo may start between two steps);
        // one more step changes what the demo shows, and one step back shows exactly the same again.
        const [there, back] = v0.value === v0.max ? ["ArrowLeft", "ArrowRight"] : ["ArrowRight", "ArrowLeft"];
        await press(page, there);
        const v1 = await value(page);
        expect(v1.value, `${where} ${there}`).not.toBe(v0.value);
        const first = await redrawn(demo, before.drawing, `${where} ${there} redraws`);
        if (f.kind === "range") expect(first.outputs, `${where} ${there} updates its output`).not.toEqual(before.outputs);
        const [again, undo] = v1.value === v1.max ? [back, there] : [there, back];
        await press(page, again);
        await redrawn(demo, first.drawing, `${where} ${again} again redraws`);
        await press(page, undo);
        expect((await value(page)).value, `${where} ${undo}`).toBe(v1.value);
        await expect.poll(async () => firstDifference((await look(demo)).drawing, first.drawing), { message: `${where} ${undo} restores the drawing` }).toBe("");
        if (f.kind === "range") {
          await press(page, "End");
          expect((await value(page)).value, `${where} End`).toBe(v0.max);
          const atMax = await steady(demo);
          await press(page, "Home");
          expect((await value(page)).value, `${where} Home`).toBe(v0.min);
          const atMin = await steady(demo);
          expect(atMin.drawing !== atMax.drawing, `${where} Home and End draw different figures`).toBe(true);
          expect(atMin.outputs, `${where} Home and End show different values`).not.toEqual(atMax.outputs);
        }
      } else if (f.kind === "select") {
        // The next option, or the previous one when the menu is at its last.
        const last = await page.evaluate(() => {
          const el = document.activeElement as HTMLSelectElement;
          return el.selectedIndex === el.options.length - 1;
        });
        const [there, back] = last ? ["ArrowUp", "ArrowDown"] : ["ArrowDown", "ArrowUp"];
        await press(page, there);
        expect((await value(page)).value, `${where} ${there} picks another option`).not.toBe(v0.value);
        expect((await look(demo)).drawing !== before.drawing, `${where} ${there} redraws`).toBe(true);
        await press(page, back);
        expect((await value(page)).value).toBe(v0.value);
        await expect.poll(async () => firstDifference((await look(demo)).drawing, before.drawing), { message: `${where} ${back} restores the drawing` }).toBe("");
      } else if (f.kind === "number") {
        // Arrow keys step a number field; the demo takes each whole number at once.
        const [there, back] = v0.value === v0.max ? ["ArrowDown", "ArrowUp"] : ["ArrowUp", "ArrowDown"];
        await press(page, there);
        expect((await value(page)).value, `${where} ${there}`).not.toBe(v0.value);
        await redrawn(demo, before.drawing, `${where} ${there} redraws`);
        await press(page, back);
        expect((await value(page)).value, `${where} ${back}`).toBe(v0.value);
        await expect.poll(async () => firstDifference((await look(demo)).drawing, before.drawing), { message: `${where} ${back} restores the drawing` }).toBe("");
      } else if (f.kind === "checkbox") {
        await press(page, "Space");
        expect((await value(page)).value, `${where} Space toggles`).not.toBe(v0.value);
        expect((await look(demo)).drawing !== before.drawing, `${where} Space redraws`).toBe(true);
        await press(page, "Space");
        expect(firstDifference((await look(demo)).drawing, before.drawing), `${where} Space again restores the drawing`).toBe("");
      } else if (f.kind === "button") {
        await press(page, "Enter");
        const afterEnter = await redrawn(demo, before.drawing, `${where} Enter redraws`);
        // A preset moves the sliders; other buttons (a digit browser, a quiz) may change only the drawing.
        const preset = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.preset !== undefined);
        if (preset) expect(afterEnter.outputs, `${where} Enter moves the sliders' values`).not.toEqual(before.outputs);
        // Space presses a button too: a preset that draws something new each time (Random) redraws again.
        await press(page, "Space");
        await expect(page.evaluate(() => document.activeElement?.localName), `${where} keeps focus`).resolves.toBe("button");
        if ((await page.evaluate(() => (document.activeElement as HTMLElement).dataset.preset)) === "random") {
          expect((await look(demo)).drawing !== afterEnter.drawing, `${where} Space draws anew`).toBe(true);
        }
      } else {
        throw new Error(`${where}: no keyboard check for a control of kind ${f.kind}`);
      }
    }
    expect(reached.size, `reached by Tab: ${log.join(", ")}`).toBe(total);
    expect(w.errors).toEqual([]);
    await page.context().close();
  });
});
