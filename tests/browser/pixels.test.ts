/**
 * The invisible-pixels island: the static first view, the threshold and unlucky
 * controls, browsing by keyboard, "can you tell?", a drawn digit, and a corrupt
 * or missing weights file (a message in place of the demo; the page still works).
 * Expected values come from the same files through src/ (read here with node:fs).
 */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { demosUpgraded, openPage, setControl, sharedBrowser, watchedPage } from "../support/browser.ts";
import { publicPixelData } from "../../src/components/pixel-data.ts";
import { aDigit, influenceLabel, summary } from "../../src/islands/pixels/figure.ts";
import { parseSettings } from "../../src/islands/pixels/settings.ts";
import { digitView, influenceValues, influenceView } from "../../src/islands/pixels/view.ts";

const url = inject("baseUrl") + "invisible-pixels/";
const origin = new URL(url).origin;
const browser = sharedBrowser();
const { data } = await publicPixelData();

const demo = (page: Page, id: string) => page.locator(`vg-pixels[state-id="${id}"]`);
const role = (page: Page, id: string, r: string) => demo(page, id).locator(`[data-role="${r}"]`);
const readout = (page: Page, id: string) => role(page, id, "readout").textContent();
const redCount = (page: Page, id: string) => role(page, id, "seen-leaves").evaluate((g) => (g.querySelector("path.red")!.getAttribute("d")!.match(/M/g) ?? []).length);
const expected = (raw: Parameters<typeof parseSettings>[0]) => {
  const s = parseSettings(raw, data.count);
  return { s, v: digitView(data, s) };
};

const open = (options: { javaScriptEnabled?: boolean } = {}) => openPage(browser(), url, options);

describe("<vg-pixels>", () => {
  it("without JavaScript shows the first digit, its red pixels, both reconstructions and the influence map, and hides the controls", async () => {
    const w = await open({ javaScriptEnabled: false });
    for (const [id, raw] of [["answer", { unlucky: 0.25, threshold: 0.02 }], ["measured", {}]] as const) {
      const { s, v } = expected(raw);
      await expect(readout(w.page, id)).resolves.toBe(summary(v, data.count, s.digit));
      await expect(redCount(w.page, id)).resolves.toBe(v.redCount);
      await expect(role(w.page, id, "controls").isVisible()).resolves.toBe(false);
      for (const p of ["original", "seen", "random", "trained"]) await expect(role(w.page, id, `panel-${p}`).locator("svg").isVisible()).resolves.toBe(true);
    }
    await expect(role(w.page, "measured", "influence-map").locator("svg").isVisible()).resolves.toBe(true);
    await expect(role(w.page, "measured", "draw").isVisible()).resolves.toBe(false);
    await w.page.context().close();
  });

  it("loads nothing heavy before the reader touches it, then the threshold and unlucky sliders change the red count as computed", async () => {
    const w = await open();
    const requests: string[] = [];
    w.page.on("request", (r) => requests.push(r.url()));
    await expect(role(w.page, "answer", "controls").isVisible()).resolves.toBe(true);
    expect(requests.filter((u) => /runs\/|derived\//.test(u))).toEqual([]);

    await setControl(role(w.page, "answer", "unlucky"), 0.5);
    const half = expected({ unlucky: 0.5, threshold: 0.02 }).v;
    await expect.poll(() => redCount(w.page, "answer")).toBe(half.redCount);
    await expect.poll(() => readout(w.page, "answer")).toBe(summary(half, data.count, 0));
    expect(half.redCount).toBeGreaterThan(expected({ unlucky: 0.25, threshold: 0.02 }).v.redCount);

    // The shipped layer: nothing is red until the threshold passes the smallest "largest weight".
    await setControl(role(w.page, "measured", "threshold"), 0.06);
    const raised = expected({ threshold: 0.06 }).v;
    expect(raised.redCount).toBeGreaterThan(0);
    await expect.poll(() => redCount(w.page, "measured")).toBe(raised.redCount);
    await expect(role(w.page, "measured", "threshold-out").textContent()).resolves.toBe("0.060");
    await expect(w.page.waitForFunction(() => location.hash.includes("measured.threshold=0.06"))).resolves.toBeTruthy();

    // The measured view: the influence slider moves its own red mask, output and text alternative.
    const influence = role(w.page, "measured", "influence");
    await setControl(influence, 0.9);
    const iv = influenceView(influenceValues(data, 0), data.alwaysZero, 0.9);
    const mapRed = () => role(w.page, "measured", "influence-leaves").evaluate((g) => (g.querySelector("path.red")!.getAttribute("d")!.match(/M/g) ?? []).length);
    await expect.poll(mapRed).toBe(iv.redCount);
    await expect(influence.getAttribute("aria-valuetext")).resolves.toBe("90%");
    await expect(role(w.page, "measured", "influence-out").textContent()).resolves.toBe("90%");
    await expect.poll(() => role(w.page, "measured", "influence-readout").textContent()).toBe(influenceLabel(iv, 0.9));
    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    await w.page.context().close();
  });

  it("browses digits by keyboard and plays “can you tell?”", async () => {
    const w = await open();
    const next = demo(w.page, "measured").getByRole("button", { name: "Next digit" });
    await next.focus();
    await w.page.keyboard.press("Enter");
    const second = expected({ digit: 1 });
    await expect.poll(() => readout(w.page, "measured")).toBe(summary(second.v, data.count, 1));
    await w.page.keyboard.press("ArrowRight");
    await expect.poll(() => role(w.page, "measured", "digit-out").textContent()).toBe(`3 of ${data.count}`);
    await w.page.keyboard.press("ArrowLeft");
    await expect.poll(() => role(w.page, "measured", "digit-out").textContent()).toBe(`2 of ${data.count}`);

    await demo(w.page, "measured").getByRole("button", { name: "Can you tell? Hide the label" }).press("Enter");
    await expect.poll(() => role(w.page, "measured", "quiz").isVisible()).toBe(true);
    await expect(role(w.page, "measured", "label-text").textContent()).resolves.toBe("hidden");
    await expect(readout(w.page, "measured")).resolves.not.toContain(aDigit(second.v.label));
    const guess = (second.v.label + 1) % 10;
    await demo(w.page, "measured").locator(`button[data-act="guess"][data-digit="${guess}"]`).press("Space");
    await expect
      .poll(() => role(w.page, "measured", "quiz-result").textContent())
      .toBe(`You said ${guess}. It is ${aDigit(second.v.label)}. The trained network says ${second.v.answers.trained.digit}; the frozen-first-layer network says ${second.v.answers.frozen.digit}.`);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("gives a drawn digit its red overlay, reconstructions and both networks' answers (keyboard: the sample button; pointer: a stroke)", async () => {
    const w = await open();
    const d = demo(w.page, "measured");
    await d.getByRole("button", { name: "Put the current test digit on the pad" }).press("Enter");
    const first = expected({}).v;
    await expect.poll(() => role(w.page, "measured", "mine-readout").textContent(), { timeout: 15_000 }).toContain(`Trained network: ${first.answers.trained.digit} (`);
    await expect(role(w.page, "measured", "mine").isVisible()).resolves.toBe(true);

    await d.getByRole("button", { name: "Clear the pad" }).click();
    await expect.poll(() => role(w.page, "measured", "mine").isVisible()).toBe(false);
    const pad = role(w.page, "measured", "pad");
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    // A "1": one vertical stroke down the middle of the pad.
    await w.page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
    await w.page.mouse.down();
    for (let t = 0.2; t <= 0.8; t += 0.05) await w.page.mouse.move(box.x + box.width / 2, box.y + box.height * t);
    await w.page.mouse.up();
    await expect.poll(() => role(w.page, "measured", "mine-readout").textContent()).toMatch(/^Your digit covers \d+ pixels.*Trained network: \d \(output/);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  for (const [what, file, fault, message] of [
    ["a corrupt weights file", "runs/full-3-hidden/model-final/group1-shard1of1.bin", "corrupt", "runs/full-3-hidden/model-final/group1-shard1of1.bin does not match its sha256 in runs/full-3-hidden/manifest.json"],
    ["a missing weights file", "runs/frozen-first-layer/model-initial/group1-shard1of1.bin", "missing", "could not load runs/frozen-first-layer/model-initial/group1-shard1of1.bin: HTTP 404"],
  ] as const) {
    it(`shows a message in place of the demo for ${what}, and the rest of the page works`, async () => {
      const w = await watchedPage(browser(), origin);
      await w.page.route(`**/${file}`, async (route) => {
        if (fault === "missing") return route.fulfill({ status: 404, body: "not found" });
        const res = await route.fetch();
        const body = Buffer.from(await res.body());
        body[body.length >> 1] ^= 0xff;
        return route.fulfill({ response: res, body });
      });
      await w.page.goto(url, { waitUntil: "networkidle" });
      await demosUpgraded(w.page);
      await setControl(role(w.page, "measured", "threshold"), 0.06);
      const status = role(w.page, "measured", "status");
      await expect.poll(() => status.textContent()).toContain(message);
      await expect(status.getAttribute("role")).resolves.toBe("alert");
      await expect(role(w.page, "measured", "controls").isVisible()).resolves.toBe(false);
      // The static figures stay, and so does everything else on the page.
      await expect(role(w.page, "measured", "panel-seen").locator("svg").isVisible()).resolves.toBe(true);
      await expect(w.page.locator("main h2").first().isVisible()).resolves.toBe(true);
      await expect(w.page.locator("table.answers").isVisible()).resolves.toBe(true);
      expect(w.errors.filter((e) => !e.includes("404"))).toEqual([]);
      await w.page.context().close();
    });
  }
});
