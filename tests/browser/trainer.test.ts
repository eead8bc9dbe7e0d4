/**
 * The live trainer <vg-trainer> on /learning-speed/, in Chromium on the
 * built site: Start trains to the chosen epoch and redraws the readout, the three charts and the
 * tiles; Pause holds, Continue resumes; Step adds exactly one epoch; Reset goes back to the initial
 * weights; on wasm the first logged epochs of nielsen-4-hidden match the committed log; a link's
 * settings show in the controls and train that network; the keyboard alone trains; without WebGL the
 * automatic backend falls back to wasm and says why; a missing or corrupt digits file leaves a message,
 * the committed charts and the rest of the page; no CSP violation, no request to another origin.
 *
 * Expected texts come from the island's own formatting code (figure.ts) applied to the points the
 * element reports (`el.points`), and numbers from the committed log (public/runs/nielsen-4-hidden/log.json).
 * The epoch-0 training and test accuracies come from neither: the seeded initial network run by plain
 * loops over digits.bin's records (so a test set built from the training digits fails).
 */
import { describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { demosUpgraded, sharedBrowser, watchedPage, type Watched, faultFile } from "../support/browser.ts";
import { trainerOn, type TrainerEl } from "../support/trainer.ts";
import { accuracyLabel, changeLabel, sig, speedLabel, type TrainerPoint } from "../../src/islands/trainer/figure.ts";
import { initialNetwork } from "../../src/lib/nets/network.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const url = inject("baseUrl") + "learning-speed/";
const origin = new URL(url).origin;
const browser = sharedBrowser();
const log = JSON.parse(readFileSync(join(ROOT, "public/runs/nielsen-4-hidden/log.json"), "utf8")) as {
  initial: { trainAccuracy: number; cost: number; gradNorms: number[] };
  epochs: Array<{ epoch: number; trainAccuracy: number; cost: number; gradNorms: number[] }>;
};

/**
 * Accuracy of nielsen-4-hidden's seeded initial network (content/experiments/nielsen-4-hidden.json) on
 * the training and on the test records of the trainer's digits.bin, decoded here by hand and run through
 * plain loops: what the trainer must report at epoch 0 if it tests on the test digits.
 */
function initialAccuracies(): { train: number; test: number } {
  const e = JSON.parse(readFileSync(join(ROOT, "content/experiments/nielsen-4-hidden.json"), "utf8"));
  const net = initialNetwork(e.architecture, e.init, e.seed);
  const raw = gunzipSync(readFileSync(join(ROOT, "public/derived/trainer-digits/digits.bin")));
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const [count, trainCount] = [v.getUint32(8, true), v.getUint32(12, true)];
  const right = (n: number) => {
    let a = Array.from(raw.subarray(24 + count + n * 784, 24 + count + (n + 1) * 784), (b) => Math.fround(b / 255));
    for (let l = 0; l < net.weights.length; l++) {
      const nOut = net.sizes[l + 1];
      const z = Array.from(net.biases[l]);
      for (let i = 0; i < a.length; i++) for (let j = 0; j < nOut; j++) z[j] += a[i] * net.weights[l][i * nOut + j];
      a = z.map((x) => 1 / (1 + Math.exp(-x)));
    }
    return a.indexOf(Math.max(...a)) === raw[24 + n] ? 1 : 0;
  };
  let train = 0;
  let test = 0;
  for (let n = 0; n < trainCount; n++) train += right(n);
  for (let n = trainCount; n < count; n++) test += right(n);
  return { train: train / trainCount, test: test / (count - trainCount) };
}

/** A log's entries as chart points, mapped here field by field (the trainer's own reader is not the oracle). */
function committedPoints(l: { initial: Record<string, any>; epochs: Record<string, any>[] }): TrainerPoint[] {
  const of = (e: Record<string, any>, epoch: number): TrainerPoint => ({
    epoch, trainAccuracy: e.trainAccuracy, testAccuracy: e.testAccuracy, cost: e.cost, gradNorms: e.gradNorms,
    weightChange: epoch === 0 ? e.gradNorms.map(() => 0) : e.weightChange, ...(e.weightGradNorms ? { weightGradNorms: e.weightGradNorms } : {}),
  });
  return [of(l.initial, 0), ...l.epochs.map((e) => of(e, e.epoch))];
}

const { at, open, trainer, role, button, points, epochs, lastEpoch, state, text, label } = trainerOn(browser, url, "trainer");

const inner = (page: Page, chart: string) => role(page, `chart-${chart}`).locator("svg").innerHTML();

/** Resolves when the trainer is paused at `epoch` (Start trained there, or a Step ended there). */
const pausedAt = (page: Page, epoch: number, timeout = 60_000) =>
  page.waitForFunction(
    (n) => {
      const t = document.querySelector("vg-trainer") as TrainerEl;
      return t.state === "paused" && t.points.at(-1)?.epoch === n;
    },
    epoch,
    { timeout },
  );

/** Resolves when the trainer is paused (or failed) past epoch `after`: a Step has ended, wherever it got to. */
const settledAfter = (page: Page, after: number, timeout = 60_000) =>
  page.waitForFunction(
    (n) => {
      const t = document.querySelector("vg-trainer") as TrainerEl;
      return t.state === "failed" || (t.state === "paused" && (t.points.at(-1)?.epoch ?? -1) > n);
    },
    after,
    { timeout },
  );

/** Records every state the trainer draws in (its vg-drawn events), from now on. */
/** Presses Step and waits until that step (the one after `epoch`) has ended. */
async function stepFrom(page: Page, epoch: number) {
  await button(page, "step").click();
  await settledAfter(page, epoch);
}

const recordStates = (page: Page) =>
  trainer(page).evaluate((e) => {
    const seen: string[] = [];
    (window as unknown as { __states: string[] }).__states = seen;
    e.addEventListener("vg-drawn", (ev) => {
      const s = (ev as CustomEvent<{ state?: string }>).detail.state;
      if (s && seen.at(-1) !== s) seen.push(s);
    });
  });
const recordedStates = (page: Page) => page.evaluate(() => (window as unknown as { __states: string[] }).__states);

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** No CSP violation, no request to another origin, no error on the page. */
function clean(w: Watched, allowErrors: (e: string) => boolean = () => false) {
  expect(w.csp).toEqual([]);
  expect(w.foreign).toEqual([]);
  expect(w.errors.filter((e) => !allowErrors(e))).toEqual([]);
}

describe("<vg-trainer> on /learning-speed/", () => {
  it("Start trains to the chosen epoch on wasm and redraws the readout, the three charts and the tiles", async () => {
    const w = await open({ preset: "nielsen-4-hidden", backend: "wasm", epochs: 10 });
    const { page } = w;
    await expect(text(role(page, "readout"))).resolves.toBe("[784, 30, 30, 30, 30, 10]: not trained yet.");
    await expect(role(page, "tiles").getAttribute("aria-label")).resolves.toContain("These are the initial weights W₀");
    const before = { speed: await inner(page, "speed"), change: await inner(page, "change"), accuracy: await inner(page, "accuracy"), };
    await expect(trainer(page).evaluate((e) => (e as TrainerEl).backend)).resolves.toBeNull();

    await recordStates(page);
    await button(page, "start").click();
    await pausedAt(page, 10);
    expect(await recordedStates(page)).toEqual(["loading", "running", "paused"]);
    await expect(trainer(page).getAttribute("data-state")).resolves.toBe("paused");
    await expect(trainer(page).getAttribute("data-backend")).resolves.toBe("wasm");
    await expect(trainer(page).evaluate((e) => (e as TrainerEl).backend)).resolves.toBe("wasm");

    const ps = await points(page);
    expect(ps.map((p) => p.epoch)).toEqual([0, 5, 10]);
    for (const p of ps) expect(p.gradNorms).toHaveLength(5);
    expect(ps[0].weightChange).toEqual([0, 0, 0, 0, 0]);
    for (const p of ps.slice(1)) for (const c of p.weightChange) expect(c).toBeGreaterThan(0);
    const p = ps[2];
    const hidden = p.gradNorms.slice(0, 4);
    // Test accuracy is measured on the test digits, not the training digits again: at epoch 0 both
    // match the initial network's by plain loops (0.114 and 0.117; one digit of slack for float32).
    const want = initialAccuracies();
    expect(Math.abs(ps[0].trainAccuracy - want.train), `epoch 0 training accuracy ${ps[0].trainAccuracy}, by hand ${want.train}`).toBeLessThanOrEqual(0.001 + 1e-9);
    expect(Math.abs(ps[0].testAccuracy - want.test), `epoch 0 test accuracy ${ps[0].testAccuracy}, by hand ${want.test}`).toBeLessThanOrEqual(0.001 + 1e-9);

    // The readout and every chart show the last point's numbers, as figure.ts prints them.
    const readout = await text(role(page, "readout"));
    expect(readout).toContain(`Epoch 10 of 10: train ${pct(p.trainAccuracy)}, test ${pct(p.testAccuracy)}, cost ${sig(p.cost, 3)}.`);
    expect(readout).toContain(`‖∂C/∂b‖ per hidden layer: ${hidden.map((g) => sig(g)).join(", ")}.`);
    // The spread names its quantity, as the fixes lesson's table does; ‖∂C₀/∂W‖ is the table's.
    expect(readout).toContain(`Spread, the last hidden layer's over the first's: ‖∂C/∂b‖ ${sig(hidden[3] / hidden[0])}×, ‖∂C₀/∂W‖ ${sig(p.weightGradNorms![3] / p.weightGradNorms![0])}×.`);
    const oneAnswer = Number(await trainer(page).getAttribute("one-answer"));
    // The committed run of the preset is drawn faint behind the live one: its points, read from the log here.
    const opts = { maxEpoch: 10, layers: 5, oneAnswer, committed: committedPoints(log) };
    const speed = await label(page, "speed");
    expect(speed).toBe(speedLabel(ps, opts));
    expect(speed).toContain(`Epoch 10: layer 1 ${sig(p.gradNorms[0])}, layer 2 ${sig(p.gradNorms[1])}`);
    await expect(label(page, "change")).resolves.toBe(changeLabel(ps, opts));
    await expect(label(page, "change")).resolves.toContain(`Epoch 10: layer 1 ${sig(p.weightChange[0])}`);
    await expect(label(page, "accuracy")).resolves.toBe(accuracyLabel(ps, opts));
    for (const chart of ["speed", "change", "accuracy"] as const) expect(await inner(page, chart)).not.toBe(before[chart]);
    // The latest value of each line is a dot: four hidden layers on the speed chart.
    await expect(role(page, "chart-speed").locator("svg circle").count()).resolves.toBe(4);
    await expect(text(role(page, "chart-note"))).resolves.toContain("Live: your network [784, 30, 30, 30, 30, 10]");
    await expect(role(page, "tiles").getAttribute("aria-label")).resolves.toMatch(/They show how far each weight moved in 10 epochs, W − W₀ .* In all the layer moved \d[\d.]*% of its initial size/);
    await expect(text(role(page, "status"))).resolves.toContain("Training on WebAssembly");
    await expect(text(role(page, "start-button"))).resolves.toBe("Continue");
    // At the last epoch there is nothing to continue, and the button says so to assistive technology.
    await expect(role(page, "start-button").getAttribute("aria-disabled")).resolves.toBe("true");
    // Nothing from elsewhere, nothing the page's policy refused, no error.
    clean(w);
    await page.context().close();
  });

  it("Pause holds the epoch, Continue resumes", async () => {
    const w = await open({ preset: "nielsen-4-hidden", backend: "wasm", epochs: 2000 });
    const { page } = w;
    await button(page, "start").click();
    await page.waitForFunction(() => ((document.querySelector("vg-trainer") as TrainerEl).points.at(-1)?.epoch ?? 0) >= 10, null, { timeout: 60_000 });
    await expect(state(page)).resolves.toBe("running");
    await expect(text(button(page, "start"))).resolves.toBe("Pause");
    await expect(button(page, "start").getAttribute("aria-pressed")).resolves.toBe("true");
    await button(page, "start").click();
    await expect.poll(() => state(page)).toBe("paused");
    await expect(text(button(page, "start"))).resolves.toBe("Continue");
    await expect(button(page, "start").getAttribute("aria-pressed")).resolves.toBe("false");
    // The epoch in flight when Pause was pressed may still finish; after that nothing moves.
    await page.waitForTimeout(300);
    const held = await points(page);
    await page.waitForTimeout(1200);
    expect(await points(page)).toEqual(held);
    await expect(state(page)).resolves.toBe("paused");

    await button(page, "start").click();
    await expect.poll(() => lastEpoch(page)).toBeGreaterThan(held.at(-1)!.epoch);
    await expect(state(page)).resolves.toBe("running");
    // Full-batch training is measured every 5th epoch, continuing where it stopped.
    const es = await epochs(page);
    expect(es.slice(0, held.length)).toEqual(held.map((p) => p.epoch));
    for (const [i, e] of es.entries()) expect(e).toBe(5 * i);
    await button(page, "start").click();
    await expect.poll(() => state(page)).toBe("paused");
    clean(w);
    await page.context().close();
  });

  it("Step adds exactly one epoch per press (same numbers as Start), and Reset goes back to the initial weights", async () => {
    const w = await open({ preset: "nielsen-4-hidden", backend: "wasm", epochs: 20 });
    const { page } = w;
    for (let n = 1; n <= 5; n++) {
      await stepFrom(page, n - 1);
      expect(await epochs(page)).toEqual(Array.from({ length: n + 1 }, (_, i) => i));
      await expect(text(role(page, "readout"))).resolves.toMatch(new RegExp(`^Epoch ${n} of 20: `));
    }
    // Five single steps land where five epochs of Start land: the committed log's epoch 5.
    const five = (await points(page))[5];
    const logged = log.epochs.find((e) => e.epoch === 5)!;
    for (let l = 0; l < 5; l++) expect(rel(five.gradNorms[l], logged.gradNorms[l])).toBeLessThan(1e-3);
    expect(rel(five.cost, logged.cost)).toBeLessThan(1e-3);
    const first = (await points(page))[1];
    await expect(role(page, "tiles").getAttribute("aria-label")).resolves.toMatch(/moved in 5 epochs, W − W₀/);

    await button(page, "reset").click();
    await expect.poll(() => points(page)).toEqual([]);
    await expect.poll(() => text(role(page, "readout"))).toBe("[784, 30, 30, 30, 30, 10]: not trained yet.");
    await expect(role(page, "tiles").getAttribute("aria-label")).resolves.toContain("These are the initial weights W₀");
    await expect(text(role(page, "status"))).resolves.toContain("Reset");
    // Untrained again: the charts show the preset's committed run (its last logged epoch), as before the first Start.
    await expect(label(page, "speed")).resolves.toContain(`Epoch ${log.epochs.at(-1)!.epoch}: layer 1 ${sig(log.epochs.at(-1)!.gradNorms[0])}`);
    await expect(text(role(page, "chart-note"))).resolves.toContain("Shown until you train: the committed run nielsen-4-hidden");
    await expect(text(button(page, "start"))).resolves.toBe("Start");
    await expect(button(page, "start").getAttribute("aria-disabled")).resolves.toBe("false");
    // Training again starts from the same initial weights: the first step gives the same numbers.
    await stepFrom(page, -1);
    const again = await points(page);
    expect(again.map((p) => p.epoch)).toEqual([0, 1]);
    expect(again[1]).toEqual(first);
    clean(w);
    await page.context().close();
  });

  it("Step after the last epoch stays at the last epoch and says how to train further", async () => {
    const w = await open({ preset: "nielsen-4-hidden", backend: "wasm", epochs: 2 });
    const { page } = w;
    for (let n = 0; n < 2; n++) await stepFrom(page, n);
    await expect(text(role(page, "readout"))).resolves.toMatch(/^Epoch 2 of 2: /);
    await button(page, "step").click();
    await expect.poll(() => text(role(page, "status"))).toContain("Reached 2 epochs: raise “Epochs” to train further, or Reset.");
    expect(await epochs(page)).toEqual([0, 1, 2]);
    await expect(text(role(page, "readout"))).resolves.toMatch(/^Epoch 2 of 2: /);
    clean(w);
    await page.context().close();
  });

  it("on wasm, nielsen-4-hidden's first logged epochs match the committed log (‖∂C/∂b‖, training accuracy, cost to 1e-3)", async () => {
    const w = await open({ preset: "nielsen-4-hidden", backend: "wasm", epochs: 20 });
    const { page } = w;
    await button(page, "start").click();
    await pausedAt(page, 20);
    const ps = await points(page);
    expect(ps.map((p) => p.epoch)).toEqual([0, 5, 10, 15, 20]);
    // Test accuracy is over 1,000 test digits here and 2,000 in the log: not compared.
    const want = [{ epoch: 0, ...log.initial }, ...log.epochs.filter((e) => e.epoch <= 20)];
    expect(want.map((e) => e.epoch)).toEqual([0, 5, 10, 15, 20]);
    let worst = 0;
    for (const [i, e] of want.entries()) {
      const got = ps[i];
      expect(got.gradNorms).toHaveLength(e.gradNorms.length);
      for (const [l, g] of e.gradNorms.entries()) {
        worst = Math.max(worst, rel(got.gradNorms[l], g));
        expect(rel(got.gradNorms[l], g), `epoch ${e.epoch} layer ${l + 1}: ${got.gradNorms[l]} vs ${g}`).toBeLessThan(1e-3);
      }
      expect(rel(got.trainAccuracy, e.trainAccuracy), `epoch ${e.epoch} training accuracy`).toBeLessThan(1e-3);
      expect(rel(got.cost, e.cost), `epoch ${e.epoch} cost`).toBeLessThan(1e-3);
    }
    console.log(`[trainer] wasm in Chromium vs the committed log, epochs 0–20: largest relative difference of ‖∂C/∂b‖ ${worst.toExponential(1)}`);
    clean(w);
    await page.context().close();
  });

  it("opens with the settings of a link: the controls show them and Step trains that network", async () => {
    const w = await open({ layers: "20-20", activation: "relu", init: "he", frozen: 1, eta: 0.2, lambda: 0, batch: 100, seed: 7, epochs: 2, backend: "wasm" });
    const { page } = w;
    const value = (r: string) => role(page, r).inputValue();
    await expect(value("preset")).resolves.toBe("custom");
    await expect(value("depth")).resolves.toBe("2");
    await expect(value("width")).resolves.toBe("20");
    await expect(value("activation")).resolves.toBe("relu");
    await expect(value("init")).resolves.toBe("he");
    await expect(value("backend")).resolves.toBe("wasm");
    await expect(value("seed")).resolves.toBe("7");
    await expect(value("epochs")).resolves.toBe("2");
    await expect(text(role(page, "arch-out"))).resolves.toBe("[784, 20, 20, 10]");
    await expect(text(role(page, "eta-out"))).resolves.toBe("0.2");
    await expect(role(page, "eta").getAttribute("aria-valuetext")).resolves.toBe("0.2");
    await expect(text(role(page, "lambda-out"))).resolves.toBe("0");
    await expect(text(role(page, "batch-out"))).resolves.toBe("100");
    const boxes = trainer(page).locator('input[data-role="freeze"]');
    const freeze = await boxes.evaluateAll((bs) => bs.map((b) => ({ layer: Number((b as HTMLInputElement).dataset.layer), checked: (b as HTMLInputElement).checked, shown: !b.closest("label")!.hidden })));
    expect(freeze).toEqual([1, 2, 3, 4, 5, 6, 7].map((layer) => ({ layer, checked: layer === 1, shown: layer <= 3 })));
    const s = await trainer(page).evaluate((e) => (e as TrainerEl).settings);
    expect(s).toMatchObject({ preset: "custom", layers: [20, 20], activation: "relu", init: "he", frozen: [1], eta: 0.2, lambda: 0, batch: 100, seed: 7, epochs: 2, backend: "wasm" });
    // The tiles already show this network's first layer: 20 tiles of 28×28 in 5 columns, 4 rows.
    await expect(role(page, "tiles").evaluate((c: HTMLCanvasElement) => [c.width, c.height])).resolves.toEqual([5 * 28 + 4, 4 * 28 + 3]);
    await expect(role(page, "tiles").getAttribute("aria-label")).resolves.toContain("The first layer is frozen: training will not change them.");

    await button(page, "step").click();
    await pausedAt(page, 1);
    const ps = await points(page);
    expect(ps.map((p) => p.epoch)).toEqual([0, 1]);
    for (const p of ps) expect(p.gradNorms).toHaveLength(3);
    // Layer 1 is frozen: its weights do not move at all; the others do.
    expect(ps[1].weightChange[0]).toBe(0);
    expect(ps[1].weightChange[1]).toBeGreaterThan(0);
    expect(ps[1].weightChange[2]).toBeGreaterThan(0);
    await expect(text(role(page, "readout"))).resolves.toMatch(/^Epoch 1 of 2: /);
    await expect(label(page, "change")).resolves.toContain("Layer 1 is frozen");
    clean(w);
    await page.context().close();
  });

  it("trains by keyboard alone: Tab to the preset, change it, Tab to Start, press Space; Enter pauses", async () => {
    const w = await open({ backend: "wasm" });
    const { page } = w;
    const options = await role(page, "preset").evaluate((s: HTMLSelectElement) => [...s.options].map((o) => o.value));
    const from = options.indexOf("nielsen-4-hidden");
    expect(from).toBeGreaterThanOrEqual(0);
    // Up if there is a preset above, else down (the last option is "custom", which no key should pick here).
    const [key, to] = from > 0 ? ["ArrowUp", options[from - 1]] : ["ArrowDown", options[from + 1]];
    expect(to).not.toBe("custom");
    // Focus the last focusable element before the trainer, then Tab into it.
    await trainer(page).evaluate((t) => {
      const all = [...document.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea, summary, [tabindex]")].filter(
        (el) => !t.contains(el) && el.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING && el.tabIndex >= 0 && el.offsetParent !== null,
      );
      // The last one that takes focus (a focusable inside a closed <details> does not).
      for (const el of all.reverse()) {
        el.focus();
        if (document.activeElement === el) return;
      }
      throw new Error("nothing focusable before the trainer");
    });
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.role)).resolves.toBe("preset");
    await page.keyboard.press(key);
    await expect.poll(() => trainer(page).evaluate((e) => (e as TrainerEl).settings.preset)).toBe(to);
    await expect(role(page, "preset").inputValue()).resolves.toBe(to);
    for (let i = 0; i < 40; i++) {
      if ((await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.act)) === "start") break;
      await page.keyboard.press("Tab");
    }
    await expect(page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.act)).resolves.toBe("start");
    await page.keyboard.press("Space");
    await page.waitForFunction(() => ((document.querySelector("vg-trainer") as TrainerEl).points.at(-1)?.epoch ?? 0) >= 1, null, { timeout: 60_000 });
    await expect(trainer(page).evaluate((e) => (e as TrainerEl).settings)).resolves.toMatchObject({ preset: to, backend: "wasm" });
    clean(w);
    await page.context().close();
  });

  it("keeps the keyboard focus on Start and Step while tfjs loads and an epoch trains (Space pauses, Enter steps again)", async () => {
    const w = await open({ preset: "nielsen-4-hidden", backend: "wasm", epochs: 2000 });
    const { page } = w;
    const active = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.act ?? document.activeElement?.localName);
    await button(page, "start").focus();
    await page.keyboard.press("Space");
    await page.waitForFunction(() => ((document.querySelector("vg-trainer") as TrainerEl).points.at(-1)?.epoch ?? 0) >= 5, null, { timeout: 60_000 });
    expect(await active()).toBe("start");
    await page.keyboard.press("Space");
    await expect.poll(() => state(page)).toBe("paused");
    const n = await lastEpoch(page);
    await button(page, "step").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => state(page)).toBe("paused");
    await expect.poll(() => lastEpoch(page)).toBeGreaterThan(n);
    expect(await active()).toBe("step");
    await page.keyboard.press("Enter");
    await expect.poll(() => lastEpoch(page)).toBeGreaterThan(n + 1);
    clean(w);
    await page.context().close();
  });

  it("Pause and Continue pressed in quick succession keep one training loop: measurements stay every 5th epoch", async () => {
    const w = await open({ preset: "nielsen-4-hidden", backend: "wasm", epochs: 2000 });
    const { page } = w;
    await button(page, "start").click();
    await page.waitForFunction(() => ((document.querySelector("vg-trainer") as TrainerEl).points.at(-1)?.epoch ?? 0) >= 10, null, { timeout: 60_000 });
    // A double press (Pause, then Continue at once) while an epoch or a measurement is in flight.
    for (let i = 0; i < 5; i++) {
      await button(page, "start").evaluate((b: HTMLButtonElement) => {
        b.click();
        b.click();
      });
      await page.waitForTimeout(150);
    }
    await page.waitForTimeout(500);
    await expect(state(page)).resolves.toBe("running");
    await button(page, "start").click();
    await expect.poll(() => state(page)).toBe("paused");
    await page.waitForTimeout(300);
    const es = await epochs(page);
    expect(es, `measured epochs: ${es.join(", ")}`).toEqual(es.map((_, i) => 5 * i));
    clean(w);
    await page.context().close();
  });

  it("Step while running pauses after one more epoch and measures each epoch once", async () => {
    const w = await open({ preset: "nielsen-4-hidden", backend: "wasm", epochs: 2000 });
    const { page } = w;
    await button(page, "start").click();
    await page.waitForFunction(() => ((document.querySelector("vg-trainer") as TrainerEl).points.at(-1)?.epoch ?? 0) >= 10, null, { timeout: 60_000 });
    // Step lands at a random moment of the loop: between epochs, or while a measurement is in flight.
    for (let round = 0; round < 8; round++) {
      await button(page, "step").click();
      await expect.poll(() => state(page)).toBe("paused");
      await page.waitForTimeout(200);
      await button(page, "start").click();
      await page.waitForTimeout(100 + 37 * round);
    }
    await button(page, "step").click();
    await expect.poll(() => state(page)).toBe("paused");
    await page.waitForTimeout(500);
    const es = await epochs(page);
    expect(new Set(es).size, `measured epochs: ${es.join(", ")}`).toBe(es.length);
    for (let i = 1; i < es.length; i++) expect(es[i]).toBeGreaterThan(es[i - 1]);
    clean(w);
    await page.context().close();
  });

  it("without WebGL, the automatic backend trains on wasm and says why", async () => {
    const w = await watchedPage(browser(), origin);
    const { page } = w;
    await page.addInitScript(() => {
      const get = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        if (type === "webgl" || type === "webgl2" || type === "experimental-webgl") return null;
        return (get as (...a: unknown[]) => RenderingContext | null).call(this, type, ...rest);
      } as typeof get;
    });
    await page.goto(at({ preset: "nielsen-4-hidden", backend: "auto", epochs: 5 }), { waitUntil: "networkidle" });
    await demosUpgraded(page);
    await button(page, "start").click();
    await pausedAt(page, 5);
    await expect(trainer(page).evaluate((e) => (e as TrainerEl).backend)).resolves.toBe("wasm");
    await expect(trainer(page).getAttribute("data-backend")).resolves.toBe("wasm");
    const status = await text(role(page, "status"));
    expect(status).toContain("WebAssembly");
    expect(status).toContain("not WebGL because");
    // Same code, same backend: the same numbers as the committed log's epoch 5.
    const five = (await points(page))[1];
    expect(rel(five.gradNorms[0], log.epochs[0].gradNorms[0])).toBeLessThan(1e-3);
    clean(w);
    await page.context().close();
  });

  for (const [what, fault, reason] of [
    ["missing", "missing", "could not load derived/trainer-digits/digits.bin: HTTP 404"],
    ["corrupt", "corrupt", "derived/trainer-digits/digits.bin does not match its sha256"],
  ] as const) {
    it(`with a ${what} digits file says the trainer cannot run and why, hides the controls, keeps the committed charts and the page`, async () => {
      const w = await watchedPage(browser(), origin);
      const { page } = w;
      await faultFile(page, "derived/trainer-digits/digits.bin", fault);
      // No settings in the link: the charts show the preset's committed run until training starts.
      await page.goto(url, { waitUntil: "networkidle" });
      await demosUpgraded(page);
      const committed = await label(page, "speed");
      expect(committed).toMatch(/Epoch \d+: layer 1 /);
      await button(page, "start").click();
      const status = role(page, "status");
      await expect.poll(() => text(status)).toContain("The trainer cannot run here");
      await expect(text(status)).resolves.toContain(reason);
      await expect(status.getAttribute("role")).resolves.toBe("alert");
      await expect(state(page)).resolves.toBe("failed");
      await expect(trainer(page).getAttribute("data-state")).resolves.toBe("failed");
      await expect(role(page, "controls").isVisible()).resolves.toBe(false);
      // The committed run's charts stay, unchanged.
      for (const chart of ["speed", "change", "accuracy"]) await expect(role(page, `chart-${chart}`).locator("svg").isVisible()).resolves.toBe(true);
      await expect(label(page, "speed")).resolves.toBe(committed);
      await expect(points(page)).resolves.toEqual([]);
      // The rest of the page: its headings and the other demos, still working.
      await expect(page.locator("main h2").first().isVisible()).resolves.toBe(true);
      const others = await page.evaluate(() =>
        [...document.querySelectorAll("*")]
          .filter((e) => e.localName.startsWith("vg-") && e.localName !== "vg-trainer")
          .map((e) => ({ tag: e.localName, defined: customElements.get(e.localName) !== undefined, controls: !(e.querySelector('[data-role="controls"]') as HTMLElement | null)?.hidden })),
      );
      for (const o of others) expect(o).toEqual({ tag: o.tag, defined: true, controls: true });
      clean(w, (e) => e.includes("404"));
      await page.context().close();
    });
  }
});
