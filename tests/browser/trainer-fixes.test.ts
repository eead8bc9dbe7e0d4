/**
 * The live trainer on /fixes/, in Chromium on the built site: the lesson's
 * <TrainerDemo preset="fix-baseline" stateId="fixes"> shows the six-hidden-layer baseline and its
 * committed charts until the reader trains; each fix-* preset chosen from the menu sets the optimizer
 * menu, the batch-normalisation and residual switches, the activation and the initialisation, and the
 * URL fragment (fixes.*); with batch normalisation one Step trains an epoch whose hidden bias gradients
 * vanish (biases before a batch norm have no effect) and the speed chart plots ‖∂C₀/∂W‖ instead;
 * the residual switch, by keyboard, turns the baseline into fix-residual and changes the gradient at
 * epoch 0; Adam and per-layer rates from the optimizer menu train other numbers than SGD.
 *
 * Expected settings come from the experiment configs (content/experiments/fix-….json), expected
 * epoch-0 gradients from the committed logs (public/runs/fix-…/log.json: the same 1,000 gradient
 * digits and the same initial weights), chart texts from figure.ts applied to the element's points.
 */
import { describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { openPage, setControl, sharedBrowser, type Watched } from "../support/browser.ts";
import { trainerOn, type TrainerEl } from "../support/trainer.ts";
import { sig, speedLabel, type TrainerPoint } from "../../src/islands/trainer/figure.ts";
import { runPoints } from "../../src/components/trainer-data.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const url = inject("baseUrl") + "fixes/";
const browser = sharedBrowser();

interface Experiment {
  architecture: number[];
  activation: string;
  init: { weights: string; biases: string };
  optimizer: { kind: string; eta: number };
  batchNorm: boolean;
  residual: boolean;
}
const experiment = (id: string) => JSON.parse(readFileSync(join(ROOT, `content/experiments/${id}.json`), "utf8")) as Experiment;
interface Log {
  initial: { gradNorms: number[]; weightGradNorms: number[] };
}
const runLog = (id: string) => JSON.parse(readFileSync(join(ROOT, `public/runs/${id}/log.json`), "utf8")) as Log;
/** The trainer's name for an experiment's initialisation (the menu's values). */
const INIT_CHOICE: Record<string, string> = { "scaled-gaussian/gaussian": "nielsen", "gaussian/gaussian": "gaussian", "xavier/zero": "xavier", "he/zero": "he" };
const initChoice = (e: Experiment) => INIT_CHOICE[`${e.init.weights}/${e.init.biases}`];

const FIXES = ["fix-batchnorm", "fix-residual", "fix-adam", "fix-layerwise", "fix-tanh-xavier", "fix-relu-he"] as const;
const ARCH = "[784, 30, 30, 30, 30, 30, 30, 10]";

const { at, open, trainer, role, button, points, settings, state, text, label } = trainerOn(browser, url, "fixes");

const checked = (page: Page, r: string) => role(page, r).isChecked();
const active = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.role);
/** The trainer's record in the URL fragment (fixes.* keys, prefix stripped). */
const fragment = (page: Page) =>
  page.evaluate(() => {
    const h = location.hash;
    const out: Record<string, string> = {};
    if (!h.startsWith("#vg?")) return out;
    for (const [k, v] of new URLSearchParams(h.slice(4))) if (k.startsWith("fixes.")) out[k.slice(6)] = v;
    return out;
  });

/** One Step, to its end: the trainer is paused (or failed) past epoch `after`. */
async function step(page: Page, after = 0): Promise<TrainerPoint[]> {
  await button(page, "step").click();
  await page.waitForFunction(
    (n) => {
      const t = document.querySelector("vg-trainer") as TrainerEl;
      return t.state === "failed" || (t.state === "paused" && (t.points.at(-1)?.epoch ?? -1) > n);
    },
    after,
    { timeout: 60_000 },
  );
  expect(await state(page)).toBe("paused");
  return points(page);
}

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

function clean(w: Watched) {
  expect(w.csp).toEqual([]);
  expect(w.foreign).toEqual([]);
  expect(w.errors).toEqual([]);
}

describe("<vg-trainer> on /fixes/", () => {
  it("shows the fix-baseline preset (six hidden sigmoid layers, SGD, no fix) and its committed charts until the reader trains", async () => {
    const w = await openPage(browser(), url);
    const { page } = w;
    const value = (r: string) => role(page, r).inputValue();
    await expect(value("preset")).resolves.toBe("fix-baseline");
    await expect(value("depth")).resolves.toBe("6");
    await expect(value("width")).resolves.toBe("30");
    await expect(value("activation")).resolves.toBe("sigmoid");
    await expect(value("init")).resolves.toBe("nielsen");
    await expect(value("optimizer")).resolves.toBe("sgd");
    await expect(checked(page, "batchnorm")).resolves.toBe(false);
    await expect(checked(page, "residual")).resolves.toBe(false);
    await expect(text(role(page, "arch-out"))).resolves.toBe(ARCH);
    // The switches sit in the "Fixes" fieldset.
    await expect(role(page, "residual").evaluate((b) => b.closest("fieldset")?.querySelector("legend")?.textContent)).resolves.toBe("Fixes");
    await expect(settings(page)).resolves.toMatchObject({ preset: "fix-baseline", layers: [30, 30, 30, 30, 30, 30], optimizer: "sgd", batchNorm: false, residual: false, epochs: 15 });

    // The committed run's charts: the speed chart is the log's ‖∂C/∂b‖ at its last epoch.
    const committed = runPoints("fix-baseline");
    const speed = await label(page, "speed");
    expect(speed).toBe(speedLabel(committed, { maxEpoch: 15, layers: 7, measure: "bias" }));
    expect(speed).toContain(`Epoch 15: layer 1 ${sig(committed.at(-1)!.gradNorms[0])}`);
    await expect(text(role(page, "chart-note"))).resolves.toContain("the committed run fix-baseline");
    const before = { speed, change: await label(page, "change"), accuracy: await label(page, "accuracy") };

    // Another preset, and back: the committed charts again (nothing was trained).
    await setControl(role(page, "preset"), "fix-batchnorm");
    await expect.poll(() => label(page, "speed")).not.toBe(before.speed);
    await setControl(role(page, "preset"), "fix-baseline");
    await expect.poll(() => label(page, "speed")).toBe(before.speed);
    await expect(label(page, "change")).resolves.toBe(before.change);
    await expect(label(page, "accuracy")).resolves.toBe(before.accuracy);
    await expect(points(page)).resolves.toEqual([]);
    clean(w);
    await page.context().close();
  });

  it("each fix preset chosen from the menu sets the optimizer menu, the two switches, activation, init and the URL fragment", async () => {
    const w = await openPage(browser(), url);
    const { page } = w;
    const value = (r: string) => role(page, r).inputValue();
    const options = await role(page, "preset").evaluate((s: HTMLSelectElement) => [...s.options].map((o) => o.value));
    for (const id of [...FIXES, "fix-baseline", "fix-unscaled-init"]) expect(options).toContain(id);
    // The configs really differ where the presets should: the test is not vacuous.
    expect(new Set(FIXES.map((id) => experiment(id).optimizer.kind))).toEqual(new Set(["sgd", "adam", "layerwise"]));
    for (const id of FIXES) {
      const e = experiment(id);
      await setControl(role(page, "preset"), id);
      await expect.poll(() => value("preset"), { message: id }).toBe(id);
      await expect(value("optimizer"), id).resolves.toBe(e.optimizer.kind);
      await expect(checked(page, "batchnorm"), id).resolves.toBe(e.batchNorm);
      await expect(checked(page, "residual"), id).resolves.toBe(e.residual);
      await expect(value("activation"), id).resolves.toBe(e.activation);
      await expect(value("init"), id).resolves.toBe(initChoice(e));
      await expect(text(role(page, "arch-out")), id).resolves.toBe(`[${e.architecture.join(", ")}]`);
      await expect(role(page, "eta").getAttribute("aria-valuetext"), id).resolves.toBe(String(e.optimizer.eta));
      await expect(settings(page), id).resolves.toMatchObject({ preset: id, optimizer: e.optimizer.kind, batchNorm: e.batchNorm, residual: e.residual, activation: e.activation, init: initChoice(e) });
      await expect
        .poll(() => fragment(page), { message: id })
        .toMatchObject({
          preset: id,
          optimizer: e.optimizer.kind,
          batchNorm: e.batchNorm ? "1" : "0",
          residual: e.residual ? "1" : "0",
          activation: e.activation,
          init: initChoice(e),
          layers: "30-30-30-30-30-30",
        });
      // Before training, the speed chart already names what it will plot.
      await expect(label(page, "speed"), id).resolves.toMatch(e.batchNorm ? /^‖∂C₀\/∂W‖ / : /^‖∂C\/∂b‖ /);
    }
    clean(w);
    await page.context().close();

    // A link with those keys opens with them.
    const l = await open({ preset: "fix-adam", batchNorm: 1 });
    await expect(role(l.page, "preset").inputValue()).resolves.toBe("custom");
    await expect(role(l.page, "optimizer").inputValue()).resolves.toBe("adam");
    await expect(checked(l.page, "batchnorm")).resolves.toBe(true);
    await expect(checked(l.page, "residual")).resolves.toBe(false);
    await expect(settings(l.page)).resolves.toMatchObject({ preset: "custom", optimizer: "adam", batchNorm: true, residual: false });
    const m = await open({ preset: "fix-baseline", optimizer: "layerwise", residual: 1 });
    await expect(role(m.page, "preset").inputValue()).resolves.toBe("custom");
    await expect(role(m.page, "optimizer").inputValue()).resolves.toBe("layerwise");
    await expect(checked(m.page, "residual")).resolves.toBe(true);
    // (Observed, not asserted: a link with the baseline's preset and batchNorm=1 opens as "custom", though
    // its settings are fix-batchnorm's; the menu, changed by hand to the same settings, says fix-batchnorm.)
    const n = await open({ preset: "fix-baseline", batchNorm: 1 });
    console.log(`[trainer-fixes] link fixes.preset=fix-baseline&fixes.batchNorm=1 opens with the preset menu at "${await role(n.page, "preset").inputValue()}"`);
    for (const x of [l, m, n]) {
      clean(x);
      await x.page.context().close();
    }
  });

  it("with batch normalisation, Step trains one epoch on wasm: the hidden bias gradients vanish and the speed chart plots ‖∂C₀/∂W‖", async () => {
    const w = await open({ preset: "fix-batchnorm", backend: "wasm", epochs: 1 });
    const { page } = w;
    await expect(role(page, "preset").inputValue()).resolves.toBe("fix-batchnorm");
    await expect(checked(page, "batchnorm")).resolves.toBe(true);
    const ps = await step(page);
    expect(ps.map((p) => p.epoch)).toEqual([0, 1]);
    for (const p of ps) {
      expect(p.gradNorms).toHaveLength(7);
      expect(p.weightGradNorms).toHaveLength(7);
      for (const g of p.weightGradNorms!) {
        expect(Number.isFinite(g)).toBe(true);
        expect(g).toBeGreaterThan(0);
      }
      // A bias before a batch norm is subtracted out with the batch mean: its gradient is 0 up to float32
      // rounding. Measured ‖∂C/∂b‖/‖∂C₀/∂W‖: at most 2.7e-6 in the committed fix-batchnorm log, 1.2e-5 on wasm
      // here (layer 6, epoch 1); at least 0.02 in every committed fix-* run without batch norm.
      for (let l = 0; l < 6; l++) expect(p.gradNorms[l], `epoch ${p.epoch} layer ${l + 1}: ‖∂C/∂b‖ ${p.gradNorms[l]} vs ‖∂C₀/∂W‖ ${p.weightGradNorms![l]}`).toBeLessThan(1e-4 * p.weightGradNorms![l]);
    }
    // Epoch 0 is the committed run's initial snapshot (same weights, same 1,000 gradient digits).
    const logged = runLog("fix-batchnorm").initial.weightGradNorms;
    for (let l = 0; l < 7; l++) expect(rel(ps[0].weightGradNorms![l], logged[l]), `layer ${l + 1}`).toBeLessThan(1e-3);
    const speed = (await label(page, "speed"))!;
    expect(speed).toMatch(/^‖∂C₀\/∂W‖ /);
    // The preset's committed run is drawn faint behind the live one, and the label says where it ended.
    expect(speed).toBe(speedLabel(ps, { maxEpoch: 1, layers: 7, measure: "weight", committed: runPoints("fix-batchnorm") }));
    expect(speed).toContain(`Epoch 1: layer 1 ${sig(ps[1].weightGradNorms![0])}`);
    await expect(text(role(page, "chart-note"))).resolves.toContain(`Live: your network ${ARCH}`);
    console.log(`[trainer-fixes] batch norm, epoch 1: readout "${await text(role(page, "readout"))}"`);
    clean(w);
    await page.context().close();
  });

  it("on the baseline the speed chart plots ‖∂C/∂b‖; the residual switch (Tab, Space) makes it fix-residual and changes the gradient at epoch 0", async () => {
    const w = await open({ preset: "fix-baseline", backend: "wasm", epochs: 1 });
    const { page } = w;
    const base = await step(page);
    expect(base.map((p) => p.epoch)).toEqual([0, 1]);
    const speed = (await label(page, "speed"))!;
    expect(speed).toMatch(/^‖∂C\/∂b‖ /);
    expect(speed).toBe(speedLabel(base, { maxEpoch: 1, layers: 7, measure: "bias", committed: runPoints("fix-baseline") }));
    const baseLog = runLog("fix-baseline").initial.gradNorms;
    for (let l = 0; l < 7; l++) expect(rel(base[0].gradNorms[l], baseLog[l]), `baseline layer ${l + 1}`).toBeLessThan(1e-3);

    // The baseline plus residual connections is exactly fix-residual's experiment.
    const [b, r] = [experiment("fix-baseline"), experiment("fix-residual")];
    expect({ ...b, title: "", description: "", residual: true }).toEqual({ ...r, title: "", description: "" });

    // Keyboard only: open "All settings" (Enter on its summary; the settings are folded below the charts),
    // then from the optimizer menu, Tab past the batch-norm switch to the residual one, Space.
    await role(page, "settings-controls").locator("summary").focus();
    await page.keyboard.press("Enter");
    await expect(role(page, "settings-controls").evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
    await role(page, "optimizer").focus();
    await page.keyboard.press("Tab");
    await expect(active(page)).resolves.toBe("batchnorm");
    await page.keyboard.press("Tab");
    await expect(active(page)).resolves.toBe("residual");
    await page.keyboard.press("Space");
    await expect.poll(() => checked(page, "residual")).toBe(true);
    await expect(checked(page, "batchnorm")).resolves.toBe(false);
    await expect.poll(() => role(page, "preset").inputValue()).toBe("fix-residual");
    await expect(settings(page)).resolves.toMatchObject({ preset: "fix-residual", residual: true, batchNorm: false, optimizer: "sgd", epochs: 1, backend: "wasm" });
    await expect.poll(() => fragment(page)).toMatchObject({ preset: "fix-residual", residual: "1", batchNorm: "0" });
    // The trained baseline was dropped.
    await expect(points(page)).resolves.toEqual([]);

    const res = await step(page);
    expect(res.map((p) => p.epoch)).toEqual([0, 1]);
    expect(rel(res[0].gradNorms[0], base[0].gradNorms[0]), `first layer at epoch 0: ${res[0].gradNorms[0]} with shortcuts vs ${base[0].gradNorms[0]} without`).toBeGreaterThan(0.01);
    const resLog = runLog("fix-residual").initial.gradNorms;
    for (let l = 0; l < 7; l++) expect(rel(res[0].gradNorms[l], resLog[l]), `residual layer ${l + 1}`).toBeLessThan(1e-3);
    await expect(label(page, "speed")).resolves.toMatch(/^‖∂C\/∂b‖ /);

    // Space on the switch again: back to the baseline.
    await role(page, "residual").focus();
    await page.keyboard.press("Space");
    await expect.poll(() => role(page, "preset").inputValue()).toBe("fix-baseline");
    await expect(checked(page, "residual")).resolves.toBe(false);
    clean(w);
    await page.context().close();
  });

  it("Adam and per-layer rates from the optimizer menu train (paused after Step, finite cost) and differ from SGD", async () => {
    const w = await open({ preset: "fix-baseline", backend: "wasm", epochs: 1 });
    const { page } = w;
    const [sgd0, sgd] = await step(page);
    const trained: Record<string, TrainerPoint> = { sgd };
    // The baseline with per-layer rates is fix-layerwise (same η); with Adam at η = 0.1 it is no preset (fix-adam has η = 0.001).
    const [b, lw, ad] = [experiment("fix-baseline"), experiment("fix-layerwise"), experiment("fix-adam")];
    expect({ ...b, title: "", description: "", optimizer: { ...b.optimizer, kind: "layerwise" } }).toEqual({ ...lw, title: "", description: "" });
    expect(ad.optimizer.eta).not.toBe(b.optimizer.eta);
    for (const [kind, preset] of [["adam", "custom"], ["layerwise", "fix-layerwise"]] as const) {
      await setControl(role(page, "optimizer"), kind);
      await expect.poll(() => settings(page)).toMatchObject({ optimizer: kind, preset });
      await expect(role(page, "preset").inputValue()).resolves.toBe(preset);
      await expect.poll(() => fragment(page)).toMatchObject({ preset, optimizer: kind });
      await expect(points(page)).resolves.toEqual([]);
      const ps = await step(page);
      expect(ps.map((p) => p.epoch)).toEqual([0, 1]);
      const p = ps[1];
      expect(Number.isFinite(p.cost)).toBe(true);
      for (const c of p.weightChange) expect(c).toBeGreaterThan(0);
      // The same initial weights as SGD's, a different first epoch.
      expect(rel(ps[0].cost, sgd0.cost), `${kind} at epoch 0`).toBeLessThan(1e-6);
      // The first layer's relative step over the epoch tells the optimizers apart (the cost after one epoch of
      // a six-layer sigmoid net barely moves: SGD and per-layer rates end within 0.1% of each other).
      for (const [other, q] of Object.entries(trained)) {
        expect(rel(p.weightChange[0], q.weightChange[0]), `${kind} vs ${other}: first layer moved ${p.weightChange[0]} and ${q.weightChange[0]}`).toBeGreaterThan(0.1);
      }
      console.log(`[trainer-fixes] ${kind}: epoch 1 cost ${p.cost}, ‖ΔW¹‖/‖W¹‖ ${p.weightChange[0]} (SGD: ${sgd.cost}, ${sgd.weightChange[0]})`);
      trained[kind] = p;
    }
    clean(w);
    await page.context().close();
  });
});
