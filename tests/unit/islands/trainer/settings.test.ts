/**
 * The live trainer's settings (src/islands/trainer/settings.ts): every committed experiment the
 * trainer can run becomes a preset (whatever content/experiments holds: the list is read from the
 * folder, so a teacher's fork that adds or removes experiments keeps this file green), the others
 * are left out with a note; URL records and attributes are read field by field, with bad values
 * falling back to the preset (or being clamped and snapped to the controls' grids) exactly as
 * documented, while a preset's own values off the grids are kept exactly; a change that alters the
 * numbers makes the settings "custom"; records round-trip; and the RunSpec a setting asks for is the
 * one the build-time pipeline runs for its experiment. The eight fix-* presets need the settings
 * beyond the plain trainer's: the optimizer (sgd | adam | layerwise), batch normalisation and residual
 * shortcuts (URL keys optimizer, batchNorm "1"/"0", residual "1"/"0") and a sixth hidden layer.
 *
 * The parseSettings tests run on presets made here from configs written in this file (the same
 * networks as the shipped nielsen-4-hidden, frozen-first-layer and fix-* experiments), not on the
 * committed ones, so that they test the reading of settings whatever the content folder holds.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseExperiment, type AnyExperiment, type Experiment } from "../../../../src/lib/schemas/experiment.ts";
import { specOf as experimentSpecOf } from "../../../../src/lib/training/training-run.ts";
import {
  BATCHES, CUSTOM, INIT_SCHEMES, INITS, MAX_DEPTH, MAX_WIDTH, OPTIMIZERS, RANGES, TRAIN_DIGITS, architectureOf, etaText, measureEvery, parseSettings, presetGridWarnings, presetNote,
  presetOf, presetRefusal, sameTraining, snapBatch, snapEta, specOfSettings, toRecord, type Preset, type TrainerSettings,
} from "../../../../src/islands/trainer/settings.ts";
import { choosePresets, notAPreset, PRESET_ORDER, trainerPresets } from "../../../../src/components/trainer-data.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { mulberry32 } from "../../../../src/lib/rng.ts";

// ---------------------------------------------------------------------------------------------
// The committed experiments, whatever they are.

const DIR = new URL("../../../../content/experiments/", import.meta.url).pathname;
const IDS = readdirSync(DIR).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, "")).sort();
const RAW: Record<string, Record<string, any>> = Object.fromEntries(IDS.map((id) => [id, JSON.parse(readFileSync(join(DIR, `${id}.json`), "utf8"))]));
const EXPERIMENTS: Record<string, AnyExperiment> = Object.fromEntries(IDS.map((id) => [id, parseExperiment(RAW[id], `content/experiments/${id}.json`)]));
const COMMITTED: Preset[] = choosePresets(IDS.map((id) => ({ id, experiment: EXPERIMENTS[id] })));

/** The trainer's name for a weights/biases scheme, written out here (not read from INIT_SCHEMES). */
const INIT_NAMES: Record<string, string> = { "scaled-gaussian/gaussian": "nielsen", "gaussian/gaussian": "gaussian", "xavier/zero": "xavier", "he/zero": "he" };

/** What the trainer cannot run, by the rules written out here: the oracle for presetRefusal. */
function refusedByHand(raw: Record<string, any>): boolean {
  if (raw.kind === "recurrent") return true;
  const depth = raw.architecture.length - 2;
  return !(`${raw.init.weights}/${raw.init.biases}` in INIT_NAMES) || raw.cost !== "cross-entropy" || depth < 1 || depth > 6 || raw.epochs < 1;
}

/** A preset's settings read straight from the raw JSON (defaults as the schema documents them): the oracle for presetOf. */
function settingsByHand(id: string, raw: Record<string, any>): TrainerSettings {
  return {
    preset: id,
    layers: raw.architecture.slice(1, -1),
    activation: raw.activation,
    init: INIT_NAMES[`${raw.init.weights}/${raw.init.biases}`] as TrainerSettings["init"],
    frozen: raw.frozenLayers ?? [],
    eta: raw.optimizer.eta,
    lambda: raw.optimizer.lambda,
    batch: Math.min(raw.optimizer.batchSize, 1000),
    seed: raw.seed,
    epochs: raw.epochs,
    optimizer: raw.optimizer.kind,
    batchNorm: raw.batchNorm ?? false,
    residual: raw.residual ?? false,
    backend: "auto",
  };
}

describe("presets from the committed experiments (read from content/experiments)", () => {
  it("every experiment the trainer can run, and whose config does not say \"preset\": false, is a preset with its architecture, training and data size", () => {
    expect(IDS.length).toBeGreaterThan(0);
    for (const id of IDS) {
      const raw = RAW[id];
      const offered = raw.preset !== false && !refusedByHand(raw);
      if (raw.kind === "recurrent") {
        expect(COMMITTED.some((p) => p.id === id), id).toBe(false);
        expect(presetRefusal(EXPERIMENTS[id]), id).toMatch(/^it is a recurrent experiment/);
        continue;
      }
      expect(COMMITTED.some((p) => p.id === id), id).toBe(offered);
      expect(presetRefusal(EXPERIMENTS[id]) === null, id).toBe(!refusedByHand(raw));
      if (refusedByHand(raw)) {
        expect(() => presetOf(id, EXPERIMENTS[id]), id).toThrow(`experiment ${id}: ${presetRefusal(EXPERIMENTS[id])}`);
        continue;
      }
      const p = presetOf(id, EXPERIMENTS[id]);
      expect(p.settings, id).toEqual(settingsByHand(id, raw));
      expect([p.title, p.shippedTrain, p.shippedTest], id).toEqual([raw.title, raw.data.train, raw.data.test]);
    }
  });

  it("are offered in PRESET_ORDER, then by id", () => {
    const offered = new Set(COMMITTED.map((p) => p.id));
    const want = [...PRESET_ORDER.filter((id) => offered.has(id)), ...[...offered].filter((id) => !PRESET_ORDER.includes(id)).sort()];
    expect(COMMITTED.map((p) => p.id)).toEqual(want);
    // What <TrainerDemo> reads is the same list, in the same order.
    expect(trainerPresets(DIR)).toEqual(COMMITTED);
  });

  it("each preset's spec is the pipeline's spec for its experiment (so the trainer retrains the committed numbers), but for what pretrain warns about", () => {
    for (const p of COMMITTED) {
      const pipeline = experimentSpecOf(EXPERIMENTS[p.id] as Experiment);
      // The trainer has 1,000 training digits: a larger batch is a full batch of them (presetGridWarnings says so),
      // and it measures ‖∂C/∂b‖ over all of them (a measurement, not training).
      expect(specOfSettings(p.settings), p.id).toEqual({ ...pipeline, batchSize: Math.min(pipeline.batchSize, TRAIN_DIGITS), gradientImages: TRAIN_DIGITS });
      const warnsBatch = presetGridWarnings(`content/experiments/${p.id}.json`, EXPERIMENTS[p.id]).some((w) => w.includes(" optimizer.batchSize ") && w.includes("instead"));
      expect(warnsBatch, p.id).toBe(pipeline.batchSize > TRAIN_DIGITS);
    }
  });

  it("each preset opens as itself, and its record round-trips, even with values off the controls' grids", () => {
    for (const p of COMMITTED) {
      expect(parseSettings({ preset: p.id }, COMMITTED), p.id).toEqual(p.settings);
      expect(parseSettings(toRecord(p.settings), COMMITTED), p.id).toEqual(p.settings);
      const other = { ...p.settings, epochs: 17, backend: "cpu" as const };
      expect(parseSettings(toRecord(other), COMMITTED), p.id).toEqual(other);
    }
  });

  it("pretrain's grid warnings name exactly the values that the controls would move", () => {
    for (const p of COMMITTED) {
      const s = p.settings;
      const e = EXPERIMENTS[p.id] as Experiment;
      const onGrid = {
        "optimizer.eta": snapEta(s.eta) === s.eta,
        "optimizer.lambda": Math.round(Math.min(s.lambda, RANGES.lambda.max) / RANGES.lambda.step) * RANGES.lambda.step === s.lambda,
        "optimizer.batchSize": (BATCHES as readonly number[]).includes(e.optimizer.batchSize),
        architecture: s.layers.every((w) => w <= MAX_WIDTH),
        seed: s.seed >= RANGES.seed.min && s.seed <= RANGES.seed.max,
        epochs: s.epochs <= RANGES.epochs.max,
      };
      const warned = presetGridWarnings(`content/experiments/${p.id}.json`, e).map((w) => w.split(" ")[1]);
      expect(warned, p.id).toEqual(Object.entries(onGrid).filter(([, ok]) => !ok).map(([k]) => k));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Presets made here, for the rules themselves.

/** A config as the schema reads it (for presetOf), with `patch` applied on top. */
function config(patch: Record<string, unknown> = {}, optimizer: Record<string, unknown> = {}): Experiment {
  const base = {
    title: "A test network",
    description: "Written in tests/unit/islands/trainer/settings.test.ts.",
    architecture: [784, 30, 30, 30, 30, 10],
    activation: "sigmoid",
    cost: "cross-entropy",
    init: { weights: "scaled-gaussian", biases: "gaussian" },
    optimizer: { kind: "sgd", eta: 0.1, lambda: 5, batchSize: 1000, ...optimizer },
    epochs: 500,
    data: { train: 1000, test: 2000 },
    seed: 1,
    log: { gradientImages: 1000, every: 5 },
  };
  return parseExperiment({ ...base, ...patch }, "test.json") as Experiment;
}
const SIX = [784, 30, 30, 30, 30, 30, 30, 10];
const fix = (patch: Record<string, unknown> = {}, optimizer: Record<string, unknown> = {}) =>
  config({ architecture: SIX, epochs: 15, data: { train: 8000, test: 2000 }, log: { gradientImages: 1000, every: 1 }, ...patch }, { lambda: 0, batchSize: 10, ...optimizer });
const FIXTURES: Record<string, Experiment> = {
  "nielsen-4-hidden": config(),
  "frozen-first-layer": config({ architecture: [784, 30, 30, 30, 10], frozenLayers: [1], epochs: 30, data: { train: 8000, test: 2000 }, log: { gradientImages: 1000, every: 1 } }, { eta: 1, lambda: 0, batchSize: 10 }),
  "fix-adam": fix({}, { kind: "adam", eta: 0.001 }),
  "fix-baseline": fix(),
  "fix-batchnorm": fix({ batchNorm: true }),
  "fix-layerwise": fix({}, { kind: "layerwise" }),
  "fix-relu-he": fix({ activation: "relu", init: { weights: "he", biases: "zero" } }),
  "fix-residual": fix({ residual: true }),
  "fix-tanh-xavier": fix({ activation: "tanh", init: { weights: "xavier", biases: "zero" } }),
  "fix-unscaled-init": fix({ init: { weights: "gaussian", biases: "gaussian" } }),
};
const PRESETS: Preset[] = Object.entries(FIXTURES).map(([id, e]) => presetOf(id, e));
const IDS_HERE = Object.keys(FIXTURES);
const byId = (id: string) => PRESETS.find((p) => p.id === id)!;
const N4 = byId("nielsen-4-hidden");
/** Parse with nielsen-4-hidden as the named preset ([30, 30, 30, 30], full batch, η 0.1, λ 5, SGD, no batch norm, no shortcuts). */
const parse4 = (raw: Record<string, unknown>) => parseSettings({ preset: "nielsen-4-hidden", ...raw }, PRESETS);
/** Parse with a fix-* preset named (six hidden layers of 30, batch 10). */
const parseFix = (id: string, raw: Record<string, unknown>) => parseSettings({ preset: id, ...raw }, PRESETS);
const FIX_IDS = IDS_HERE.filter((id) => id.startsWith("fix-"));

describe("presetOf", () => {
  it("converts a config into the trainer's settings: the fix-* networks each change one thing of the baseline", () => {
    const plain = { activation: "sigmoid", init: "nielsen", seed: 1, optimizer: "sgd", batchNorm: false, residual: false, backend: "auto" };
    expect(N4.settings).toEqual({ ...plain, preset: "nielsen-4-hidden", layers: [30, 30, 30, 30], eta: 0.1, lambda: 5, batch: 1000, frozen: [], epochs: 500 });
    expect(byId("frozen-first-layer").settings).toEqual({ ...plain, preset: "frozen-first-layer", layers: [30, 30, 30], eta: 1, lambda: 0, batch: 10, frozen: [1], epochs: 30 });
    const fixBase = { ...plain, layers: [30, 30, 30, 30, 30, 30], eta: 0.1, lambda: 0, batch: 10, frozen: [], epochs: 15 };
    const fixes: Record<string, Partial<TrainerSettings>> = {
      "fix-baseline": {},
      "fix-unscaled-init": { init: "gaussian" },
      "fix-tanh-xavier": { activation: "tanh", init: "xavier" },
      "fix-relu-he": { activation: "relu", init: "he" },
      "fix-batchnorm": { batchNorm: true },
      "fix-residual": { residual: true },
      "fix-adam": { optimizer: "adam", eta: 0.001 },
      "fix-layerwise": { optimizer: "layerwise" },
    };
    expect(Object.keys(fixes).sort()).toEqual(FIX_IDS);
    for (const id of FIX_IDS) {
      expect([byId(id).shippedTrain, byId(id).shippedTest], id).toEqual([8000, 2000]);
      expect(byId(id).settings, id).toEqual({ ...fixBase, ...fixes[id], preset: id });
    }
    for (const p of PRESETS) expect(p.title).toBe("A test network");
  });

  it("caps the batch size at the trainer's 1,000 training digits", () => {
    const big = config({ data: { train: 8000, test: 2000 } }, { batchSize: 8000 });
    expect(presetOf("big", big).settings.batch).toBe(TRAIN_DIGITS);
    expect(presetOf("big", big).shippedTrain).toBe(8000);
  });

  it("does not alias the experiment's arrays", () => {
    const e = FIXTURES["frozen-first-layer"];
    const p = presetOf("x", e);
    p.settings.frozen.push(2);
    p.settings.layers.push(7);
    expect(e.frozenLayers).toEqual([1]);
    expect(e.architecture).toEqual([784, 30, 30, 30, 10]);
  });

  it("refuses experiments the trainer cannot run, saying why", () => {
    const e = config({ architecture: [784, 30, 30, 10] });
    expect(() => presetOf("q", { ...e, cost: "quadratic" })).toThrow("experiment q: the trainer uses the cross-entropy cost, not quadratic");
    expect(() => presetOf("i", { ...e, init: { weights: "xavier", biases: "gaussian" } })).toThrow(
      'experiment i: its initialisation {"weights":"xavier","biases":"gaussian"} is not one the trainer offers (weights/biases: scaled-gaussian/gaussian, gaussian/gaussian, xavier/zero, he/zero)',
    );
    expect(() => presetOf("d0", { ...e, architecture: [784, 10] })).toThrow("experiment d0: the trainer offers 1–6 hidden layers, not 0");
    expect(() => presetOf("d7", { ...e, architecture: [784, 30, 30, 30, 30, 30, 30, 30, 10] })).toThrow("experiment d7: the trainer offers 1–6 hidden layers, not 7");
    expect(() => presetOf("e0", { ...e, epochs: 0 })).toThrow("experiment e0: the trainer trains at least 1 epoch, not 0");
    // Six hidden layers (the fix-* presets' depth) are offered.
    expect(presetOf("d6", { ...e, architecture: SIX }).settings.layers).toEqual([30, 30, 30, 30, 30, 30]);
    // Each of the four offered schemes converts.
    for (const c of INITS) expect(presetOf("ok", { ...e, init: INIT_SCHEMES[c] }).settings.init).toBe(c);
  });

  it("each preset's spec is the pipeline's spec for its experiment; the optimizer, batch normalisation and shortcuts carry over", () => {
    for (const p of PRESETS) expect(specOfSettings(p.settings), p.id).toEqual(experimentSpecOf(FIXTURES[p.id]));
    const spec = (id: string) => specOfSettings(byId(id).settings);
    expect(FIX_IDS.map((id) => [id, spec(id).optimizer, spec(id).batchNorm, spec(id).residual])).toEqual([
      ["fix-adam", "adam", false, false],
      ["fix-baseline", "sgd", false, false],
      ["fix-batchnorm", "sgd", true, false],
      ["fix-layerwise", "layerwise", false, false],
      ["fix-relu-he", "sgd", false, false],
      ["fix-residual", "sgd", false, true],
      ["fix-tanh-xavier", "sgd", false, false],
      ["fix-unscaled-init", "sgd", false, false],
    ]);
  });
});

describe("which experiments are presets, and the build's note for the others", () => {
  const quadratic = config({ architecture: [784, 30, 10], activation: "tanh", init: { weights: "xavier", biases: "zero" }, cost: "quadratic" });
  const relu = config({ architecture: [784, 30, 10], activation: "relu", init: { weights: "he", biases: "zero" } });

  it("an experiment the trainer cannot run is left out, with one note naming the file, the reason and the fix", () => {
    expect(presetNote("content/experiments/tanh-quadratic.json", quadratic)).toBe(
      'content/experiments/tanh-quadratic.json is not a live-trainer preset: the trainer uses the cross-entropy cost, not quadratic (add "preset": false to the config to leave it out without this note)',
    );
    expect(presetNote("content/experiments/relu.json", relu)).toBeNull();
    const chosen = choosePresets([{ id: "tanh-quadratic", experiment: quadratic }, { id: "relu", experiment: relu }, { id: "nielsen-4-hidden", experiment: FIXTURES["nielsen-4-hidden"] }]);
    expect(chosen.map((p) => p.id)).toEqual(["nielsen-4-hidden", "relu"]);
    expect(chosen[1].settings.activation).toBe("relu");
  });

  it('"preset": false leaves an experiment out without a note, whether or not the trainer could run it', () => {
    const off = (e: Experiment) => ({ ...e, preset: false });
    expect(presetNote("content/experiments/relu.json", off(relu))).toBeNull();
    expect(presetNote("content/experiments/tanh-quadratic.json", off(quadratic))).toBeNull();
    expect(choosePresets([{ id: "relu", experiment: off(relu) }, { id: "tanh-quadratic", experiment: off(quadratic) }, { id: "fix-adam", experiment: FIXTURES["fix-adam"] }]).map((p) => p.id)).toEqual(["fix-adam"]);
    expect(presetGridWarnings("content/experiments/relu.json", off(config({}, { eta: 0.05 })))).toEqual([]);
  });

  it("<TrainerDemo preset> naming an experiment that is not a preset is told why, not that it is missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "vg-presets-"));
    writeFileSync(join(dir, "tanh-quadratic.json"), JSON.stringify(quadratic));
    writeFileSync(join(dir, "relu-off.json"), JSON.stringify({ ...relu, preset: false }));
    const presets = choosePresets([{ id: "relu", experiment: relu }]);
    expect(notAPreset("tanh-quadratic", presets, dir)).toBe("the live trainer cannot start from tanh-quadratic: the trainer uses the cross-entropy cost, not quadratic. Its presets are relu");
    expect(notAPreset("relu-off", presets, dir)).toBe('the live trainer cannot start from relu-off: content/experiments/relu-off.json says "preset": false. Its presets are relu');
  });

  it("a recurrent experiment is never a preset: refused with its reason, no build note, and <TrainerDemo preset> is told why", () => {
    const raw = {
      kind: "recurrent", title: "An LSTM", description: "d", cell: "lstm", hidden: 16, task: { T: 20, K: 4, train: 256, test: 128 },
      init: { recurrent: "uniform", scale: 1 }, optimizer: { kind: "adam", eta: 0.01, batchSize: 64, clip: 1 }, epochs: 4, seed: 1, log: { gradientSequences: 64 },
    };
    const lstm = parseExperiment(raw, "content/experiments/lstm.json");
    const why = 'it is a recurrent experiment ("kind": "recurrent", cell "lstm", T 20) and the trainer trains feed-forward networks on digits; lesson 7\'s own island trains recurrent cells';
    expect(presetRefusal(lstm)).toBe(why);
    expect(() => presetOf("lstm", lstm)).toThrow(new Error(`experiment lstm: ${why}`));
    // One note per recurrent config would be noise: their kind says they are not presets.
    expect(presetNote("content/experiments/lstm.json", lstm)).toBeNull();
    expect(presetGridWarnings("content/experiments/lstm.json", lstm)).toEqual([]);
    expect(choosePresets([{ id: "lstm", experiment: lstm }, { id: "relu", experiment: relu }]).map((p) => p.id)).toEqual(["relu"]);
    const dir = mkdtempSync(join(tmpdir(), "vg-presets-"));
    writeFileSync(join(dir, "lstm.json"), JSON.stringify(raw));
    expect(notAPreset("lstm", choosePresets([{ id: "relu", experiment: relu }]), dir)).toBe(`the live trainer cannot start from lstm: ${why}. Its presets are relu`);
  });

  it("orders PRESET_ORDER's ids first, in that order, then the rest by id", () => {
    const ids = ["zeta", "nielsen-2-hidden", "alpha", "frozen-first-layer", "nielsen-1-hidden"];
    expect(choosePresets(ids.map((id) => ({ id, experiment: relu }))).map((p) => p.id)).toEqual(["nielsen-1-hidden", "nielsen-2-hidden", "frozen-first-layer", "alpha", "zeta"]);
  });
});

describe("an experiment off the controls' grids", () => {
  const F = "content/experiments/x.json";
  const off = config({ architecture: [784, 300, 30, 10], seed: 0, epochs: 5000 }, { eta: 0.012345, lambda: 0.3, batchSize: 32 });
  const OFF: Preset[] = [presetOf("x", off), ...PRESETS];

  it("pretrain warns about each value, naming the file, the setting, the value and what the preset trains and shows", () => {
    expect(presetGridWarnings(F, off)).toEqual([
      "content/experiments/x.json: optimizer.eta 0.012345 is between two steps of the live trainer's η slider (the nearest is 0.0126): the live trainer's preset keeps η = 0.012345 (its readout shows 0.0123); moving the slider puts η on a step (custom settings)",
      "content/experiments/x.json: optimizer.lambda 0.3 is between two steps of the live trainer's λ slider (steps of 0.5; the nearest is 0.5): the live trainer's preset keeps λ = 0.3; moving the slider puts λ on a step (custom settings)",
      "content/experiments/x.json: optimizer.batchSize 32 is not one of the live trainer's mini-batch sizes (10, 20, 50, 100, 200, 500, 1000): the live trainer's preset keeps mini-batches of 32; moving the slider picks an offered size (custom settings)",
      "content/experiments/x.json: architecture [784, 300, 30, 10] has a hidden layer wider than the live trainer's 100: the live trainer's preset keeps [784, 300, 30, 10]; changing the depth or width caps every layer at 100 (custom settings)",
      "content/experiments/x.json: seed 0 is outside the live trainer's seed field (1–9999): the live trainer's preset keeps seed 0; a seed typed there is kept within 1–9999 (custom settings)",
      "content/experiments/x.json: epochs 5000 is more than the live trainer's epochs field allows (1–2000): the live trainer's preset keeps 5000 epochs; a number typed there is kept within 1–2000",
    ]);
    expect(presetGridWarnings(F, config({}, { eta: 20, lambda: 12 }))).toEqual([
      "content/experiments/x.json: optimizer.eta 20 is outside the live trainer's η slider (0.001–10): the live trainer's preset keeps η = 20; moving the slider puts η on a step (custom settings)",
      "content/experiments/x.json: optimizer.lambda 12 is outside the live trainer's λ slider (0–10): the live trainer's preset keeps λ = 12; moving the slider puts λ on a step (custom settings)",
    ]);
    expect(presetGridWarnings(F, config({ data: { train: 8000, test: 2000 } }, { batchSize: 8000 }))).toEqual([
      "content/experiments/x.json: optimizer.batchSize 8000 is more than the live trainer's 1000 training digits: the live trainer's preset trains full batches of 1000 instead (its charts show the committed run, batches of 8000, until the reader trains)",
    ]);
    // η exactly 0.05 is between steps too (the nearest is 0.0501), and its readout shows it as it is.
    expect(presetGridWarnings(F, config({}, { eta: 0.05 }))).toEqual([
      "content/experiments/x.json: optimizer.eta 0.05 is between two steps of the live trainer's η slider (the nearest is 0.0501): the live trainer's preset keeps η = 0.05; moving the slider puts η on a step (custom settings)",
    ]);
    expect(etaText(0.05)).toBe("0.05");
    // On the grids, or not a preset at all: nothing to say.
    for (const e of Object.values(FIXTURES)) expect(presetGridWarnings(F, e)).toEqual([]);
    expect(presetGridWarnings(F, { ...off, cost: "quadratic" })).toEqual([]);
  });

  it("its preset keeps every exact value, so it trains what the committed run trained, and opens as itself", () => {
    const p = OFF[0];
    expect(p.settings).toMatchObject({ layers: [300, 30], eta: 0.012345, lambda: 0.3, batch: 32, seed: 0, epochs: 5000 });
    expect(specOfSettings(p.settings)).toEqual(experimentSpecOf(off));
    expect(parseSettings({ preset: "x" }, OFF)).toEqual(p.settings);
    // Its record (η and λ to 4 significant digits, as the URL holds them) reads back as the preset, exactly.
    expect(toRecord(p.settings)).toMatchObject({ eta: "0.01235", lambda: "0.3", batch: "32", seed: "0", epochs: "5000", layers: "300-30" });
    expect(parseSettings(toRecord(p.settings), OFF)).toEqual(p.settings);
    // A change of epochs or backend only (what the element re-reads on every change) keeps the rest exact.
    expect(parseSettings({ ...toRecord(p.settings), epochs: "12", backend: "cpu" }, OFF)).toEqual({ ...p.settings, epochs: 12, backend: "cpu" });
  });

  it("a value that is not the preset's own is clamped and snapped as ever, and makes the settings custom", () => {
    const parseX = (raw: Record<string, unknown>) => parseSettings({ preset: "x", ...raw }, OFF);
    expect(parseX({ eta: "0.0125" })).toMatchObject({ eta: 0.0126, preset: CUSTOM });
    expect(parseX({ lambda: "0.4" })).toMatchObject({ lambda: 0.5, preset: CUSTOM });
    expect(parseX({ batch: "25" })).toMatchObject({ batch: 20, preset: CUSTOM });
    expect(parseX({ seed: "-1" })).toMatchObject({ seed: 1, preset: CUSTOM });
    expect(parseX({ epochs: "4999" })).toMatchObject({ epochs: 2000, preset: "x" });
    expect(parseX({ layers: "300-30-30" })).toMatchObject({ layers: [100, 30, 30], preset: CUSTOM });
    // Custom settings made from the preset (a frozen layer) keep its other exact values; unfreezing gives the preset's training again.
    const frozen = parseX({ frozen: "1" });
    expect(frozen).toMatchObject({ preset: CUSTOM, frozen: [1], layers: [300, 30], eta: 0.012345, lambda: 0.3, batch: 32, seed: 0, epochs: 5000 });
    const back = parseSettings({ ...toRecord(frozen), frozen: "" }, OFF, frozen);
    expect(back.preset).toBe(CUSTOM);
    expect(sameTraining(back, OFF[0].settings)).toBe(true);
  });
});

describe("parseSettings", () => {
  it("no record gives the first preset; a preset name gives that preset's settings", () => {
    expect(parseSettings({}, PRESETS)).toEqual(PRESETS[0].settings);
    for (const p of PRESETS) expect(parseSettings({ preset: p.id }, PRESETS), p.id).toEqual(p.settings);
    // An unknown name starts from `base` (default: the first preset).
    expect(parseSettings({ preset: "nope" }, PRESETS)).toEqual(PRESETS[0].settings);
    expect(parseSettings({ preset: "nope" }, PRESETS, N4.settings)).toEqual(N4.settings);
    // The result is a fresh object whose lists are not the preset's.
    const s = parse4({});
    s.layers.push(1);
    s.frozen.push(1);
    expect(N4.settings.layers).toEqual([30, 30, 30, 30]);
    expect(N4.settings.frozen).toEqual([]);
  });

  it("each field overrides the preset's", () => {
    const base = N4.settings;
    const cases: [Record<string, unknown>, Partial<TrainerSettings>][] = [
      [{ layers: "50-20" }, { layers: [50, 20] }],
      [{ layers: "50,20" }, { layers: [50, 20] }],
      [{ layers: [10, 20, 30] }, { layers: [10, 20, 30] }],
      [{ activation: "tanh" }, { activation: "tanh" }],
      [{ activation: "relu" }, { activation: "relu" }],
      [{ init: "he" }, { init: "he" }],
      [{ init: "xavier" }, { init: "xavier" }],
      [{ init: "gaussian" }, { init: "gaussian" }],
      [{ frozen: "1-3" }, { frozen: [1, 3] }],
      [{ eta: "0.01" }, { eta: 0.01 }],
      [{ eta: 1 }, { eta: 1 }],
      [{ lambda: "2.5" }, { lambda: 2.5 }],
      [{ lambda: 0 }, { lambda: 0 }],
      [{ batch: "50" }, { batch: 50 }],
      [{ seed: "42" }, { seed: 42 }],
      [{ epochs: "100" }, { epochs: 100 }],
      [{ backend: "wasm" }, { backend: "wasm" }],
      [{ backend: "cpu" }, { backend: "cpu" }],
      [{ optimizer: "adam" }, { optimizer: "adam" }],
      [{ optimizer: "layerwise" }, { optimizer: "layerwise" }],
      [{ batchNorm: "1" }, { batchNorm: true }],
      [{ batchNorm: "true" }, { batchNorm: true }],
      [{ batchNorm: true }, { batchNorm: true }],
      [{ residual: "1" }, { residual: true }],
      [{ residual: "true" }, { residual: true }],
      [{ residual: true }, { residual: true }],
      [{ layers: "10-20-30-40-50-60" }, { layers: [10, 20, 30, 40, 50, 60] }],
    ];
    for (const [raw, change] of cases) {
      const s = parse4(raw);
      const trains = !("epochs" in change || "backend" in change);
      expect(s, JSON.stringify(raw)).toEqual({ ...base, ...change, preset: trains ? CUSTOM : "nielsen-4-hidden" });
    }
    // The way back: from presets that use them, the optimizer can be set to plain SGD and the flags turned off ("0", "false", false).
    const cases2: [string, Record<string, unknown>, Partial<TrainerSettings>][] = [
      ["fix-adam", { optimizer: "sgd" }, { optimizer: "sgd" }],
      ["fix-adam", { optimizer: "layerwise" }, { optimizer: "layerwise" }],
      ["fix-layerwise", { optimizer: "adam" }, { optimizer: "adam" }],
      ["fix-batchnorm", { batchNorm: "0" }, { batchNorm: false }],
      ["fix-batchnorm", { batchNorm: "false" }, { batchNorm: false }],
      ["fix-batchnorm", { batchNorm: false }, { batchNorm: false }],
      ["fix-residual", { residual: "0" }, { residual: false }],
      ["fix-residual", { residual: "false" }, { residual: false }],
      ["fix-residual", { residual: false }, { residual: false }],
      ["fix-batchnorm", { residual: "1" }, { residual: true }],
    ];
    for (const [id, raw, change] of cases2) expect(parseFix(id, raw), `${id} ${JSON.stringify(raw)}`).toEqual({ ...byId(id).settings, ...change, preset: CUSTOM });
  });

  describe("bad values fall back to the preset, or are clamped and snapped", () => {
    it("layers: an unreadable list keeps the preset's; more than six are cut to six; widths above 100 are clamped to 100", () => {
      for (const bad of ["", "   ", "abc", "30-abc", "30-0", "0", "30-2.5", "NaN", "30-Infinity", null, 30, {}])
        expect(parse4({ layers: bad }).layers, JSON.stringify(bad)).toEqual([30, 30, 30, 30]);
      expect(parse4({ layers: "10-20-30-40-50-60-70" }).layers).toEqual([10, 20, 30, 40, 50, 60]);
      expect(parse4({ layers: "10-20-30-40-50-60" }).layers).toEqual([10, 20, 30, 40, 50, 60]);
      expect(parse4({ layers: "200-30-101" }).layers).toEqual([MAX_WIDTH, 30, MAX_WIDTH]);
      expect(parse4({ layers: [1] }).layers).toEqual([1]);
      expect(parse4({ layers: " 20 , 20 " }).layers).toEqual([20, 20]);
      expect(MAX_DEPTH).toBe(6);
      // "-" is the separator, so a minus sign cannot make a width negative: "-30" reads as [30].
      expect(parse4({ layers: "-30" }).layers).toEqual([30]);
    });

    it("activation, init and backend: anything not offered keeps the preset's", () => {
      for (const bad of ["softmax", "Tanh", "", 3, null, "linear"]) expect(parse4({ activation: bad }).activation, String(bad)).toBe("sigmoid");
      for (const bad of ["lecun", "Xavier", "scaled-gaussian", "", 1]) expect(parse4({ init: bad }).init, String(bad)).toBe("nielsen");
      for (const bad of ["webgpu", "webgl", "WASM", "", 0]) expect(parse4({ backend: bad }).backend, String(bad)).toBe("auto");
      for (const bad of [{ activation: "softmax" }, { init: "lecun" }, { backend: "webgpu" }]) expect(parse4(bad).preset).toBe("nielsen-4-hidden");
    });

    it("optimizer: anything not offered keeps the preset's", () => {
      for (const bad of ["SGD", "Adam", "rmsprop", "momentum", "", " adam", 1, null, true]) {
        expect(parse4({ optimizer: bad }).optimizer, String(bad)).toBe("sgd");
        expect(parseFix("fix-adam", { optimizer: bad }).optimizer, String(bad)).toBe("adam");
        expect(parseFix("fix-layerwise", { optimizer: bad }).optimizer, String(bad)).toBe("layerwise");
        expect(parseFix("fix-adam", { optimizer: bad }).preset, String(bad)).toBe("fix-adam");
      }
    });

    it("batchNorm and residual: only \"1\"/\"true\"/true and \"0\"/\"false\"/false are read; anything else keeps the preset's", () => {
      for (const key of ["batchNorm", "residual"] as const) {
        const on = key === "batchNorm" ? "fix-batchnorm" : "fix-residual";
        for (const bad of ["yes", "no", "on", "off", "TRUE", "False", "2", "-1", "", " 1", "01", "null", null, {}, [], NaN]) {
          expect(parse4({ [key]: bad })[key], `${key} ${JSON.stringify(bad)}`).toBe(false);
          expect(parse4({ [key]: bad }).preset, `${key} ${JSON.stringify(bad)}`).toBe("nielsen-4-hidden");
          expect(parseFix(on, { [key]: bad })[key], `${key} ${JSON.stringify(bad)}`).toBe(true);
          expect(parseFix(on, { [key]: bad }).preset, `${key} ${JSON.stringify(bad)}`).toBe(on);
        }
        // "0" is off and "1" is on whatever the preset says.
        expect(parse4({ [key]: "0" })[key]).toBe(false);
        expect(parseFix(on, { [key]: "1" })[key]).toBe(true);
        expect(parseFix(on, { [key]: "0" })[key]).toBe(false);
        expect(parse4({ [key]: "1" })[key]).toBe(true);
      }
    });

    it("frozen: layers beyond depth + 1, below 1 or fractional are dropped; duplicates merged; sorted", () => {
      // Four hidden layers: weight layers 1..5.
      expect(parse4({ frozen: "5" }).frozen).toEqual([5]);
      expect(parse4({ frozen: "6" }).frozen).toEqual([]);
      expect(parse4({ frozen: "0-1.5-2-abc-7" }).frozen).toEqual([2]);
      expect(parse4({ frozen: "3-1-3" }).frozen).toEqual([1, 3]);
      expect(parse4({ frozen: "" }).frozen).toEqual([]);
      expect(parse4({ frozen: [2, 2, 9] }).frozen).toEqual([2]);
      // The bound follows the new depth: with one hidden layer there are two weight layers.
      expect(parse4({ layers: "30", frozen: "1-2-3" }).frozen).toEqual([1, 2]);
      // Absent, the preset's frozen layers are kept where the (new) network still has them.
      expect(parseSettings({ preset: "frozen-first-layer", layers: "30" }, PRESETS).frozen).toEqual([1]);
      const deep = parse4({ frozen: "4-5" });
      expect(deep.frozen).toEqual([4, 5]);
      expect(parseSettings({ layers: "30-30" }, PRESETS, deep).frozen).toEqual([]);
      expect(parseSettings({ layers: "30-30-30" }, PRESETS, deep).frozen).toEqual([4]);
    });

    it("eta: zero, negative or unreadable keeps the preset's; otherwise clamped to [0.001, 10] and snapped", () => {
      for (const bad of ["0", 0, "-1", -0.5, "abc", "", NaN, Infinity, "NaN", null]) expect(parse4({ eta: bad }).eta, String(bad)).toBe(0.1);
      expect(parse4({ eta: "100" }).eta).toBe(10);
      expect(parse4({ eta: "1e-9" }).eta).toBe(0.001);
      expect(parse4({ eta: "0.5" }).eta).toBe(0.501);
      expect(parse4({ eta: "0.3" }).eta).toBe(0.316);
    });

    it("lambda: clamped to [0, 10], rounded to steps of 0.5; unreadable keeps the preset's", () => {
      expect(parse4({ lambda: "-3" }).lambda).toBe(0);
      expect(parse4({ lambda: "11" }).lambda).toBe(10);
      expect(parse4({ lambda: "2.3" }).lambda).toBe(2.5);
      expect(parse4({ lambda: "2.2" }).lambda).toBe(2);
      for (const bad of ["abc", "", NaN, null]) expect(parse4({ lambda: bad }).lambda, String(bad)).toBe(5);
    });

    it("batch: clamped to [10, 1000] and snapped to the offered sizes; unreadable keeps the preset's", () => {
      expect(parse4({ batch: "0" }).batch).toBe(10);
      expect(parse4({ batch: "-5" }).batch).toBe(10);
      expect(parse4({ batch: "5000" }).batch).toBe(1000);
      expect(parse4({ batch: "30" }).batch).toBe(20);
      expect(parse4({ batch: "40" }).batch).toBe(50);
      for (const bad of ["abc", "", NaN, null]) expect(parse4({ batch: bad }).batch, String(bad)).toBe(1000);
    });

    it("seed and epochs: clamped and rounded; unreadable keeps the preset's", () => {
      expect(parse4({ seed: "0" }).seed).toBe(1);
      expect(parse4({ seed: "-7" }).seed).toBe(1);
      expect(parse4({ seed: "10000" }).seed).toBe(9999);
      expect(parse4({ seed: "3.6" }).seed).toBe(4);
      expect(parse4({ seed: "x" }).seed).toBe(1);
      expect(parse4({ epochs: "0" }).epochs).toBe(1);
      expect(parse4({ epochs: "-1" }).epochs).toBe(1);
      expect(parse4({ epochs: "5000" }).epochs).toBe(2000);
      expect(parse4({ epochs: "12.4" }).epochs).toBe(12);
      expect(parse4({ epochs: "x" }).epochs).toBe(500);
    });
  });

  it("a change that alters training makes the settings custom; epochs and backend do not; a value equal to the preset's does not", () => {
    const flips: Record<string, unknown>[] = [
      { layers: "30-30-30" }, { layers: "30-30-30-20" }, { activation: "relu" }, { init: "xavier" }, { frozen: "1" }, { eta: "0.2" }, { lambda: "4.5" }, { batch: "500" }, { seed: "2" },
      { optimizer: "adam" }, { optimizer: "layerwise" }, { batchNorm: "1" }, { residual: "1" },
    ];
    for (const raw of flips) {
      const s = parse4(raw);
      expect(s.preset, JSON.stringify(raw)).toBe(CUSTOM);
      expect(sameTraining(s, N4.settings)).toBe(false);
    }
    for (const raw of [
      { epochs: "50" }, { backend: "cpu" }, { epochs: 7, backend: "wasm" }, { layers: "30-30-30-30" }, { eta: "0.1" }, { lambda: "5" }, { batch: "1000" }, { seed: "1" }, { frozen: "" }, { frozen: "9" },
      { optimizer: "sgd" }, { batchNorm: "0" }, { residual: "0" }, { batchNorm: false, residual: "false", optimizer: "sgd" },
    ])
      expect(parse4(raw).preset, JSON.stringify(raw)).toBe("nielsen-4-hidden");
    // Every fix-* preset: a change of its optimizer, batch normalisation or shortcuts (alone) makes it custom, and so
    // does sameTraining; restating its own values does not.
    for (const id of FIX_IDS) {
      const p = byId(id).settings;
      const other = OPTIMIZERS.filter((o) => o !== p.optimizer);
      expect(other).toHaveLength(2);
      const changes: Record<string, unknown>[] = [...other.map((o) => ({ optimizer: o })), { batchNorm: p.batchNorm ? "0" : "1" }, { residual: p.residual ? "0" : "1" }];
      for (const raw of changes) {
        const s = parseFix(id, raw);
        expect(s.preset, `${id} ${JSON.stringify(raw)}`).toBe(CUSTOM);
        expect(sameTraining(s, p), `${id} ${JSON.stringify(raw)}`).toBe(false);
        expect(sameTraining({ ...p, ...s, preset: id }, p), `${id} ${JSON.stringify(raw)}`).toBe(false);
      }
      expect(parseFix(id, { optimizer: p.optimizer, batchNorm: p.batchNorm ? "1" : "0", residual: p.residual ? "1" : "0", epochs: "3" }).preset, id).toBe(id);
    }
    // sameTraining itself, field by field (not through parseSettings).
    const b = byId("fix-baseline").settings;
    expect(sameTraining({ ...b }, b)).toBe(true);
    for (const change of [{ optimizer: "adam" as const }, { optimizer: "layerwise" as const }, { batchNorm: true }, { residual: true }])
      expect(sameTraining({ ...b, ...change }, b), JSON.stringify(change)).toBe(false);
    // Starting from custom settings stays custom.
    const custom = parse4({ seed: "2" });
    expect(parseSettings({ epochs: "9" }, PRESETS, custom).preset).toBe(CUSTOM);
  });
});

describe("toRecord ↔ parseSettings", () => {
  it("round-trips every preset, with any epochs and backend", () => {
    for (const p of PRESETS) {
      expect(parseSettings(toRecord(p.settings), PRESETS), p.id).toEqual(p.settings);
      const other = { ...p.settings, epochs: 17, backend: "cpu" as const };
      expect(parseSettings(toRecord(other), PRESETS), p.id).toEqual(other);
    }
    // The record's form of the new fields: the optimizer's name, and "1"/"0" for the flags.
    const r = toRecord(byId("fix-batchnorm").settings);
    expect([r.optimizer, r.batchNorm, r.residual]).toEqual(["sgd", "1", "0"]);
    const r2 = toRecord(byId("fix-residual").settings);
    expect([r2.optimizer, r2.batchNorm, r2.residual]).toEqual(["sgd", "0", "1"]);
    expect(toRecord(byId("fix-adam").settings).optimizer).toBe("adam");
    expect(toRecord(byId("fix-layerwise").settings).optimizer).toBe("layerwise");
    expect(toRecord(byId("fix-layerwise").settings).layers).toBe("30-30-30-30-30-30");
    // Every combination of the three, on a custom setting, round-trips.
    for (const optimizer of OPTIMIZERS)
      for (const batchNorm of [false, true])
        for (const residual of [false, true]) {
          const s = parse4({ optimizer, batchNorm: batchNorm ? "1" : "0", residual: residual ? "1" : "0", seed: "3" });
          expect([s.optimizer, s.batchNorm, s.residual, s.preset]).toEqual([optimizer, batchNorm, residual, CUSTOM]);
          expect(parseSettings(toRecord(s), PRESETS)).toEqual(s);
        }
  });

  it("round-trips custom settings (a hand-made one and 300 random ones)", () => {
    const hand = parse4({
      layers: "100-50-10", activation: "tanh", init: "he", frozen: "2-4", eta: "0.0316", lambda: "0.5", batch: "20", seed: "1234", epochs: "3", optimizer: "adam", batchNorm: "1", residual: "1", backend: "wasm",
    });
    expect(hand).toEqual({
      preset: CUSTOM, layers: [100, 50, 10], activation: "tanh", init: "he", frozen: [2, 4], eta: 0.0316, lambda: 0.5, batch: 20, seed: 1234, epochs: 3, optimizer: "adam", batchNorm: true, residual: true, backend: "wasm",
    });
    expect(parseSettings(toRecord(hand), PRESETS)).toEqual(hand);
    const r = mulberry32(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const depth = 1 + Math.floor(r() * 7);
      const raw = {
        preset: pick(IDS_HERE),
        layers: Array.from({ length: depth }, () => 1 + Math.floor(r() * 120)).join("-"),
        activation: pick(["sigmoid", "tanh", "relu"]),
        init: pick(INITS),
        frozen: Array.from({ length: Math.floor(r() * 3) }, () => 1 + Math.floor(r() * 8)).join("-"),
        eta: String(10 ** (-3.5 + 5 * r())),
        lambda: String(12 * r() - 1),
        batch: String(2000 * r()),
        seed: String(Math.floor(r() * 12000)),
        epochs: String(Math.floor(r() * 2500)),
        optimizer: pick(["sgd", "adam", "layerwise", "rmsprop"]),
        batchNorm: pick(["1", "0", "true", "x"]),
        residual: pick(["1", "0", "false", ""]),
        backend: pick(["auto", "wasm", "cpu"]),
      };
      const s = parseSettings(raw, PRESETS);
      const again = parseSettings(toRecord(s), PRESETS);
      expect(again, JSON.stringify(raw)).toEqual(s);
      seen.add(`${s.optimizer} ${s.batchNorm} ${s.residual}`);
    }
    // The random records reach every combination of the three new fields.
    expect(seen.size).toBe(12);
  });
});

describe("specOf, measureEvery, architectureOf", () => {
  it("gives the architecture, the init scheme per choice, 1,000 gradient images, the cross-entropy cost, the optimizer and the two flags", () => {
    const s = parse4({ layers: "50-20", activation: "relu", frozen: "2", eta: "1", lambda: "1.5", batch: "100", seed: "9" });
    const want = { weights: "scaled-gaussian", biases: "gaussian" };
    const schemes = { nielsen: want, gaussian: { weights: "gaussian", biases: "gaussian" }, xavier: { weights: "xavier", biases: "zero" }, he: { weights: "he", biases: "zero" } };
    for (const init of INITS) {
      const spec = specOfSettings({ ...s, init });
      expect(spec).toEqual({
        architecture: [784, 50, 20, 10], activation: "relu", cost: "cross-entropy", init: schemes[init], eta: 1, lambda: 1.5, batchSize: 100, frozenLayers: [2], seed: 9, gradientImages: 1000,
        optimizer: "sgd", batchNorm: false, residual: false,
      });
      // The spec's lists and init are copies: a run cannot change the settings (or the shared scheme table).
      spec.frozenLayers.push(3);
      spec.init.weights = "gaussian";
      expect(s.frozen).toEqual([2]);
      expect(INIT_SCHEMES[init]).toEqual(schemes[init]);
    }
    expect(architectureOf(s)).toEqual([784, 50, 20, 10]);
    // The optimizer and both flags pass through, each on its own and together.
    for (const optimizer of OPTIMIZERS)
      for (const batchNorm of [false, true])
        for (const residual of [false, true]) {
          const spec = specOfSettings({ ...s, optimizer, batchNorm, residual });
          expect([spec.optimizer, spec.batchNorm, spec.residual]).toEqual([optimizer, batchNorm, residual]);
          expect(spec).toEqual({ ...specOfSettings(s), optimizer, batchNorm, residual });
        }
  });

  it("measures every 5th epoch for full-batch training, else every epoch", () => {
    expect(measureEvery(N4.settings)).toBe(5);
    for (const b of BATCHES) expect(measureEvery({ ...N4.settings, batch: b }), String(b)).toBe(b === 1000 ? 5 : 1);
  });
});

describe("snapBatch and snapEta", () => {
  it("snapBatch: each offered size to itself, others to the nearest on a log scale, out-of-range to the ends", () => {
    for (const b of BATCHES) expect(snapBatch(b)).toBe(b);
    expect(snapBatch(1)).toBe(10);
    expect(snapBatch(0)).toBe(10);
    expect(snapBatch(-3)).toBe(10);
    expect(snapBatch(NaN)).toBe(10);
    expect(snapBatch(1e6)).toBe(1000);
    expect(snapBatch(14)).toBe(10);
    expect(snapBatch(15)).toBe(20);
    expect(snapBatch(Math.sqrt(500 * 1000) - 1e-9)).toBe(500);
    expect(snapBatch(Math.sqrt(500 * 1000) + 1e-9)).toBe(1000);
  });

  it("snapEta: 0.1 and 1 exact; the ends 0.001 and 10; clamped beyond; grid values are fixed points to 3 digits", () => {
    expect(snapEta(0.1)).toBe(0.1);
    expect(snapEta(1)).toBe(1);
    expect(snapEta(0.01)).toBe(0.01);
    expect(snapEta(0.001)).toBe(0.001);
    expect(snapEta(10)).toBe(10);
    expect(snapEta(1e-7)).toBe(0.001);
    expect(snapEta(1e7)).toBe(10);
    expect(snapEta(2)).toBe(2);
    expect(snapEta(0.104)).toBe(0.1);
    expect(snapEta(0.107)).toBe(0.112);
    const grid = new Set<number>();
    for (let k = -60; k <= 20; k++) {
      const v = snapEta(10 ** (k * 0.05));
      grid.add(v);
      expect(snapEta(v), String(v)).toBe(v);
      expect(Math.abs(Math.log10(v) - k * 0.05)).toBeLessThan(0.0025);
      expect(Number(v.toPrecision(3))).toBe(v);
    }
    expect(grid.size).toBe(81);
  });
});

describe("the trainer's list of activations", () => {
  it("is the schema's (kept apart so the page's first script does not load zod)", async () => {
    const schema = await import("../../../../src/lib/schemas/experiment.ts");
    const settings = await import("../../../../src/islands/trainer/settings.ts");
    expect([...settings.ACTIVATIONS]).toEqual([...schema.ACTIVATIONS]);
  });
});

describe("the trainer's list of optimizers", () => {
  it("is the schema's, with a text for each", async () => {
    const schema = await import("../../../../src/lib/schemas/experiment.ts");
    const settings = await import("../../../../src/islands/trainer/settings.ts");
    expect([...settings.OPTIMIZERS]).toEqual([...schema.OPTIMIZERS]);
    expect(Object.keys(settings.OPTIMIZER_TEXT).sort()).toEqual([...schema.OPTIMIZERS].sort());
  });
});
