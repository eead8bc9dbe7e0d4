/**
 * What a screen reader says for each demo slider is what the page shows. Every range input in a
 * demo is named by a <label for> and tied to its <output for>; a slider whose position is not the
 * number it shows (a log slider's position is an exponent) carries aria-valuetext equal to the
 * output, at load and after the reader moves it. For the log sliders, the spoken number is also
 * checked against 10^position itself, not against the code that writes it.
 */
import { describe, expect, inject, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { openPage, sharedBrowser } from "../support/browser.ts";
import { builtPages } from "../support/built-pages.ts";
import { settle } from "../support/demos.ts";

const dist = inject("distDir");
const baseUrl = inject("baseUrl");
const browser = sharedBrowser();
const SLIDER = '[data-role$="controls"] input[type="range"]';
const withSliders: string[] = [];
for (const p of await builtPages(dist)) {
  if (/<input\b[^>]*type="range"/.test(await readFile(join(dist, p.file), "utf8"))) withSliders.push(p.path);
}

/** The log sliders: demo, slider role, and how many decimals the page shows. */
const LOG_SLIDERS: { path: string; demo: string; role: string }[] = [
  { path: "small-gradient/", demo: "vg-descent-1d", role: "log-eta" },
  { path: "flat-here/", demo: "vg-contour", role: "log-eta" },
  { path: "flat-here/", demo: "vg-contour", role: "log-a" },
  { path: "flat-here/", demo: "vg-plateau", role: "log-eta" },
];

interface Slider {
  where: string;
  position: string;
  valuetext: string | null;
  label: string;
  output: string | null;
}

/** Each demo slider on the page: its position, aria-valuetext, <label for> text and <output for> text. */
function sliders(page: Page): Promise<Slider[]> {
  return page.evaluate((sel) => {
    return [...document.querySelectorAll<HTMLInputElement>(sel)].map((input, i) => {
      const demo = input.closest("[state-id]");
      const where = `${demo?.localName ?? "?"}#${demo?.getAttribute("state-id") ?? "?"} ${input.dataset.role ?? `slider ${i}`}`;
      const outputs = input.id ? [...document.querySelectorAll("output")].filter((o) => o.htmlFor.contains(input.id)) : [];
      return {
        where,
        position: input.value,
        valuetext: input.getAttribute("aria-valuetext"),
        label: [...input.labels ?? []].map((l) => l.textContent?.replace(/\s+/g, " ").trim()).join(" | "),
        output: outputs.length === 1 ? outputs[0].value : null,
      };
    });
  }, SLIDER);
}

/** A shown number as JavaScript reads it: the page writes minus as U+2212. */
const asNumber = (text: string) => Number(text.replace(/\u2212/g, "-"));

/** What is wrong with how this slider is named and read out, if anything. */
function faults(s: Slider): string[] {
  const out: string[] = [];
  if (!s.label) out.push(`${s.where}: no <label for> names it`);
  if (s.output === null) {
    out.push(`${s.where}: not exactly one <output for> shows its value`);
    return out;
  }
  if (s.valuetext !== null && s.valuetext !== s.output) out.push(`${s.where}: aria-valuetext "${s.valuetext}" but the page shows "${s.output}"`);
  if (s.valuetext === null && asNumber(s.output) !== Number(s.position))
    out.push(`${s.where}: no aria-valuetext, so a screen reader says ${s.position} while the page shows "${s.output}"`);
  return out;
}

describe("demo sliders read as they show", () => {
  it("finds the pages with sliders in the build, the log sliders' pages among them", () => {
    expect(withSliders.length).toBeGreaterThanOrEqual(4);
    for (const l of LOG_SLIDERS) expect(withSliders).toContain(l.path);
  });

  it("names every slider with its <label for>, ties it to its <output for>, and speaks what the output shows, at load and after a key press", { timeout: 240_000 }, async () => {
    const problems: string[] = [];
    for (const path of withSliders) {
      const w = await openPage(browser(), baseUrl + path);
      try {
        const before = await sliders(w.page);
        for (const s of before) problems.push(...faults(s).map((f) => `${path} at load: ${f}`));
        const inputs = w.page.locator(SLIDER);
        for (let i = 0; i < before.length; i++) {
          const input = inputs.nth(i);
          if (!(await input.isVisible())) continue;
          const atMax = await input.evaluate((el: HTMLInputElement) => Number(el.value) >= Number(el.max));
          await input.press(atMax ? "ArrowLeft" : "ArrowRight");
          await settle(w.page);
          const after = (await sliders(w.page))[i];
          if (after.position === before[i].position) problems.push(`${path}: ${after.where} did not move on a key press`);
          problems.push(...faults(after).map((f) => `${path} after a key press: ${f}`));
        }
        expect(w.errors, path).toEqual([]);
      } finally {
        await w.page.context().close();
      }
    }
    expect(problems).toEqual([]);
  });

  it("says the log sliders' value, 10^position to the shown digits, not the exponent", { timeout: 120_000 }, async () => {
    for (const path of new Set(LOG_SLIDERS.map((l) => l.path))) {
      const w = await openPage(browser(), baseUrl + path);
      try {
        for (const l of LOG_SLIDERS.filter((x) => x.path === path)) {
          const input = w.page.locator(`${l.demo} [data-role="${l.role}"]`).first();
          for (const key of ["ArrowLeft", "ArrowLeft", "ArrowRight"]) {
            await input.press(key);
            await settle(w.page);
            const position = Number(await input.inputValue());
            const said = (await input.getAttribute("aria-valuetext")) ?? "";
            const where = `${path} ${l.demo} ${l.role} at position ${position}`;
            expect(said, where).toMatch(/^\d+(\.\d+)?$/);
            const decimals = said.split(".")[1]?.length ?? 0;
            // Rounded to the digits shown: within half a unit of the last one (and a hair for floating point).
            expect(Math.abs(Number(said) - 10 ** position), `${where}: says ${said}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
          }
        }
      } finally {
        await w.page.context().close();
      }
    }
  });
});
