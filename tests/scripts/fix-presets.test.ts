/**
 * Each fix-* preset of the live trainer reproduces its shipped log's first epoch, so a reader who trains
 * one on the page sees the numbers the lesson quotes from its committed run.
 *  - The preset as the page reads it (presetOf + parseSettings({ preset }) + specOfSettings from
 *    src/islands/trainer/settings.ts) asks for the pipeline's RunSpec for its experiment
 *    (specOf from src/lib/training/training-run.ts), except that the trainer caps the batch size at its 1,000
 *    training digits; the fix-* presets use mini-batches of 10, so the two specs are equal.
 *  - That spec, run through TrainingRun on the wasm backend on the experiment's own data (the shipped
 *    public/data/mnist-10k.bin.gz: first 8,000 training, 2,000 test digits, as scripts/runs/train-experiment.ts
 *    loads them) for one epoch, gives the committed log's initial snapshot and epoch 1: ‖∂C/∂b‖ and
 *    ‖∂C₀/∂W‖ per layer, training and test accuracy, cost and ‖ΔW‖/‖W‖, to 1e-4 relative. The log was
 *    trained by the same code on the same backend, so they should agree bit for bit (measured: the
 *    message of the last test).
 *  - On the trainer's own data file (public/derived/trainer-digits/digits.bin, whose first 1,000 training
 *    digits are the shipped file's) the initial ‖∂C/∂b‖ and ‖∂C₀/∂W‖ of each preset equal the log's
 *    initial ones: the logs measure them over the first 1,000 training digits too, so the page's first
 *    numbers are the log's. (Accuracies and cost are over other digits there, so they are not compared.)
 * One epoch of 8,000 digits in mini-batches of 10 takes 1–3 s per preset on two cores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type * as TF from "@tensorflow/tfjs-core";
import { selectBackend } from "../../scripts/runs/backend.ts";
import { loadShippedDigits } from "../../scripts/mnist-source.ts";
import { readDigits, split, toFloat32, type Digits } from "../../src/lib/mnist/digits.ts";
import { parseExperiment, type Experiment } from "../../src/lib/schemas/experiment.ts";
import { TrainingRun, specOf as experimentSpecOf, type DigitSet, type EpochLog, type Snapshot } from "../../src/lib/training/training-run.ts";
import { TRAIN_DIGITS, parseSettings, presetOf, specOfSettings } from "../../src/islands/trainer/settings.ts";
import { choosePresets } from "../../src/components/trainer-data.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const TOL = 1e-4;

const IDS = readdirSync(join(ROOT, "content/experiments")).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, "")).sort();
const EXPERIMENTS: Record<string, Experiment> = Object.fromEntries(
  IDS.map((id) => [id, parseExperiment(JSON.parse(readFileSync(join(ROOT, `content/experiments/${id}.json`), "utf8")), `${id}.json`) as Experiment]),
);
// The presets the page offers (an experiment the trainer cannot run, or that says "preset": false, is not one).
const PRESETS = choosePresets(IDS.map((id) => ({ id, experiment: EXPERIMENTS[id] })));
// The shipped fix-* runs, as pinned with the other shipped runs in tests/fixtures/pre-path-logs.json: a fork's own fix-*
// experiment (other data, other epochs) is not held to what these are.
const FIX_IDS = Object.keys(JSON.parse(readFileSync(join(ROOT, "tests/fixtures/pre-path-logs.json"), "utf8")).runs).filter((id) => id.startsWith("fix-")).sort();

interface Log {
  backend: string;
  dataset: { source: string; train: number; test: number; gradientImages: number };
  initial: Snapshot;
  epochs: EpochLog[];
}
const logOf = (id: string): Log => JSON.parse(readFileSync(join(ROOT, `public/runs/${id}/log.json`), "utf8"));

let tf: typeof TF;
let shipped: Digits;
let trainerTrain: DigitSet;
let trainerTest: DigitSet;

/** The first n training (or test) digits of `d`, as train-experiment.ts hands them to TrainingRun. */
function first(d: Digits, which: "train" | "test", n: number): DigitSet {
  const s = split(d, which);
  if (n > s.count) throw new Error(`only ${s.count} ${which} digits`);
  const px = d.rows * d.cols;
  return { pixels: toFloat32(s.pixels.subarray(0, n * px)), labels: s.labels.subarray(0, n), count: n };
}

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

/** Largest relative difference per quantity over all presets (reported at the end). */
const worst: Record<string, number> = {};
/** Quantities that were not bit-identical, "preset quantity". */
const inexact: string[] = [];

/** Compares the named fields of a measured snapshot with the log's, to TOL relative; records the worst. */
function compare(what: string, got: Partial<EpochLog>, want: Partial<EpochLog>, keys: (keyof EpochLog)[]) {
  for (const k of keys) {
    const g = got[k];
    const w = want[k];
    const gs = (Array.isArray(g) ? g : [g]) as number[];
    const ws = (Array.isArray(w) ? w : [w]) as number[];
    expect(gs.length, `${what} ${k}: length`).toBe(ws.length);
    expect(ws.every((x) => Number.isFinite(x)), `${what} ${k}: the log's values are numbers`).toBe(true);
    const d = Math.max(...gs.map((x, i) => rel(x, ws[i])));
    worst[k] = Math.max(worst[k] ?? 0, d);
    if (d !== 0) inexact.push(`${what} ${k} (${d.toExponential(2)})`);
    expect(d, `${what} ${k}: got ${JSON.stringify(g)}, log ${JSON.stringify(w)}`).toBeLessThanOrEqual(TOL);
  }
}

beforeAll(async () => {
  tf = (await selectBackend("wasm")).tf;
  shipped = await loadShippedDigits();
  const trainerDigits = await readDigits(new Uint8Array(readFileSync(join(ROOT, "public/derived/trainer-digits/digits.bin"))));
  trainerTrain = first(trainerDigits, "train", TRAIN_DIGITS);
  trainerTest = first(trainerDigits, "test", split(trainerDigits, "test").count);
});

afterAll(() => {
  if (Object.keys(worst).length) console.log(`fix-* presets against their logs, largest relative differences: ${JSON.stringify(worst)}; not bit-identical: ${inexact.length ? inexact.join(", ") : "none"}`);
});

describe("the eight fix-* presets of the live trainer", () => {
  it("are the eight fix-* experiments, each with a committed wasm log over 8,000 training and 2,000 test digits of the shipped file, logged every epoch", () => {
    expect(FIX_IDS).toEqual(["fix-adam", "fix-baseline", "fix-batchnorm", "fix-layerwise", "fix-relu-he", "fix-residual", "fix-tanh-xavier", "fix-unscaled-init"]);
    for (const id of FIX_IDS) {
      expect(PRESETS.some((p) => p.id === id), `${id} is a preset`).toBe(true);
      const log = logOf(id);
      expect(log.backend, id).toBe("wasm");
      expect(log.dataset, id).toEqual({ source: "public/data/mnist-10k.bin.gz", train: 8000, test: 2000, gradientImages: TRAIN_DIGITS });
      expect(EXPERIMENTS[id].data, id).toEqual({ train: 8000, test: 2000 });
      expect(EXPERIMENTS[id].log, id).toEqual({ gradientImages: TRAIN_DIGITS, every: 1 });
      expect(log.epochs[0].epoch, id).toBe(1);
    }
  });

  it("the trainer's data file starts with the shipped file's first 1,000 training digits (the ones the logs measure gradients over)", () => {
    const s = first(shipped, "train", TRAIN_DIGITS);
    expect(trainerTrain.count).toBe(TRAIN_DIGITS);
    expect(Buffer.compare(Buffer.from(trainerTrain.pixels.buffer, trainerTrain.pixels.byteOffset, trainerTrain.pixels.byteLength), Buffer.from(s.pixels.buffer, s.pixels.byteOffset, s.pixels.byteLength))).toBe(0);
    expect(Array.from(trainerTrain.labels)).toEqual(Array.from(s.labels));
  });

  for (const id of FIX_IDS) {
    it(`${id}: the preset asks for the pipeline's spec, and one epoch on the experiment's data gives the log's initial snapshot and epoch 1`, async () => {
      const exp = EXPERIMENTS[id];
      // The settings as the page reads them from ?preset=<id>.
      const settings = parseSettings({ preset: id }, PRESETS);
      expect(settings).toEqual(presetOf(id, exp).settings);
      expect(settings.preset).toBe(id);
      const spec = specOfSettings(settings);
      const pipeline = experimentSpecOf(exp);
      expect(spec).toEqual({ ...pipeline, batchSize: Math.min(pipeline.batchSize, TRAIN_DIGITS) });
      // Mini-batches of 10: below the cap, so the preset trains exactly what the pipeline trained.
      expect(pipeline.batchSize).toBe(10);
      expect(spec).toEqual(pipeline);

      const log = logOf(id);
      const all: (keyof EpochLog)[] = ["gradNorms", "weightGradNorms", "trainAccuracy", "testAccuracy", "cost"];
      const run = new TrainingRun(tf, spec, first(shipped, "train", exp.data.train), first(shipped, "test", exp.data.test));
      try {
        compare(`${id} initial`, await run.snapshot(), log.initial, all);
        expect(run.advance()).toBe(true);
        const e1 = await run.measure();
        expect(e1.epoch).toBe(1);
        compare(`${id} epoch 1`, e1, log.epochs[0], [...all, "weightChange"]);
      } finally {
        run.dispose();
      }

      // On the trainer's own data file: the same first 1,000 training digits, so the same initial gradient norms.
      const page = new TrainingRun(tf, spec, trainerTrain, trainerTest);
      try {
        compare(`${id} initial on the trainer's data`, await page.snapshot(), log.initial, ["gradNorms", "weightGradNorms"]);
      } finally {
        page.dispose();
      }
    });
  }
});
