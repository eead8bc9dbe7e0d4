/** The neuron-chain island: sliders, presets, keyboard, URL state; readable without JavaScript. */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { setControl, sharedBrowser, watchedPage } from "../support/browser.ts";
import { figureSvg, summary } from "../../src/islands/chain/figure.ts";
import { DEFAULTS, DEFAULT_SEED, KEYS, explodingSettings, randomSettings, toRecord, windowSettings } from "../../src/islands/chain/settings.ts";
import { withDemoState } from "../../src/lib/hash-state.ts";

const url = inject("baseUrl") + "unstable-gradients/";
const origin = new URL(url).origin;
const browser = sharedBrowser();

const demo = (page: Page) => page.locator("vg-chain").first();
const role = (page: Page, r: string) => demo(page).locator(`[data-role="${r}"]`);
const svgOf = (page: Page) => role(page, "plot").innerHTML();
const tableOf = (page: Page) => role(page, "table").innerHTML();
const readout = (page: Page) => role(page, "readout").textContent();
const ariaLabelOf = (svg: string) => /aria-label="([^"]*)"/.exec(svg)![1].replace(/&#39;/g, "'");

const setRange = (page: Page, r: string, value: number) => setControl(role(page, r), value);

/** Counts the element's vg-drawn events from now on. */
async function countDraws(page: Page) {
  await demo(page).evaluate((el) => {
    (window as unknown as { draws: number }).draws = 0;
    el.addEventListener("vg-drawn", () => (window as unknown as { draws: number }).draws++);
  });
  return () => page.evaluate(() => (window as unknown as { draws: number }).draws);
}

async function open(options = {}) {
  const w = await watchedPage(browser(), origin, options);
  await w.page.goto(url, { waitUntil: "networkidle" });
  return w;
}

describe("<vg-chain>", () => {
  it("shows its controls once upgraded and redraws figure, table, readout and output for every slider", async () => {
    const w = await open();
    await expect(role(w.page, "controls").isVisible()).resolves.toBe(true);
    // With JavaScript the table folds away under its summary, one click from view.
    await expect(role(w.page, "numbers").evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
    await demo(w.page).locator("summary").click();
    await expect(demo(w.page).locator("table").isVisible()).resolves.toBe(true);
    const draws = await countDraws(w.page);
    const targets: Record<string, [number, string]> = { w: [1.5, "3.16"], b: [-1.5, "−3.16"], x: [0.3, "0.30"] };
    for (const key of KEYS) {
      const [position, text] = targets[key[0]];
      const before = [await svgOf(w.page), await tableOf(w.page), await readout(w.page)];
      await setRange(w.page, key, position);
      expect(await svgOf(w.page), key).not.toBe(before[0]);
      expect(await tableOf(w.page), key).not.toBe(before[1]);
      await expect.poll(() => readout(w.page), { message: key }).not.toBe(before[2]);
      await expect(role(w.page, `${key}-out`).textContent()).resolves.toBe(text);
      await expect(role(w.page, key).getAttribute("aria-valuetext")).resolves.toBe(text);
    }
    expect(await draws()).toBe(KEYS.length);
    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    await w.page.context().close();
  });

  it("redraws for each preset: a reproducible random draw, factors of 25, and the window", async () => {
    const w = await open();
    const draws = await countDraws(w.page);
    await expect(readout(w.page)).resolves.toBe(summary(DEFAULTS));
    await expect(demo(w.page).getAttribute("data-trend")).resolves.toBe("shrinking");

    let before = await svgOf(w.page);
    await w.page.getByRole("button", { name: "Random N(0,1)" }).click();
    expect(await svgOf(w.page)).not.toBe(before);
    await expect(readout(w.page)).resolves.toBe(summary(randomSettings(DEFAULT_SEED + 1)));
    await w.page.getByRole("button", { name: "Random N(0,1)" }).click();
    await expect(readout(w.page)).resolves.toBe(summary(randomSettings(DEFAULT_SEED + 2)));
    const want = withDemoState("", "chain", toRecord(randomSettings(DEFAULT_SEED + 2)));
    await w.page.waitForFunction((h) => location.hash === h, want);

    before = await svgOf(w.page);
    await w.page.getByRole("button", { name: "Exploding (w = 100, every z = 0)" }).click();
    const exploding = await svgOf(w.page);
    expect(exploding).not.toBe(before);
    expect(exploding.match(/× 25</g)).toHaveLength(3);
    await expect(readout(w.page)).resolves.toContain("each equal to 25");
    await expect(demo(w.page).getAttribute("data-trend")).resolves.toBe("growing");
    await expect(demo(w.page).locator("tbody td").allTextContents()).resolves.toContain("25");
    await expect(role(w.page, "w1-out").textContent()).resolves.toBe("100.00");
    await expect(role(w.page, "b2-out").textContent()).resolves.toBe("−50.00");

    await w.page.getByRole("button", { name: "|w| ≥ 4 window" }).click();
    expect(await svgOf(w.page)).not.toBe(exploding);
    await expect(readout(w.page)).resolves.toBe(summary(windowSettings()));
    expect(ariaLabelOf(await svgOf(w.page))).toBe(ariaLabelOf(figureSvg(windowSettings())));
    expect(await draws()).toBe(4);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("works from the keyboard: arrow keys on a slider, Tab to the preset buttons, Enter and Space press them", async () => {
    const w = await open();
    const slider = role(w.page, "w2");
    await slider.focus();
    const before = await svgOf(w.page);
    for (let i = 0; i < 3; i++) await w.page.keyboard.press("ArrowRight");
    await expect(role(w.page, "w2-out").textContent()).resolves.toBe("0.27");
    expect(await svgOf(w.page)).not.toBe(before);
    await w.page.keyboard.press("End");
    await expect(role(w.page, "w2-out").textContent()).resolves.toBe("120.00");

    await w.page.getByRole("button", { name: "Random N(0,1)" }).focus();
    await w.page.keyboard.press("Tab");
    const active = () => w.page.evaluate(() => (document.activeElement as HTMLElement).dataset.preset ?? (document.activeElement as HTMLElement).dataset.role);
    await expect(active()).resolves.toBe("exploding");
    await w.page.keyboard.press("Enter");
    await expect(readout(w.page)).resolves.toContain("each equal to 25");
    await w.page.keyboard.press("Tab");
    await expect(active()).resolves.toBe("window");
    await w.page.keyboard.press("Space");
    await expect(readout(w.page)).resolves.toBe(summary(windowSettings()));
    await w.page.keyboard.press("Tab");
    await expect(active()).resolves.toBe("w1");
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("without JavaScript shows the static figure, its summary and the table, and hides the dead controls", async () => {
    const w = await open({ javaScriptEnabled: false });
    const svg = role(w.page, "plot").locator("svg");
    await expect(svg.isVisible()).resolves.toBe(true);
    await expect(svg.getAttribute("aria-label")).resolves.toBe(ariaLabelOf(figureSvg(DEFAULTS)).replace(/&amp;/g, "&"));
    await expect(svg.locator("rect.bar").count()).resolves.toBe(4);
    await expect(role(w.page, "controls").isVisible()).resolves.toBe(false);
    await expect(readout(w.page)).resolves.toBe(summary(DEFAULTS));
    const table = demo(w.page).locator("table");
    await expect(table.isVisible()).resolves.toBe(true);
    await expect(table.locator("tbody tr").count()).resolves.toBe(4);
    await expect(table.locator("thead th").count()).resolves.toBe(7);
    await expect(table.locator("tbody tr").first().locator("td").first().textContent()).resolves.toBe("0.40");
    await w.page.context().close();
  });
});

describe("<vg-chain> shareable state", () => {
  it("writes its settings into the URL fragment, and a link with that fragment restores them", async () => {
    const w = await open();
    await w.page.getByRole("button", { name: "Exploding (w = 100, every z = 0)" }).click();
    await setRange(w.page, "w3", 1);
    await w.page.waitForFunction(() => location.hash.includes("chain.w3=1&"));
    const shared = w.page.url();
    expect(new URL(shared).hash).toBe("#vg?chain.w1=100&chain.w2=100&chain.w3=1&chain.w4=100&chain.b1=-100&chain.b2=-50&chain.b3=-50&chain.b4=-50&chain.x=1");
    const svg = await svgOf(w.page);
    await expect.poll(() => readout(w.page)).not.toBe(summary(explodingSettings()));
    const text = await readout(w.page);
    const other = await watchedPage(browser(), origin);
    await other.page.goto(shared, { waitUntil: "networkidle" });
    await expect(role(other.page, "w3-out").textContent()).resolves.toBe("1.00");
    await expect(role(other.page, "w1-out").textContent()).resolves.toBe("100.00");
    expect(await svgOf(other.page)).toBe(svg);
    await expect(readout(other.page)).resolves.toBe(text);
    expect(other.errors).toEqual([]);
    await w.page.context().close();
    await other.page.context().close();
  });

  it("restores a shared window preset and follows later changes of the fragment", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url + withDemoState("", "chain", toRecord(windowSettings())), { waitUntil: "networkidle" });
    await expect(readout(w.page)).resolves.toBe(summary(windowSettings()));
    await w.page.evaluate((hash) => (location.hash = hash), withDemoState("#vg?other.a=1", "chain", toRecord(explodingSettings())));
    await expect.poll(() => readout(w.page)).toBe(summary(explodingSettings()));
    await w.page.evaluate(() => (location.hash = "#try-it-drag-the-chain"));
    await expect(readout(w.page)).resolves.toBe(summary(explodingSettings()));
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });
});

describe("<vg-chain> redraws", () => {
  it("replace only the labels that changed: unchanged nodes stay in the page", async () => {
    const w = await open();
    const marked = await demo(w.page).evaluate((el) => {
      const texts = [...el.querySelectorAll('[data-role="chain-dynamic"] text')];
      const c = texts.find((t) => t.textContent === "C")!;
      (c as unknown as { keep: boolean }).keep = true;
      return texts.length;
    });
    expect(marked).toBeGreaterThan(10);
    const before = await svgOf(w.page);
    await setRange(w.page, "w2", 0.5);
    expect(await svgOf(w.page)).not.toBe(before);
    const kept = await demo(w.page).evaluate((el) => {
      const c = [...el.querySelectorAll('[data-role="chain-dynamic"] text')].find((t) => t.textContent === "C");
      return (c as unknown as { keep?: boolean } | undefined)?.keep === true;
    });
    expect(kept).toBe(true);
    await w.page.context().close();
  });
});
