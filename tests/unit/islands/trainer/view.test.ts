/**
 * What the live trainer says and draws, DOM-free (src/islands/trainer/view.ts), on hand-made
 * settings, presets and points: which run the charts show (the server's, the preset's committed run,
 * the live run with the committed run faint behind it, the live run alone for the reader's own
 * settings), the note above them, the readout, the status line and the tiles' text. Expected
 * strings are written out here; chart contents are counted from the SVG text.
 */
import { describe, expect, it } from "vitest";
import { chartsView, committedNote, plan, readout, statusText, tilesText, weightScale, type ChartsInput } from "../../../../src/islands/trainer/view.ts";
import type { TrainerPoint } from "../../../../src/islands/trainer/figure.ts";
import type { Preset, TrainerSettings } from "../../../../src/islands/trainer/settings.ts";

const S: TrainerSettings = {
  preset: "deep", layers: [30, 30, 30], activation: "sigmoid", init: "nielsen", frozen: [], eta: 0.1, lambda: 5, batch: 10,
  seed: 1, epochs: 30, optimizer: "sgd", batchNorm: false, residual: false, backend: "auto",
};
const DEEP: Preset = { id: "deep", title: "Deep", settings: S, shippedTrain: 8000, shippedTest: 2000 };
const pt = (epoch: number, test: number, g = [0.01, 0.05, 0.2, 1]): TrainerPoint => ({
  epoch, trainAccuracy: test, testAccuracy: test, cost: 2.3, gradNorms: g, weightGradNorms: g.map((x) => 2 * x), weightChange: epoch ? [0.1, 0.1, 0.1, 0.1] : [0, 0, 0, 0],
});
const COMMITTED = [pt(0, 0.1), pt(10, 0.5), pt(30, 0.9)];
const base: ChartsInput = { settings: S, points: [], preset: DEEP, builtPreset: "deep", committed: undefined, oneAnswer: 0.11, committedOneAnswer: 0.1135 };
const ghosts = (svg: string) => (svg.match(/data-layer="committed-/g) ?? []).length;

describe("chartsView: which run the charts show", () => {
  it("the page's own preset, untrained and not loaded: the server's charts stay (null)", () => {
    expect(chartsView(base)).toBeNull();
    expect(chartsView({ ...base, committed: "loading" })).toBeNull();
  });

  it("another preset, loaded, untrained: its committed run drawn as lines (not faint), with the build's note", () => {
    const other = { ...DEEP, id: "other" };
    const v = chartsView({ ...base, preset: other, committed: COMMITTED })!;
    expect(ghosts(v.charts.speed.inner)).toBe(0);
    // Three hidden layers, each a line through the three committed points.
    expect((v.charts.speed.inner.match(/<path [^>]*data-layer="[123]"/g) ?? []).every((p) => (p.match(/L/g) ?? []).length === 2)).toBe(true);
    expect(v.note).toBe("Shown until you train: the committed run other (30 epochs on 8,000 training digits, tested on 2,000).");
    expect(committedNote(DEEP)).toBe("Shown until you train: the committed run deep (30 epochs on 8,000 training digits, tested on 2,000).");
    // Its accuracy chart's one-answer line is the committed run's test set's (11.35%), not the trainer's.
    expect(v.charts.accuracy.label).toContain("The dashed line at 11.35% is the accuracy");
  });

  it("trained on a preset: the live run with the committed run faint behind it, one ghost per live line, and a note that says so", () => {
    const v = chartsView({ ...base, points: [pt(0, 0.1), pt(1, 0.12)], committed: COMMITTED })!;
    expect(ghosts(v.charts.speed.inner)).toBe(3);
    expect(ghosts(v.charts.change.inner)).toBe(4);
    expect(ghosts(v.charts.accuracy.inner)).toBe(2);
    expect(v.charts.accuracy.label).toContain("The dashed line at 11% is the accuracy");
    expect(v.note).toBe(
      "Live: your network [784, 30, 30, 30, 10], trained here on 1,000 digits and tested on 1,000. Faint behind it: the committed run deep, trained on 8,000 digits: each of its epochs is 8.0 times as many steps as one here.",
    );
  });

  it("trained while the committed run loads, or when it failed: the live run alone, and why", () => {
    const loading = chartsView({ ...base, points: [pt(0, 0.1)], committed: "loading" })!;
    expect(ghosts(loading.charts.speed.inner)).toBe(0);
    expect(loading.note).toMatch(/ Loading the committed run deep…$/);
    const failed = chartsView({ ...base, points: [pt(0, 0.1)], committed: { failed: "HTTP 404" } })!;
    expect(failed.note).toMatch(/ The committed run deep could not be loaded, so only the live run is drawn\.$/);
  });

  it("the reader's own settings: the live run only, and the note says there is no committed run to compare", () => {
    const custom = { ...S, preset: "custom", seed: 2 };
    const before = chartsView({ ...base, settings: custom, preset: null })!;
    expect(before.note).toBe(
      "Live: press Start or Step to train [784, 30, 30, 30, 10] here. Your own settings match no preset, so there is no committed run to draw behind the live one.",
    );
    // An empty chart says what Start will train.
    expect(before.charts.speed.label).toContain(plan(custom));
    const after = chartsView({ ...base, settings: custom, preset: null, points: [pt(0, 0.1)], committed: COMMITTED })!;
    expect(ghosts(after.charts.speed.inner)).toBe(0);
    expect(after.note).toMatch(/^Live: your network .* no committed run to draw behind the live one\.$/);
  });
});

describe("texts", () => {
  it("plan names every setting that decides the numbers", () => {
    expect(plan({ ...S, frozen: [1], optimizer: "adam", batchNorm: true, backend: "wasm" })).toBe(
      "Start trains [784, 30, 30, 30, 10] (sigmoid, Nielsen's: w ~ N(0, 1/n_in), b ~ N(0, 1), weight layer 1 frozen, batch normalisation, Adam) with η = 0.1, λ = 5, mini-batches of 10, seed 1, for 30 epochs, on WebAssembly (wasm).",
    );
  });

  it("readout: the latest point, ‖∂C/∂b‖ per hidden layer and the spread named by its quantity", () => {
    expect(readout([], S, "idle")).toBe("[784, 30, 30, 30, 10]: not trained yet.");
    expect(readout([], S, "loading")).toBe("Loading…");
    expect(readout([pt(3, 0.5)], S, "paused")).toBe(
      "Epoch 3 of 30: train 50.0%, test 50.0%, cost 2.30. ‖∂C/∂b‖ per hidden layer: 0.010, 0.050, 0.20. Spread, the last hidden layer's over the first's: ‖∂C/∂b‖ 20×, ‖∂C₀/∂W‖ 20×.",
    );
    // Epochs lowered below what the run trained: the readout does not say "Epoch 3 of 2".
    expect(readout([pt(3, 0.5)], { ...S, epochs: 2 }, "paused")).toMatch(/^Epoch 3 \(past the 2 now set\): train 50\.0%/);
    // With batch normalisation the weights' gradient is the measure, and only its spread is quoted.
    expect(readout([pt(3, 0.5)], { ...S, batchNorm: true }, "paused")).toBe(
      "Epoch 3 of 30: train 50.0%, test 50.0%, cost 2.30. ‖∂C₀/∂W‖ per hidden layer: 0.020, 0.10, 0.40. Spread, the last hidden layer's over the first's: ‖∂C₀/∂W‖ 20×.",
    );
  });

  it("status: what Start loads, then which backend trains and how many digits the committed run had", () => {
    const o = { state: "idle" as const, notice: "", settings: S, presets: [DEEP], engine: null, loadedOnce: false };
    expect(statusText(o)).toBe(
      "Start or Step trains on WebGL if this browser offers it, else on WebAssembly, else in plain JavaScript. The first Start loads tfjs (about 250 KB compressed) and 1,000 training and 1,000 test digits (about 320 KB).",
    );
    expect(statusText({ ...o, state: "loading" })).toBe("Loading tfjs and the digits…");
    expect(statusText({ ...o, state: "paused", engine: { reason: "Training on WebGL." }, loadedOnce: true, notice: "Reached 30 epochs." })).toBe(
      "Reached 30 epochs. Training on WebGL. The committed run trained on 8,000 digits; here 1,000.",
    );
  });

  it("status: a preset whose live run sits at chance past epoch 3 says when its climb comes, or that it never does", () => {
    const o = { state: "idle" as const, notice: "", settings: S, presets: [DEEP], engine: null, loadedOnce: true };
    const start = "Start or Step trains on WebGL if this browser offers it, else on WebAssembly, else in plain JavaScript.";
    expect(statusText({ ...o, climb: { epochs: 30, leftAt: 24, climbsFrom: 28 } })).toBe(
      `${start} Measured in advance on these 1,000 digits, this preset's test accuracy sits at chance until epoch 24 and climbs for good from epoch 28 of the preset's 30.`,
    );
    expect(statusText({ ...o, climb: { epochs: 30, leftAt: 4, climbsFrom: 4 } })).toBe(`${start} Measured in advance on these 1,000 digits, this preset's test accuracy sits at chance until epoch 4 of the preset's 30.`);
    expect(statusText({ ...o, climb: { epochs: 500, leftAt: null, climbsFrom: null } })).toBe(
      `${start} Measured in advance on these 1,000 digits, this preset's test accuracy stays at chance for all the preset's 500 epochs: what it shows is in the gradients, not the accuracy.`,
    );
    // Epoch 3 is soon enough: nothing said.
    expect(statusText({ ...o, climb: { epochs: 30, leftAt: 3, climbsFrom: 3 } })).toBe(start);
    expect(statusText({ ...o, state: "running", engine: { reason: "Training on WebGL." }, climb: { epochs: 30, leftAt: 24, climbsFrom: 24 } })).toBe(
      "Training on WebGL. The committed run trained on 8,000 digits; here 1,000. Measured in advance on these 1,000 digits, this preset's test accuracy sits at chance until epoch 24 of the preset's 30.",
    );
  });

  it("tiles: W₀ before training, W − W₀ after, and a frozen first layer says it stays white", () => {
    expect(weightScale(new Float32Array([3, -4, 0, 0]))).toBe(2.5 * 2.5);
    expect(tilesText(S, 0, 0.25, 0)).toBe(
      "The 30 first-layer weight vectors, one 28×28 tile per hidden neuron. These are the initial weights W₀ (blue negative, red positive, white 0; colours saturate at ±0.25). Once training starts, the tiles show how far each weight moved instead (W − W₀).",
    );
    expect(tilesText(S, 5, 0.0031, 0.052)).toBe(
      "The 30 first-layer weight vectors, one 28×28 tile per hidden neuron. They show how far each weight moved in 5 epochs, W − W₀ (red up, blue down, white unmoved; colours saturate at ±0.0031, 2.5 times the root mean square change). In all the layer moved 5.2% of its initial size (‖W − W₀‖/‖W₀‖).",
    );
    expect(tilesText(S, 1, 0.0031, 0.01)).toMatch(/moved in 1 epoch, W − W₀/);
    expect(tilesText(S, 2, 0.02, 0.0001, true)).toContain(
      "colours saturate at ±0.020, an eighth of the initial weights' root mean square: the layer barely moves, so its tiles stay nearly white). In all the layer moved 0.010% of its initial size",
    );
    expect(tilesText({ ...S, frozen: [1] }, 5, 0, 0)).toBe(
      "The 30 first-layer weight vectors, one 28×28 tile per hidden neuron. After 5 epochs the first layer has not moved (it is frozen): W − W₀ is 0 everywhere, so every tile is white.",
    );
  });
});
