/**
 * What changes, made visible, in Chromium on the built /learning-speed/: after one
 * epoch the first layer's tiles show W − W₀, so a frozen first layer is all white while a learning one
 * is coloured nearly everywhere; the per-layer histogram shows the frozen layer as "frozen" and the
 * learning ones with their median change. Oracles: the canvas's own pixels (counted here), which
 * layers the preset's config freezes (content/experiments), and the tile grid's size worked out here.
 */
import { describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { sharedBrowser } from "../support/browser.ts";
import { trainerOn, type TrainerEl } from "../support/trainer.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const url = inject("baseUrl") + "learning-speed/";
const browser = sharedBrowser();
const { open, role, button, text } = trainerOn(browser, url, "trainer");
const config = (id: string) => JSON.parse(readFileSync(join(ROOT, "content/experiments", `${id}.json`), "utf8"));

/** Of the tiles' pixels (30 tiles of 28×28 in a 6×5 grid with 1-pixel gaps), how many are not white. */
const colouredShare = (page: Page) =>
  role(page, "tiles").evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let tile = 0;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 0) continue; // a gap between tiles
      tile++;
      if (d[i] !== 255 || d[i + 1] !== 255 || d[i + 2] !== 255) coloured++;
    }
    return { tile, coloured };
  });

const stepOnce = async (page: Page) => {
  await button(page, "step").click();
  await page.waitForFunction(() => {
    const t = document.querySelector("vg-trainer") as TrainerEl;
    return t.state === "paused" && t.points.at(-1)?.epoch === 1;
  }, null, { timeout: 60_000 });
};

describe("<vg-trainer>: the tiles and histograms show which layers move", () => {
  it("a frozen first layer stays white and reads 'frozen'; a learning one turns colour within one epoch", async () => {
    expect(config("frozen-first-layer").frozenLayers).toEqual([1]);
    expect(config("full-3-hidden").frozenLayers ?? []).toEqual([]);
    const w = await open({ preset: "frozen-first-layer", backend: "wasm" });
    const { page } = w;
    // Before training: the histogram waits for a run, the tiles show W₀ (random: coloured nearly everywhere).
    await expect(page.locator("vg-trainer div.trainer-hist").isHidden()).resolves.toBe(true);
    const before = await colouredShare(page);
    expect(before.tile).toBe(30 * 28 * 28);
    expect(before.coloured / before.tile).toBeGreaterThan(0.9);

    await stepOnce(page);
    const frozen = await colouredShare(page);
    expect(frozen).toEqual({ tile: 30 * 28 * 28, coloured: 0 });
    await expect(role(page, "tiles").getAttribute("aria-label")).resolves.toContain("After 1 epoch the first layer has not moved (it is frozen)");
    await expect(page.locator("vg-trainer div.trainer-hist").isVisible()).resolves.toBe(true);
    const hist = await text(role(page, "hist-readout"));
    expect(hist).toMatch(/layer 1: frozen; layer 2: median change \d/);
    // The frozen layer's row is one bar holding every weight.
    const shares = await role(page, "hist").locator('rect[data-layer="1"]').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute("data-share"))).filter((s) => s > 0));
    expect(shares).toEqual([1]);

    await role(page, "preset").selectOption("full-3-hidden");
    await stepOnce(page);
    const learning = await colouredShare(page);
    expect(learning.coloured / learning.tile).toBeGreaterThan(0.5);
    await expect(role(page, "tiles").getAttribute("aria-label")).resolves.toMatch(/moved in 1 epoch, W − W₀/);
    await expect(text(role(page, "hist-readout"))).resolves.toMatch(/layer 1: median change \d/);
    const spread = await role(page, "hist").locator('rect[data-layer="1"]').evaluateAll((rs) => rs.filter((r) => Number(r.getAttribute("data-share")) > 0).length);
    expect(spread).toBeGreaterThan(3);
    expect(w.errors).toEqual([]);
    await page.context().close();
  });

  it("a stalled first layer (the deep sigmoid baseline) stays nearly white after an epoch; a learning one (ReLU + He) does not", async () => {
    const w = await open({ preset: "fix-baseline", backend: "wasm" });
    const { page } = w;
    await stepOnce(page);
    const stalled = await colouredShare(page);
    await expect(role(page, "tiles").getAttribute("aria-label")).resolves.toContain("the layer barely moves, so its tiles stay nearly white");
    await role(page, "preset").selectOption("fix-relu-he");
    await stepOnce(page);
    const learning = await colouredShare(page);
    console.log(`[trainer-weights] coloured tile pixels after one epoch: fix-baseline ${stalled.coloured}/${stalled.tile}, fix-relu-he ${learning.coloured}/${learning.tile}`);
    expect(stalled.coloured / stalled.tile).toBeLessThan(0.1);
    expect(learning.coloured / learning.tile).toBeGreaterThan(0.5);
    expect(w.errors).toEqual([]);
    await page.context().close();
  });

  it("the first hidden layer's line is the thickest on the per-layer charts, as drawn (computed style)", async () => {
    const w = await open({ preset: "nielsen-4-hidden" });
    const { page } = w;
    for (const chart of ["chart-speed", "chart-change"]) {
      const widths = await role(page, chart).locator("svg path[data-layer]").evaluateAll((ps) =>
        ps.map((p) => [p.getAttribute("data-layer"), getComputedStyle(p).strokeWidth]),
      );
      expect(widths.length, chart).toBeGreaterThan(1);
      for (const [layer, width] of widths) expect(width, `${chart} layer ${layer}`).toBe(layer === "1" ? "3.5px" : "2.5px");
    }
    await page.context().close();
  });
});
