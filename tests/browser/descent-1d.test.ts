/** The 1-D descent island: responds to its sliders and the keyboard; readable without JavaScript. */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { demosUpgraded, setControl, sharedBrowser, watchedPage } from "../support/browser.ts";
import { axisMap } from "../support/shown.ts";
import { shown } from "../support/svg-read.ts";
import { DEFAULTS, type Descent1DSettings } from "../../src/islands/descent-1d/settings.ts";
import { defaultWell, descend1d, wellCost } from "../../src/lib/toy-math/descent1d.ts";
import { num } from "../../src/lib/draw/svg.ts";

const url = inject("baseUrl") + "small-gradient/";
const origin = new URL(url).origin;
const browser = sharedBrowser();

const demo = (page: Page) => page.locator("vg-descent-1d").first();
const svgOf = (page: Page) => demo(page).locator('[data-role="plot"]').innerHTML();

const setRange = (page: Page, role: string, value: number) => setControl(demo(page).locator(`[data-role="${role}"]`), value);

/**
 * What the figure and the readout show, against src/lib/toy-math/descent1d.ts for the same settings:
 * the start and end markers sit at (w, C(w)) of the first and last iterate as the axes read,
 * one dot per iterate in view, and the readout's numbers are the run's.
 */
async function expectShows(page: Page, s: Descent1DSettings) {
  const cost = wellCost(defaultWell);
  const run = descend1d(cost, s.start, s.eta, s.steps, { bound: 1e3, tolerance: 0.01 });
  const first = run.iterates[0];
  const last = run.iterates.at(-1)!;
  const svg = demo(page).locator('[data-role="plot"] svg');
  const axis = await axisMap(svg);
  const yMax = Math.max(...axis.yTicks);
  const marker = async (cls: string) => {
    const c = svg.locator(`circle.${cls}`);
    if ((await c.count()) === 0) return null;
    return { w: axis.x(Number(await c.getAttribute("cx"))), c: axis.y(Number(await c.getAttribute("cy"))) };
  };
  // Coordinates are written to 0.01 px; an axis unit is tens of pixels.
  const start = await marker("start");
  expect(start!.w, "start marker w").toBeCloseTo(s.start, 2);
  if (first.cost < yMax) expect(start!.c, "start marker C").toBeCloseTo(first.cost, 2);
  const end = await marker("end");
  const inView = (w: number) => w >= -8 && w <= 6;
  if (inView(last.w)) {
    expect(end!.w, "end marker w").toBeCloseTo(last.w, 2);
    if (last.cost < yMax) expect(end!.c, "end marker C").toBeCloseTo(last.cost, 2);
  } else expect(end).toBeNull();
  await expect(svg.locator(".iterate").getAttribute("data-count")).resolves.toBe(String(run.iterates.filter((p) => inView(p.w)).length));
  const readout = demo(page).locator('[data-role="readout"]');
  // The live readout follows continuous input after a short delay: poll until it says what it should.
  const mismatches = async () => {
    const text = (await readout.textContent()) ?? "";
    const out: string[] = [];
    const m = /^Starting at w₀ = (.+?) the slope is (.+?)\. /.exec(text);
    if (!m || Math.abs(shown(m[1]) - s.start) > 0.05) out.push(`start: ${text}`);
    else if (Math.abs(shown(m[2]) - first.slope) > Math.max(5e-5, 0.051 * Math.abs(first.slope))) out.push(`slope: ${text} (want ${first.slope})`);
    if (!text.includes(`η = ${num(s.eta, 2)}`)) out.push(`η: ${text}`);
    if (run.status !== "diverged" && run.settledAt === null && !text.includes(`w = ${num(last.w, 2)}`)) out.push(`end: ${text} (want w = ${last.w})`);
    if (run.settledAt !== null && !text.includes(`after ${run.settledAt} steps`)) out.push(`settled: ${text} (want ${run.settledAt})`);
    return out;
  };
  await expect.poll(mismatches).toEqual([]);
}

describe("<vg-descent-1d>", () => {
  it("shows its controls once upgraded and redraws for each slider", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    await expect.poll(() => demo(w.page).locator('[data-role="controls"]').isVisible()).toBe(true);
    await expectShows(w.page, DEFAULTS);
    let s = DEFAULTS;
    for (const [role, value, next] of [
      ["start", 4.5, { start: 4.5 }],
      ["log-eta", -1, { eta: 0.1 }],
      ["steps", 5, { steps: 5 }],
    ] as const) {
      await setRange(w.page, role, value);
      s = { ...s, ...next };
      // The live readout follows shortly after continuous input (src/islands/live-text.ts): expectShows polls it.
      await expectShows(w.page, s);
    }
    await expect(demo(w.page).locator('[data-role="start-out"]').textContent()).resolves.toBe("4.5");
    await expect(demo(w.page).locator('[data-role="eta-out"]').textContent()).resolves.toBe("0.10");
    await expect(demo(w.page).locator(".iterate").getAttribute("data-count")).resolves.toBe("6");
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("responds to the keyboard: Tab to the start slider, arrow keys move the start", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    const start = demo(w.page).locator('[data-role="start"]');
    await start.focus();
    for (let i = 0; i < 5; i++) await w.page.keyboard.press("ArrowRight");
    await expect(demo(w.page).locator('[data-role="start-out"]').textContent()).resolves.toBe("−5.5");
    await expectShows(w.page, { ...DEFAULTS, start: -5.5 });
    await w.page.keyboard.press("Tab");
    expect(await w.page.evaluate(() => (document.activeElement as HTMLElement).dataset.role)).toBe("log-eta");
    await w.page.keyboard.press("End");
    await expect(demo(w.page).locator('[data-role="eta-out"]').textContent()).resolves.toBe("10.00");
    await w.page.context().close();
  });

  it("reports the crawl at the default settings and arrival once the start is moved into the well", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    const readout = demo(w.page).locator('[data-role="readout"]');
    await expect(readout.textContent()).resolves.toContain("still");
    await setRange(w.page, "start", 1);
    await expect.poll(() => readout.textContent()).toContain("reaches the minimum");
    await expectShows(w.page, { ...DEFAULTS, start: 1 });
    await w.page.context().close();
  });

  it("without JavaScript shows the static figure and its description, and hides the dead controls", async () => {
    const w = await watchedPage(browser(), origin, { javaScriptEnabled: false });
    await w.page.goto(url, { waitUntil: "networkidle" });
    const svg = demo(w.page).locator('[data-role="plot"] svg');
    await expect(svg.isVisible()).resolves.toBe(true);
    await expect(svg.getAttribute("aria-label")).resolves.toMatch(/^Cost C\(w\) with a narrow well/);
    expect(Number(await demo(w.page).locator(".iterate").getAttribute("data-count"))).toBeGreaterThan(10);
    await expect(demo(w.page).locator('[data-role="controls"]').isVisible()).resolves.toBe(false);
    await expect(demo(w.page).locator('[data-role="readout"]').textContent()).resolves.toContain("Starting at w₀");
    await expectShows(w.page, DEFAULTS);
    await w.page.context().close();
  });
});

describe("<vg-descent-1d> shareable state", () => {
  it("writes its settings into the URL fragment, and a link with that fragment restores them", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    await setRange(w.page, "start", 3.5);
    await setRange(w.page, "log-eta", -1);
    await w.page.waitForFunction(() => location.hash.includes("descent.eta=0.1"));
    const shared = w.page.url();
    expect(new URL(shared).hash).toBe("#vg?descent.start=3.5&descent.eta=0.1&descent.steps=200");
    const svg = await svgOf(w.page);
    const other = await watchedPage(browser(), origin);
    await other.page.goto(shared, { waitUntil: "networkidle" });
    await demosUpgraded(other.page);
    await expect(demo(other.page).locator('[data-role="start-out"]').textContent()).resolves.toBe("3.5");
    await expect(demo(other.page).locator('[data-role="eta-out"]').textContent()).resolves.toBe("0.10");
    expect(await svgOf(other.page)).toBe(svg);
    await expectShows(other.page, { start: 3.5, eta: 0.1, steps: 200 });
    expect(other.errors).toEqual([]);
    await w.page.context().close();
    await other.page.context().close();
  });
});

describe("<vg-descent-1d> live readout", () => {
  it("is rewritten once after a burst of slider input, not on every frame", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    const writes = await demo(w.page).evaluate(async (el) => {
      const readout = el.querySelector('[data-role="readout"]')!;
      let count = 0;
      new MutationObserver((m) => (count += m.length)).observe(readout, { childList: true, characterData: true, subtree: true });
      const start = el.querySelector<HTMLInputElement>('[data-role="start"]')!;
      for (const v of [-5, -4, -3, -2, -1]) {
        start.value = String(v);
        start.dispatchEvent(new Event("input", { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(r));
      }
      await new Promise((r) => setTimeout(r, 400));
      return { count, text: readout.textContent };
    });
    expect(writes.count).toBe(1);
    expect(writes.text).toContain("Starting at w₀ = −1.0");
    await w.page.context().close();
  });
});

describe("<vg-descent-1d> redraw", () => {
  it("updates the drawn path in place rather than replacing the node", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    const same = await demo(w.page).evaluate((el) => {
      const trail = el.querySelector(".trail")!;
      const d = trail.getAttribute("d");
      const start = el.querySelector<HTMLInputElement>('[data-role="start"]')!;
      start.value = "-3";
      start.dispatchEvent(new Event("input", { bubbles: true }));
      const now = el.querySelector(".trail")!;
      return { sameNode: now === trail, changed: now.getAttribute("d") !== d };
    });
    expect(same).toEqual({ sameNode: true, changed: true });
    await w.page.context().close();
  });
});
