/** The neuron-chain island: sliders, presets, keyboard, URL state; readable without JavaScript. */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { demosUpgraded, openPage, setControl, sharedBrowser, watchedPage } from "../support/browser.ts";
import { axisMap } from "../support/shown.ts";
import { shown, svgLabel } from "../support/svg-read.ts";
import { figureSvg, summary } from "../../src/islands/chain/figure.ts";
import { DEFAULTS, DEFAULT_SEED, KEYS, explodingSettings, fromSlider, randomSettings, sliderPosition, sliderRange, toRecord, windowSettings, withSetting, type ChainSettings } from "../../src/islands/chain/settings.ts";
import { chainGradients } from "../../src/lib/toy-math/chain.ts";
import { withDemoState } from "../../src/lib/site/hash-state.ts";

const url = inject("baseUrl") + "unstable-gradients/";
const origin = new URL(url).origin;
const browser = sharedBrowser();

const demo = (page: Page) => page.locator("vg-chain").first();
const role = (page: Page, r: string) => demo(page).locator(`[data-role="${r}"]`);
const svgOf = (page: Page) => role(page, "plot").innerHTML();
const readout = (page: Page) => role(page, "readout").textContent();

const setRange = (page: Page, r: string, value: number) => setControl(role(page, r), value);

/** Counts the element's vg-drawn events from now on. */
async function countDraws(page: Page) {
  await demo(page).evaluate((el) => {
    (window as unknown as { draws: number }).draws = 0;
    el.addEventListener("vg-drawn", () => (window as unknown as { draws: number }).draws++);
  });
  return () => page.evaluate(() => (window as unknown as { draws: number }).draws);
}

/**
 * `text` is `value` as the page rounds it: to about three significant figures (the
 * readouts), or to two decimals (`absolute` 0.005: the settings w and b).
 */
function expectShown(text: string, value: number, what: string, absolute = 0) {
  expect(Math.abs(shown(text) - value), `${what}: "${text}" for ${value}`).toBeLessThanOrEqual(Math.max(0.0051 * Math.abs(value), absolute * 1.0001));
}

/** Every number the table, the bars and the readout show, against chainGradients for the same settings. */
async function expectShows(page: Page, s: ChainSettings) {
  const g = chainGradients(s, 0);
  const table = await role(page, "table").evaluate((el) => ({
    headers: [...el.querySelectorAll("thead th")].map((th) => th.textContent!.trim()),
    rows: [...el.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent!.trim())),
  }));
  expect(table.headers).toEqual(["Neuron j", "wj", "bj", "zj", "σ′(zj)", "wjσ′(zj)", "∂C/∂bj"]);
  const want: Record<string, (i: number) => number | null> = {
    "Neuron j": (i) => i + 1,
    wj: (i) => s.w[i],
    bj: (i) => s.b[i],
    zj: (i) => g.z[i],
    "σ′(zj)": (i) => g.sigmaPrime[i],
    "wjσ′(zj)": (i) => (i === 0 ? null : g.factors[i - 1]),
    "∂C/∂bj": (i) => g.dCdb[i],
  };
  expect(table.rows).toHaveLength(4);
  table.rows.forEach((cells, i) =>
    table.headers.forEach((h, c) => {
      const v = want[h](i);
      if (v === null) expect(cells[c], `row ${i + 1}, ${h}`).toBe("—none");
      else expectShown(cells[c], v, `row ${i + 1}, column ${h}`, h === "wj" || h === "bj" ? 0.005 : 0);
    }),
  );
  // The bars: each one's top sits at log10 |∂C/∂bⱼ| on the axis as its tick labels place it.
  const svg = role(page, "plot").locator("svg");
  const axis = await axisMap(svg, { logY: true });
  const bars = await svg.evaluate((el) =>
    [...el.querySelectorAll("rect.bar")].map((r) => ({ layer: Number(r.getAttribute("data-layer")), top: Number(r.getAttribute("y")), clamped: r.classList.contains("clamped") })),
  );
  const [floor, top] = [Math.min(...axis.yTicks), Math.max(...axis.yTicks)];
  expect(bars.map((b) => b.layer)).toEqual([1, 2, 3, 4]);
  for (const b of bars) {
    const size = Math.abs(g.dCdb[b.layer - 1]);
    expect(b.clamped, `bar ${b.layer} below the axis`).toBe(!(size >= 10 ** floor));
    if (!b.clamped) expect(axis.y(b.top), `bar ${b.layer}`).toBeCloseTo(Math.log10(Math.min(size, 10 ** top)), 2);
  }
  await expect.poll(() => readout(page)).toBe(summary(s));
}

const open = (options: { javaScriptEnabled?: boolean } = {}) => openPage(browser(), url, options);

describe("<vg-chain>", () => {
  it("shows its controls once upgraded and redraws figure, table, readout and output for every slider", async () => {
    const w = await open();
    await expect.poll(() => role(w.page, "controls").isVisible()).toBe(true);
    // With JavaScript the table folds away under its summary, one click from view.
    await expect(role(w.page, "numbers").evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
    await demo(w.page).locator("summary").click();
    await expect(demo(w.page).locator("table").isVisible()).resolves.toBe(true);
    const draws = await countDraws(w.page);
    const targets: Record<string, [number, string]> = { w: [1.5, "3.16"], b: [-1.5, "−3.16"], x: [0.3, "0.30"] };
    let s = DEFAULTS;
    await expectShows(w.page, s);
    for (const key of KEYS) {
      const [position, text] = targets[key[0]];
      await setRange(w.page, key, position);
      s = withSetting(s, key, fromSlider(key, position));
      await expectShows(w.page, s);
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

    await w.page.getByRole("button", { name: "Random N(0,1)" }).click();
    await expectShows(w.page, randomSettings(DEFAULT_SEED + 1));
    await w.page.getByRole("button", { name: "Random N(0,1)" }).click();
    await expectShows(w.page, randomSettings(DEFAULT_SEED + 2));
    const want = withDemoState("", "chain", toRecord(randomSettings(DEFAULT_SEED + 2)));
    await w.page.waitForFunction((h) => location.hash === h, want);

    await w.page.getByRole("button", { name: "Exploding (w = 100, every z = 0)" }).click();
    await expectShows(w.page, explodingSettings());
    expect((await svgOf(w.page)).match(/× 25</g)).toHaveLength(3);
    await expect(readout(w.page)).resolves.toContain("each equal to 25");
    await expect(demo(w.page).getAttribute("data-trend")).resolves.toBe("growing");
    await expect(demo(w.page).locator("tbody td").allTextContents()).resolves.toContain("25");
    await expect(role(w.page, "w1-out").textContent()).resolves.toBe("100.00");
    await expect(role(w.page, "b2-out").textContent()).resolves.toBe("−50.00");

    await w.page.getByRole("button", { name: "|w| ≥ 4 window" }).click();
    await expectShows(w.page, windowSettings());
    expect(svgLabel(await svgOf(w.page))).toBe(svgLabel(figureSvg(windowSettings())));
    expect(await draws()).toBe(4);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("works from the keyboard: arrow keys on a slider, Tab to the preset buttons, Enter and Space press them", async () => {
    const w = await open();
    const slider = role(w.page, "w2");
    await slider.focus();
    for (let i = 0; i < 3; i++) await w.page.keyboard.press("ArrowRight");
    await expect(role(w.page, "w2-out").textContent()).resolves.toBe("0.27");
    const position = sliderPosition("w2", DEFAULTS.w[1]) + 3 * sliderRange("w2").step;
    await expectShows(w.page, withSetting(DEFAULTS, "w2", fromSlider("w2", position)));
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
    await expect(svg.getAttribute("aria-label")).resolves.toBe(svgLabel(figureSvg(DEFAULTS)));
    await expect(svg.locator("rect.bar").count()).resolves.toBe(4);
    await expect(role(w.page, "controls").isVisible()).resolves.toBe(false);
    await expect(readout(w.page)).resolves.toBe(summary(DEFAULTS));
    const table = demo(w.page).locator("table");
    await expect(table.isVisible()).resolves.toBe(true);
    await expect(table.locator("tbody tr").count()).resolves.toBe(4);
    await expect(table.locator("thead th").count()).resolves.toBe(7);
    await expect(table.locator("tbody tr").first().locator("td").first().textContent()).resolves.toBe("0.40");
    await expectShows(w.page, DEFAULTS);
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
    await demosUpgraded(other.page);
    await expect(role(other.page, "w3-out").textContent()).resolves.toBe("1.00");
    await expect(role(other.page, "w1-out").textContent()).resolves.toBe("100.00");
    expect(await svgOf(other.page)).toBe(svg);
    await expect(readout(other.page)).resolves.toBe(text);
    await expectShows(other.page, withSetting(explodingSettings(), "w3", 1));
    expect(other.errors).toEqual([]);
    await w.page.context().close();
    await other.page.context().close();
  });

  it("restores a shared window preset and follows later changes of the fragment", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url + withDemoState("", "chain", toRecord(windowSettings())), { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    await expect.poll(() => readout(w.page)).toBe(summary(windowSettings()));
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
    await setRange(w.page, "w2", 0.5);
    await expectShows(w.page, withSetting(DEFAULTS, "w2", fromSlider("w2", 0.5)));
    const kept = await demo(w.page).evaluate((el) => {
      const c = [...el.querySelectorAll('[data-role="chain-dynamic"] text')].find((t) => t.textContent === "C");
      return (c as unknown as { keep?: boolean } | undefined)?.keep === true;
    });
    expect(kept).toBe(true);
    await w.page.context().close();
  });
});
