/** The 1-D descent island: responds to its sliders and the keyboard; readable without JavaScript. */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { setControl, sharedBrowser, watchedPage } from "../support/browser.ts";

const url = inject("baseUrl") + "small-gradient/";
const origin = new URL(url).origin;
const browser = sharedBrowser();

const demo = (page: Page) => page.locator("vg-descent-1d").first();
const svgOf = (page: Page) => demo(page).locator('[data-role="plot"]').innerHTML();

const setRange = (page: Page, role: string, value: number) => setControl(demo(page).locator(`[data-role="${role}"]`), value);

describe("<vg-descent-1d>", () => {
  it("shows its controls once upgraded and redraws for each slider", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    await expect(demo(w.page).locator('[data-role="controls"]').isVisible()).resolves.toBe(true);
    const readout = demo(w.page).locator('[data-role="readout"]');
    for (const [role, value] of [["start", 4.5], ["log-eta", -1], ["steps", 5]] as const) {
      const before = await svgOf(w.page);
      const textBefore = await readout.textContent();
      await setRange(w.page, role, value);
      expect(await svgOf(w.page), role).not.toBe(before);
      // The live readout follows shortly after continuous input (src/islands/live-text.ts).
      await expect.poll(() => readout.textContent(), { message: role }).not.toBe(textBefore);
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
    const start = demo(w.page).locator('[data-role="start"]');
    await start.focus();
    const before = await svgOf(w.page);
    for (let i = 0; i < 5; i++) await w.page.keyboard.press("ArrowRight");
    await expect(demo(w.page).locator('[data-role="start-out"]').textContent()).resolves.toBe("−5.5");
    expect(await svgOf(w.page)).not.toBe(before);
    await w.page.keyboard.press("Tab");
    expect(await w.page.evaluate(() => (document.activeElement as HTMLElement).dataset.role)).toBe("log-eta");
    await w.page.keyboard.press("End");
    await expect(demo(w.page).locator('[data-role="eta-out"]').textContent()).resolves.toBe("10.00");
    await w.page.context().close();
  });

  it("reports the crawl at the default settings and arrival once the start is moved into the well", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    const readout = demo(w.page).locator('[data-role="readout"]');
    await expect(readout.textContent()).resolves.toContain("still");
    await setRange(w.page, "start", 1);
    await expect.poll(() => readout.textContent()).toContain("reaches the minimum");
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
    await w.page.context().close();
  });
});

describe("<vg-descent-1d> shareable state", () => {
  it("writes its settings into the URL fragment, and a link with that fragment restores them", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    await setRange(w.page, "start", 3.5);
    await setRange(w.page, "log-eta", -1);
    await w.page.waitForFunction(() => location.hash.includes("descent.eta=0.1"));
    const shared = w.page.url();
    expect(new URL(shared).hash).toBe("#vg?descent.start=3.5&descent.eta=0.1&descent.steps=200");
    const svg = await svgOf(w.page);
    const other = await watchedPage(browser(), origin);
    await other.page.goto(shared, { waitUntil: "networkidle" });
    await expect(demo(other.page).locator('[data-role="start-out"]').textContent()).resolves.toBe("3.5");
    await expect(demo(other.page).locator('[data-role="eta-out"]').textContent()).resolves.toBe("0.10");
    expect(await svgOf(other.page)).toBe(svg);
    expect(other.errors).toEqual([]);
    await w.page.context().close();
    await other.page.context().close();
  });
});

describe("<vg-descent-1d> live readout", () => {
  it("is rewritten once after a burst of slider input, not on every frame", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
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
