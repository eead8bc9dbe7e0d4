/**
 * The collision island on the invisible-pixels page: the static figure without
 * JavaScript, nothing fetched before the reader touches it, the t slider and a digit
 * slider moved by keyboard (the random layer's bars stay, the trained layer's bars
 * and the image move), a shared link, and a missing or corrupt data file (an alert in
 * place of the controls; the figure and the page stay). Expected values come from
 * the same files through src/ in Node (tests/unit/islands/collision/view.test.ts checks that
 * code against the raw weights).
 */
import { describe, expect, inject, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { demosUpgraded, openPage, sharedBrowser, watchedPage, faultFile } from "../support/browser.ts";
import { shown } from "../support/svg-read.ts";
import { withDemoState } from "../../src/lib/site/hash-state.ts";
import { publicCollisionData } from "../../src/components/collision-data.ts";
import { summary } from "../../src/islands/collision/figure.ts";
import { digitText, parseSettings, tText, toRecord, type CollisionSettings } from "../../src/islands/collision/settings.ts";
import { collisionView } from "../../src/islands/collision/view.ts";

const url = inject("baseUrl") + "invisible-pixels/";
const origin = new URL(url).origin;
const browser = sharedBrowser();
const data = await publicCollisionData();
const ID = "collision";

const demo = (page: Page) => page.locator(`vg-collision[state-id="${ID}"]`);
const role = (page: Page, r: string) => demo(page).locator(`[data-role="${r}"]`);
/** Every bar of a chart: [class, height] in drawing order. */
const bars = (page: Page, which: "random" | "trained") =>
  role(page, `${which}-bars`).evaluate((g) => [...g.querySelectorAll("rect")].map((r) => [r.getAttribute("class"), r.getAttribute("y"), r.getAttribute("height")].join(" ")));
/** The source and changed bars of every unit, side by side: equal heights means the layer does not see the change. */
const pairsEqual = (page: Page, which: "random" | "trained") =>
  role(page, `${which}-bars`).evaluate((g) => {
    const r = [...g.querySelectorAll("rect")];
    return r.length === 60 && r.every((b, i) => i % 2 === 1 || b.getAttribute("height") === r[i + 1].getAttribute("height"));
  });
const leaves = (page: Page, r: string) => role(page, r).evaluate((g) => g.innerHTML);
/** The settings the page was built with, read from the element. */
const built = async (page: Page): Promise<CollisionSettings> =>
  parseSettings(await demo(page).evaluate((d) => ({ source: d.getAttribute("source"), target: d.getAttribute("target"), t: d.getAttribute("t") })), data.count);
/**
 * The readout as Node computes it. The random layer's largest change is float64 rounding
 * (about 10⁻¹⁶), whose last digits depend on the engine's Math.exp: that one number is
 * masked in both texts, and the page's is checked to be rounding (below 10⁻¹²). At t = 0 there is
 * no such number ("none of its 30 activations changes") and the texts are compared whole.
 */
const ROUNDING = /(largest change of any of its 30 activations is )([^,]+),/;
const masked = (text: string | null) => (text ?? "").replace(ROUNDING, "$1…,");
const expected = (s: CollisionSettings) => masked(summary(collisionView(data, s)));
async function readout(page: Page): Promise<string> {
  const text = (await role(page, "readout").textContent()) ?? "";
  const m = ROUNDING.exec(text);
  if (!m) return text; // no change at all (t = 0): nothing to mask
  const value = shown(m[2]);
  if (!(value >= 0 && value < 1e-12)) return `not rounding: ${m[2]}`;
  return masked(text);
}

async function press(control: Locator, key: string, times = 1): Promise<void> {
  await control.focus();
  for (let i = 0; i < times; i++) await control.press(key);
}

describe("<vg-collision>", () => {
  it("without JavaScript shows the source, the changed image, the target and both bar charts for the built settings, and hides the controls", async () => {
    const w = await openPage(browser(), url, { javaScriptEnabled: false });
    const s = await built(w.page);
    await expect(readout(w.page)).resolves.toBe(expected(s));
    await expect(role(w.page, "controls").isVisible()).resolves.toBe(false);
    for (const r of ["source-leaves", "changed-leaves", "target-leaves", "random-bars", "trained-bars"]) await expect(role(w.page, r).isVisible()).resolves.toBe(true);
    await expect(pairsEqual(w.page, "random")).resolves.toBe(true);
    await expect(demo(w.page).locator("table tbody tr").count()).resolves.toBe(30);
    await w.page.context().close();
  });

  it("fetches nothing before the reader touches it; by keyboard, t moves the image and the trained bars while the random bars stay; the readout matches Node", async () => {
    const w = await openPage(browser(), url);
    const page = w.page;
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    const s = await built(page);
    expect(requests.filter((u) => /runs\/|derived\//.test(u))).toEqual([]);
    const before = { random: await bars(page, "random"), trained: await bars(page, "trained"), image: await leaves(page, "changed-leaves"), source: await leaves(page, "source-leaves") };

    const t = role(page, "t");
    const steps = Math.round(s.t / 0.01) >= 25 ? 25 : -25;
    await press(t, steps > 0 ? "ArrowLeft" : "ArrowRight", Math.abs(steps));
    const moved = { ...s, t: Number((s.t - steps * 0.01).toFixed(2)) };
    await expect(role(page, "t-out").textContent()).resolves.toBe(tText(moved.t));
    await expect.poll(() => readout(page)).toBe(expected(moved));
    expect(requests.some((u) => u.endsWith("runs/full-3-hidden/model-initial/group1-shard1of1.bin"))).toBe(true);
    await expect.poll(() => bars(page, "trained")).not.toEqual(before.trained);
    await expect(bars(page, "random")).resolves.toEqual(before.random);
    await expect(leaves(page, "changed-leaves")).resolves.not.toBe(before.image);
    await expect(leaves(page, "source-leaves")).resolves.toBe(before.source);
    await expect(pairsEqual(page, "random")).resolves.toBe(true);
    await expect(pairsEqual(page, "trained")).resolves.toBe(false);
    await expect(page.waitForFunction((t) => location.hash.includes(`collision.t=${t}`), String(moved.t))).resolves.toBeTruthy();

    // t = 0: the changed image is the source, and the trained bars agree too.
    await press(t, "Home");
    await expect.poll(() => pairsEqual(page, "trained")).toBe(true);
    await expect.poll(() => readout(page)).toBe(expected({ ...s, t: 0 }));

    // Another source digit: a new change, and again the random layer's bars of source and changed image agree.
    await press(t, "End");
    const source = role(page, "source");
    const next = { ...s, t: 1, source: s.source === data.count - 1 ? s.source - 1 : s.source + 1 };
    await press(source, next.source > s.source ? "ArrowRight" : "ArrowLeft");
    await expect(role(page, "source-out").textContent()).resolves.toBe(digitText(next.source, data.count, data.labels[next.source]));
    await expect(source.getAttribute("aria-valuetext")).resolves.toBe(digitText(next.source, data.count, data.labels[next.source]));
    await expect.poll(() => readout(page)).toBe(expected(next));
    await expect(leaves(page, "source-leaves")).resolves.not.toBe(before.source);
    await expect(pairsEqual(page, "random")).resolves.toBe(true);
    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    expect(w.csp).toEqual([]);
    await page.context().close();
  });

  it("opens a shared link at its settings", async () => {
    const s = { source: 300, target: 301, t: 0.5 };
    const w = await openPage(browser(), url + withDemoState("", ID, toRecord(s)));
    await expect.poll(() => readout(w.page)).toBe(expected(s));
    await expect(role(w.page, "t").inputValue()).resolves.toBe("0.5");
    await expect(role(w.page, "target-out").textContent()).resolves.toBe(digitText(301, data.count, data.labels[301]));
    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    await w.page.context().close();
  });

  for (const [what, file, fault, message] of [
    ["a missing digits file", "derived/invisible-pixels/sample-digits.bin", "missing", "could not load derived/invisible-pixels/sample-digits.bin: HTTP 404"],
    ["a corrupt weights file", "runs/full-3-hidden/model-initial/group1-shard1of1.bin", "corrupt", "runs/full-3-hidden/model-initial/group1-shard1of1.bin does not match its sha256 in runs/full-3-hidden/manifest.json"],
  ] as const) {
    it(`shows an alert in place of the controls for ${what}; the figure and the rest of the page stay`, async () => {
      const w = await watchedPage(browser(), origin);
      await faultFile(w.page, file, fault);
      await w.page.goto(url, { waitUntil: "networkidle" });
      await demosUpgraded(w.page);
      const before = await bars(w.page, "random");
      await press(role(w.page, "t"), "ArrowLeft");
      const status = role(w.page, "status");
      await expect.poll(() => status.textContent()).toContain(message);
      await expect(status.getAttribute("role")).resolves.toBe("alert");
      await expect(role(w.page, "controls").isVisible()).resolves.toBe(false);
      await expect(role(w.page, "changed-leaves").isVisible()).resolves.toBe(true);
      await expect(bars(w.page, "random")).resolves.toEqual(before);
      await expect(w.page.locator("main h2").first().isVisible()).resolves.toBe(true);
      expect(w.errors.filter((e) => !e.includes("404"))).toEqual([]);
      expect(w.foreign).toEqual([]);
      await w.page.context().close();
    });
  }
});
