/**
 * Data loader `live-presets`: every live-trainer preset, trained as the live trainer (<vg-trainer>)
 * trains it, so that the page can say in advance how a run the reader starts will go — above all
 * how long it sits at chance (the frozen-first-layer preset shows nothing for its first epochs, and
 * a reader who is not told so stops it early). The committed runs in public/runs/ trained on 8,000
 * digits and cannot say that; the trainer trains on its own 1,000 (public/derived/trainer-digits/digits.bin).
 *
 * A preset is what the trainer offers (src/components/trainer-data.ts choosePresets): an experiment
 * in content/experiments whose config does not say "preset": false and that presetRefusal accepts.
 * Each is run as the page runs it: presetOf → specOfSettings (src/islands/trainer/settings.ts), one
 * TrainingRun over the trainer's digits, measured at epoch 0 and then every measureEvery epochs and
 * at the last, for the preset's epochs; on tfjs' wasm backend (cpu when wasm cannot start; the
 * output says which). The page trains on WebGL when it can, which rounds differently: the
 * accuracies here are what wasm gives, and a browser run may differ from them by a digit or two.
 *
 * The experiment configs are not among the inputs: each entry records the settings it measured, and
 * the build (src/components/live-presets.ts currentClimbs) uses an entry only while its preset still
 * has exactly those settings and epochs; a new or edited experiment waits for the next run of this loader.
 *
 * Output public/derived/live-presets/presets.json (LivePresets, src/lib/schemas/derived/live-presets.ts:
 * checked here before it is written, and by src/components/live-presets.ts, which reads it for the
 * build): the digit counts, the one-answer share of the test digits, the chance margin, the
 * backend, and per preset its epochs, the measured accuracies (4 decimals; over 1,000 digits they
 * are whole thousandths) and the opening at-chance stretch (chancePlateau,
 * src/lib/analysis/chance.ts). `seconds` is the wall time of the preset in Node: informative only, it
 * changes from run to run.
 */
import { readFile, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type * as TF from "@tensorflow/tfjs-core";
import type { DerivedLoader } from "../store.ts";
import { isRecurrent, parseExperiment, type AnyExperiment } from "../../../src/lib/schemas/experiment.ts";
import { readDigits, split, toFloat32 } from "../../../src/lib/mnist/digits.ts";
import { TrainingRun, type DigitSet } from "../../../src/lib/training/training-run.ts";
import { CHANCE_MARGIN, chancePlateau, oneAnswerShare } from "../../../src/lib/analysis/chance.ts";
import { measureEvery, presetOf, presetRefusal, specOfSettings, TEST_DIGITS, TRAIN_DIGITS, type Preset } from "../../../src/islands/trainer/settings.ts";
import { parseLivePresets, type LivePoint, type LivePreset, type LivePresets } from "../../../src/lib/schemas/derived/live-presets.ts";

export const EXPERIMENTS_DIR = "content/experiments";
export const DIGITS_FILE = "public/derived/trainer-digits/digits.bin";

const round4 = (v: number) => Number(v.toFixed(4));

/** The live trainer's presets, by the rule of choosePresets (sorted by id): each config validated, naming its file. */
export async function livePresetList(root: string): Promise<Preset[]> {
  const out: Preset[] = [];
  for (const f of (await readdir(join(root, EXPERIMENTS_DIR))).filter((f) => f.endsWith(".json")).sort()) {
    const id = basename(f, ".json");
    const file = `${EXPERIMENTS_DIR}/${f}`;
    let json: unknown;
    try {
      json = JSON.parse(await readFile(join(root, file), "utf8"));
    } catch (e) {
      throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
    }
    const e: AnyExperiment = parseExperiment(json, file);
    if (!isRecurrent(e) && e.preset && !presetRefusal(e)) out.push(presetOf(id, e));
  }
  return out;
}

/** The trainer's digits as TrainingRun reads them. */
export async function trainerDigits(root: string): Promise<{ train: DigitSet; test: DigitSet }> {
  const digits = await readDigits(new Uint8Array(await readFile(join(root, DIGITS_FILE))));
  const tr = split(digits, "train");
  const te = split(digits, "test");
  if (tr.count !== TRAIN_DIGITS || te.count !== TEST_DIGITS) {
    throw new Error(`${DIGITS_FILE} has ${tr.count} training and ${te.count} test digits; the trainer (src/islands/trainer/settings.ts) expects ${TRAIN_DIGITS} and ${TEST_DIGITS}: run npm run derive -- --only trainer-digits`);
  }
  return {
    train: { pixels: toFloat32(tr.pixels), labels: tr.labels, count: tr.count },
    test: { pixels: toFloat32(te.pixels), labels: te.labels, count: te.count },
  };
}

/** One preset as the page trains it (element.ts: the epoch-0 snapshot, then a measurement every measureEvery epochs and at the last). */
export async function trainLivePreset(tf: typeof TF, preset: Preset, data: { train: DigitSet; test: DigitSet }): Promise<LivePoint[]> {
  const s = preset.settings;
  const every = measureEvery(s);
  const run = new TrainingRun(tf, specOfSettings(s), data.train, data.test);
  try {
    const first = await run.snapshot();
    const points: LivePoint[] = [{ epoch: 0, trainAccuracy: first.trainAccuracy, testAccuracy: first.testAccuracy }];
    while (run.epoch < s.epochs) {
      run.advance();
      if (run.epoch % every === 0 || run.epoch >= s.epochs) {
        const m = await run.measure();
        points.push({ epoch: m.epoch, trainAccuracy: m.trainAccuracy, testAccuracy: m.testAccuracy });
      }
    }
    return points;
  } finally {
    run.dispose();
  }
}

/** The wasm backend, or cpu when wasm cannot start (the output says which). */
async function trainingBackend(log: (m: string) => void) {
  const { selectBackend } = await import("../../runs/backend.ts");
  let backend;
  try {
    backend = await selectBackend("wasm");
  } catch (e) {
    log(`the wasm backend did not start (${(e as Error).message.split("\n")[0]}): training on cpu`);
    backend = await selectBackend("cpu");
  }
  log(`backend ${backend.reason}`);
  return backend;
}

/** One preset's entry (one part of the loader), and the backend that trained it. */
export async function computeLivePreset(root: string, id: string, log: (m: string) => void): Promise<{ backend: "wasm" | "cpu"; result: LivePreset }> {
  const preset = (await livePresetList(root)).find((p) => p.id === id);
  if (!preset) throw new Error(`no live-trainer preset "${id}" in ${EXPERIMENTS_DIR}`);
  const data = await trainerDigits(root);
  const oneAnswer = oneAnswerShare(data.test.labels);
  const backend = await trainingBackend(log);
  const t0 = performance.now();
  const points = (await trainLivePreset(backend.tf, preset, data)).map((p) => ({ epoch: p.epoch, trainAccuracy: round4(p.trainAccuracy), testAccuracy: round4(p.testAccuracy) }));
  const plateau = chancePlateau(points, oneAnswer);
  const seconds = Number(((performance.now() - t0) / 1000).toFixed(1));
  const { preset: _id, backend: _b, epochs: _e, ...settings } = preset.settings;
  const last = points.at(-1)!;
  const where = !plateau ? "above chance from epoch 0" : plateau.leftAt === null ? `at chance through epoch ${plateau.to} (never leaves it)` : `at chance through epoch ${plateau.to}, above it from epoch ${plateau.leftAt}`;
  log(`${preset.id}: ${preset.settings.epochs} epochs, ${where}; test ${(last.testAccuracy * 100).toFixed(1)}% at epoch ${last.epoch} (${seconds} s)`);
  return { backend: backend.name as "wasm" | "cpu", result: { settings, epochs: preset.settings.epochs, points, plateau, seconds } };
}

/** The table from every preset's entry (by id, in list order). */
export async function combineLivePresets(root: string, results: ReadonlyMap<string, unknown>): Promise<LivePresets> {
  const data = await trainerDigits(root);
  const entries = [...results].map(([id, r]) => [id, r as { backend: "wasm" | "cpu"; result: LivePreset }] as const);
  const backends = [...new Set(entries.map(([, r]) => r.backend))];
  if (backends.length > 1) throw new Error(`live-presets: the presets were trained on different backends (${backends.join(", ")}); derive them again on one`);
  return {
    digits: { train: data.train.count, test: data.test.count },
    oneAnswer: round4(oneAnswerShare(data.test.labels)),
    margin: CHANCE_MARGIN,
    backend: backends[0] ?? "wasm",
    presets: Object.fromEntries(entries.map(([id, r]) => [id, r.result])),
  };
}

/** The table as written: indented, one line per point (small, and a diff shows which epochs changed). */
export const presetsJson = (table: LivePresets) =>
  JSON.stringify(table, null, 1).replace(/\{\s*("epoch": [^,]+),\s*("trainAccuracy": [^,]+),\s*("testAccuracy": [^\s}]+)\s*\}/g, "{$1, $2, $3}") + "\n";

const loader: DerivedLoader = {
  description: "every live-trainer preset trained as the trainer trains it (its 1,000 digits, wasm): accuracies per measured epoch and the opening stretch at chance",
  // Not content/experiments: a teacher's new or edited experiment must not make the build refuse
  // (it has no entry yet, or an entry for other settings, and the build then says nothing of its
  // climb until this loader runs again). Each entry records the settings it measured.
  inputs: [
    DIGITS_FILE,
    "node_modules/@tensorflow/tfjs-core/package.json",
    "node_modules/@tensorflow/tfjs-backend-wasm/package.json",
    "node_modules/@tensorflow/tfjs-backend-cpu/package.json",
    "scripts/runs/backend.ts",
    "scripts/runs/train-experiment.ts",
    "src/islands/trainer/labels.ts",
    "src/islands/trainer/presets.ts",
    "src/islands/trainer/settings.ts",
    "src/lib/analysis/chance.ts",
    "src/lib/mnist/digits.ts",
    "src/lib/schemas/experiment.ts",
    "src/lib/schemas/derived/live-presets.ts",
    "src/lib/schemas/field-path.ts",
    "src/lib/site/closest.ts",
    "src/lib/site/hash-state.ts",
    "src/lib/nets/layers-model.ts",
    "src/lib/nets/network.ts",
    "src/lib/nets/plane-path.ts",
    "src/lib/rng.ts",
    "src/lib/site/settings-input.ts",
    "src/lib/training/tf-kernels.ts",
    "src/lib/training/tf-trainer.ts",
    "src/lib/training/tf-trainer-general.ts",
    "src/lib/training/tf-trainer-sgd.ts",
    "src/lib/training/training-run.ts",
    "src/lib/adam.ts",
  ],
  // One part per preset: they train independently, and `derive --jobs 2` spreads them over both cores.
  parts: {
    list: async ({ root }) => (await livePresetList(root)).map((p) => p.id),
    compute: ({ root, log }, id) => computeLivePreset(root, id, log),
    combine: async ({ root }, results) => {
      const table = await combineLivePresets(root, results);
      parseLivePresets(table); // what every reader checks, checked before it is written
      return { "presets.json": presetsJson(table) };
    },
  },
};

export default loader;
