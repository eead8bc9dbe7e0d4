/**
 * Every preset's committed run in the live trainer, drawn faint behind the live run so the reader can compare, in Chromium on the built
 * /learning-speed/: chosen from the menu, the preset's committed run is drawn at once (its lines, the
 * note naming it); after a Step it stays, faint, behind the live lines; the reader's own settings draw
 * only the live run and say why. Oracles: each run's log.json read here (its epochs, its hidden
 * layers, its last ‖∂C/∂b‖), the chart geometry's constants, and counts of the SVG's paths.
 */
import { describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { sharedBrowser } from "../support/browser.ts";
import { trainerOn, type TrainerEl } from "../support/trainer.ts";
import { CHART, sig } from "../../src/islands/trainer/figure.ts";
import { trainerPresets } from "../../src/components/trainer-data.ts";
import { vertices } from "../support/svg-read.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const url = inject("baseUrl") + "learning-speed/";
const browser = sharedBrowser();
const { open, trainer, role, button, text, label } = trainerOn(browser, url, "trainer");
type Log = { initial: { gradNorms: number[] }; epochs: { epoch: number; gradNorms: number[] }[] };
const logOf = (id: string): Log => JSON.parse(readFileSync(join(ROOT, "public/runs", id, "log.json"), "utf8"));

/** The x of every vertex of each speed-chart path, by its data-layer (the path data read here, not in the page). */
const speedPaths = async (page: Page) =>
  (
    await role(page, "chart-speed").locator("svg path[data-layer]").evaluateAll((ps) =>
      ps.map((p) => ({ layer: p.getAttribute("data-layer")!, ghost: p.classList.contains("trainer-ghost"), d: p.getAttribute("d") ?? "" })),
    )
  ).map(({ layer, ghost, d }) => ({ layer, ghost, xs: vertices(d).map(([x]) => x) }));

const settled = (page: Page, epoch: number) =>
  page.waitForFunction((n) => {
    const t = document.querySelector("vg-trainer") as TrainerEl;
    return t.state === "paused" && t.points.at(-1)?.epoch === n;
  }, epoch, { timeout: 60_000 });

const X_END = CHART.w - CHART.m.right;

describe("<vg-trainer>: every preset's committed run", () => {
  it("each preset, chosen from the menu, draws its committed run at once, and faint behind the live run after a Step", async () => {
    const w = await open({ backend: "wasm" });
    const { page } = w;
    const ids = await role(page, "preset").locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== "custom"));
    expect(ids.sort()).toEqual(trainerPresets().map((p) => p.id).sort());
    for (const id of ids) {
      const log = logOf(id);
      const hidden = log.initial.gradNorms.length - 1;
      const last = log.epochs.at(-1)!;
      // The page's own preset is chosen again by picking another first.
      await role(page, "preset").selectOption(id === ids[0] ? ids[1] : ids[0]);
      await role(page, "preset").selectOption(id);
      await expect.poll(() => text(role(page, "chart-note")), { message: id, timeout: 20_000 }).toMatch(new RegExp(`^Shown until you train: the committed run ${id} \\(`));
      // Untrained: the committed run as lines, one per hidden layer, from epoch 0 to its last epoch, none faint.
      let paths = await speedPaths(page);
      expect(paths.filter((p) => p.ghost), id).toEqual([]);
      expect(paths.map((p) => p.layer), id).toEqual(Array.from({ length: hidden }, (_, l) => String(l + 1)));
      for (const p of paths) expect([p.xs[0], p.xs.at(-1)], `${id} layer ${p.layer}`).toEqual([CHART.m.left, X_END]);
      // A batch-normalised run's chart plots ‖∂C₀/∂W‖; the others its ‖∂C/∂b‖ at the last epoch.
      if (!id.includes("batchnorm")) await expect(label(page, "speed"), id).resolves.toContain(`Epoch ${last.epoch}: layer 1 ${sig(last.gradNorms[0])}`);

      await button(page, "step").click();
      await settled(page, 1);
      paths = await speedPaths(page);
      const ghosts = paths.filter((p) => p.ghost);
      const live = paths.filter((p) => !p.ghost);
      expect(ghosts.map((p) => p.layer), id).toEqual(Array.from({ length: hidden }, (_, l) => `committed-${l + 1}`));
      // Behind: every faint path comes before every live one; the faint ones still reach the committed run's last epoch.
      expect(paths.findIndex((p) => !p.ghost), id).toBe(hidden);
      for (const p of ghosts) expect(p.xs.at(-1), `${id} ${p.layer}`).toBe(X_END);
      for (const p of live) expect(p.xs, `${id} live layer ${p.layer}`).toHaveLength(2);
      await expect(text(role(page, "chart-note")), id).resolves.toMatch(new RegExp(`Faint behind it: the committed run ${id}[,.]`));
      await expect(label(page, "speed"), id).resolves.toContain(`The committed run (faint) ended at epoch ${last.epoch}:`);
      await expect(role(page, "chart-accuracy").locator("svg path.trainer-ghost").count(), id).resolves.toBe(2);
      await button(page, "reset").click();
    }
    expect(w.errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it("the reader's own settings draw only the live run and say there is no committed run to compare", async () => {
    const w = await open({ preset: "frozen-first-layer", backend: "wasm", seed: 12 });
    const { page } = w;
    await expect(role(page, "preset").inputValue()).resolves.toBe("custom");
    await expect(text(role(page, "chart-note"))).resolves.toBe(
      "Live: press Start or Step to train [784, 30, 30, 30, 10] here. Your own settings match no preset, so there is no committed run to draw behind the live one.",
    );
    await button(page, "step").click();
    await settled(page, 1);
    expect((await speedPaths(page)).filter((p) => p.ghost)).toEqual([]);
    await expect(text(role(page, "chart-note"))).resolves.toMatch(/^Live: your network .* no committed run to draw behind the live one\.$/);
    await expect(trainer(page).locator("svg .trainer-ghost").count()).resolves.toBe(0);
    expect(w.errors).toEqual([]);
    await page.context().close();
  });

  it("a preset whose live run sits at chance says when its climb comes, from the measurement made in advance", async () => {
    // The oracle: public/derived/live-presets/presets.json read here, its first epoch above one answer + 5 points found by a loop.
    const live = JSON.parse(readFileSync(join(ROOT, "public/derived/live-presets/presets.json"), "utf8"));
    const pts: { epoch: number; testAccuracy: number }[] = live.presets["frozen-first-layer"].points;
    const above = pts.map((p) => p.testAccuracy > live.oneAnswer + 0.05);
    const leftAt = pts[above.indexOf(true)].epoch;
    let k = pts.length;
    while (k > 0 && above[k - 1]) k--;
    const good = pts[k].epoch;
    expect(leftAt).toBeGreaterThan(3);
    const w = await open({ preset: "frozen-first-layer", backend: "wasm" });
    const { page } = w;
    const said = `Measured in advance on these 1,000 digits, this preset's test accuracy sits at chance until epoch ${leftAt}${good === leftAt ? "" : ` and climbs for good from epoch ${good}`} of the preset's ${live.presets["frozen-first-layer"].epochs}.`;
    await expect(text(role(page, "status"))).resolves.toContain(said);
    // A preset that leaves chance in the first epochs says nothing of the kind.
    await role(page, "preset").selectOption("full-3-hidden");
    await expect.poll(() => text(role(page, "status")), { timeout: 20_000 }).not.toContain("Measured in advance");
    await page.context().close();
  });
});
