/**
 * Settings of the live trainer, shared by build and browser (DOM-free):
 *   preset      the committed experiment the settings came from, or "custom" once any is changed
 *   layers      widths of the hidden layers (1–6 of them)
 *   activation  of the hidden layers (the outputs are always sigmoid)
 *   init        how weights (and biases) are drawn: Nielsen's N(0, 1/n_in), N(0, 1), Xavier/Glorot, He
 *   frozen      weight layers (1 = input → first hidden) that never change
 *   eta, lambda learning rate and L2 weight decay, as in Nielsen's network2
 *   batch       mini-batch size, up to the full 1,000 training digits
 *   seed        of the initial weights and the shuffle
 *   epochs      training stops (pauses) after this many
 *   optimizer   "sgd", "adam" or "layerwise" (each layer's step scaled to the output layer's)
 *   batchNorm   batch normalisation of every hidden layer
 *   residual    identity shortcuts around hidden layers 2… whose width equals their input's
 *   backend     "auto" (WebGL, else wasm, else cpu) or one of them by name
 * A preset turns an experiment config (content/experiments/<id>.json) into these
 * settings; `specOf` turns settings into the RunSpec that src/lib/training-run.ts runs.
 * An experiment the trainer cannot run (`presetRefusal`) is not a preset; one whose values lie off
 * the controls' grids is a preset that keeps its exact values (`presetGridWarnings` says which, and
 * `npm run pretrain` prints it), so the preset trains what its committed run trained.
 */
import { clamp, readNumber } from "../../lib/settings-input.ts";
import { shortNumber, type StateRecord } from "../../lib/hash-state.ts";
import type { Activation, Experiment } from "../../lib/experiment-schema.ts";
import type { InitScheme } from "../../lib/network.ts";
import type { RunSpec } from "../../lib/training-run.ts";
import type { OptimizerKind } from "../../lib/tf-trainer.ts";

/** Training and test digits in the trainer's data file (public/derived/trainer-digits/digits.bin). */
export const TRAIN_DIGITS = 1000;
export const TEST_DIGITS = 1000;

/**
 * The hidden activations the trainer offers: experiment-schema.ts's ACTIVATIONS, repeated here so that
 * the page's first script does not pull in the schema (and zod) before the reader interacts; a unit
 * test keeps the two lists equal.
 */
export const ACTIVATIONS = ["sigmoid", "tanh", "relu"] as const satisfies readonly Activation[];

export const INITS = ["nielsen", "gaussian", "xavier", "he"] as const;
export type InitChoice = (typeof INITS)[number];
export const INIT_SCHEMES: Record<InitChoice, InitScheme> = {
  nielsen: { weights: "scaled-gaussian", biases: "gaussian" },
  gaussian: { weights: "gaussian", biases: "gaussian" },
  xavier: { weights: "xavier", biases: "zero" },
  he: { weights: "he", biases: "zero" },
};
export const INIT_TEXT: Record<InitChoice, string> = {
  nielsen: "Nielsen's: w ~ N(0, 1/n_in), b ~ N(0, 1)",
  gaussian: "Unscaled: w ~ N(0, 1), b ~ N(0, 1)",
  xavier: "Xavier/Glorot: w ~ N(0, 2/(n_in + n_out)), b = 0",
  he: "He: w ~ N(0, 2/n_in), b = 0",
};
/** Menu labels (a menu cannot wrap: ≤ 24 characters); the full text shows beside the menu. */
export const INIT_SHORT: Record<InitChoice, string> = {
  nielsen: "Nielsen's N(0, 1/n_in)",
  gaussian: "Unscaled N(0, 1)",
  xavier: "Xavier/Glorot",
  he: "He",
};
export const ACTIVATION_TEXT: Record<Activation, string> = { sigmoid: "sigmoid", tanh: "tanh", relu: "ReLU" };

/** The optimizers the trainer offers: experiment-schema.ts's OPTIMIZERS (a unit test keeps them equal). */
export const OPTIMIZERS = ["sgd", "adam", "layerwise"] as const satisfies readonly OptimizerKind[];
export type OptimizerChoice = (typeof OPTIMIZERS)[number];
export const OPTIMIZER_TEXT: Record<OptimizerChoice, string> = {
  sgd: "SGD",
  adam: "Adam",
  layerwise: "SGD, each layer's step scaled to the output layer's",
};

export const OPTIMIZER_SHORT: Record<OptimizerChoice, string> = { sgd: "SGD", adam: "Adam", layerwise: "SGD, per-layer steps" };

export const BACKENDS = ["auto", "wasm", "cpu"] as const;
export type BackendChoice = (typeof BACKENDS)[number];
export const BACKEND_TEXT: Record<BackendChoice, string> = {
  auto: "automatic: WebGL, else WebAssembly, else JavaScript",
  wasm: "WebAssembly (wasm)",
  cpu: "plain JavaScript (cpu)",
};

export const BACKEND_SHORT: Record<BackendChoice, string> = { auto: "Automatic", wasm: "WebAssembly (wasm)", cpu: "Plain JavaScript (cpu)" };

/**
 * The Preset menu's labels (≤ 24 characters) by experiment id; the preset's full title shows beside
 * the menu. A preset without one here is labelled by its id made readable (presetShort).
 */
export const PRESET_SHORT: Record<string, string> = {
  "nielsen-1-hidden": "Nielsen, 1 hidden layer",
  "nielsen-2-hidden": "Nielsen, 2 hidden layers",
  "nielsen-3-hidden": "Nielsen, 3 hidden layers",
  "nielsen-4-hidden": "Nielsen, 4 hidden layers",
  "full-3-hidden": "3 hidden, all trained",
  "frozen-first-layer": "3 hidden, first frozen",
  "asker-network": "The asker's 50-30-20-10",
  "fix-baseline": "Deep sigmoid baseline",
  "fix-unscaled-init": "Sigmoid, N(0, 1) weights",
  "fix-relu-he": "Fix: ReLU + He",
  "fix-tanh-xavier": "Fix: tanh + Xavier",
  "fix-batchnorm": "Fix: batch norm",
  "fix-residual": "Fix: residual",
  "fix-adam": "Fix: Adam",
  "fix-layerwise": "Fix: per-layer rates",
};
/** The Preset menu's label for "Your own settings" (custom). */
export const CUSTOM_SHORT = "Your own settings";
/** A preset's menu label: PRESET_SHORT's, else its id with spaces for dashes ("my-run" → "my run"). */
export const presetShort = (id: string): string => PRESET_SHORT[id] ?? id.replace(/[-_]+/g, " ");

export const WIDTHS = [10, 20, 30, 50, 100] as const;
export const BATCHES = [10, 20, 50, 100, 200, 500, 1000] as const;
export const MAX_DEPTH = 6;
export const MAX_WIDTH = 100;
export const RANGES = {
  logEta: { min: -3, max: 1, step: 0.05 },
  lambda: { min: 0, max: 10, step: 0.5 },
  seed: { min: 1, max: 9999, step: 1 },
  epochs: { min: 1, max: 2000, step: 1 },
} as const;

export interface TrainerSettings {
  preset: string;
  layers: number[];
  activation: Activation;
  init: InitChoice;
  frozen: number[];
  eta: number;
  lambda: number;
  batch: number;
  seed: number;
  epochs: number;
  optimizer: OptimizerChoice;
  batchNorm: boolean;
  residual: boolean;
  backend: BackendChoice;
}

export interface Preset {
  id: string;
  title: string;
  settings: TrainerSettings;
  /** Training digits the committed run used (the trainer always has 1,000). */
  shippedTrain: number;
  /** Test digits the committed run used (the trainer has 1,000). */
  shippedTest: number;
}

export const CUSTOM = "custom";

/** The settings that decide the numbers (everything but preset, epochs and backend). */
const TRAINING_KEYS = ["layers", "activation", "init", "frozen", "eta", "lambda", "batch", "seed", "optimizer", "batchNorm", "residual"] as const;

const initOf = (i: InitScheme): InitChoice | null =>
  INITS.find((c) => INIT_SCHEMES[c].weights === i.weights && INIT_SCHEMES[c].biases === i.biases) ?? null;

/** Why the live trainer cannot run experiment `e` as a preset, or null when it can. */
export function presetRefusal(e: Experiment): string | null {
  if (!initOf(e.init)) {
    const offered = INITS.map((c) => `${INIT_SCHEMES[c].weights}/${INIT_SCHEMES[c].biases}`).join(", ");
    return `its initialisation ${JSON.stringify(e.init)} is not one the trainer offers (weights/biases: ${offered})`;
  }
  if (e.cost !== "cross-entropy") return `the trainer uses the cross-entropy cost, not ${e.cost}`;
  const depth = e.architecture.length - 2;
  if (depth < 1 || depth > MAX_DEPTH) return `the trainer offers 1–${MAX_DEPTH} hidden layers, not ${depth}`;
  if (e.epochs < RANGES.epochs.min) return `the trainer trains at least ${RANGES.epochs.min} epoch, not ${e.epochs}`;
  return null;
}

/**
 * The build's note for an experiment that is not a preset although its config does not say
 * `"preset": false`, or null (a preset, or one left out on purpose).
 */
export function presetNote(file: string, e: Experiment): string | null {
  const why = e.preset ? presetRefusal(e) : null;
  return why && `${file} is not a live-trainer preset: ${why} (add "preset": false to the config to leave it out without this note)`;
}

/** The trainer's settings for a committed experiment; throws the reason when it cannot be one. */
export function presetOf(id: string, e: Experiment): Preset {
  const why = presetRefusal(e);
  if (why) throw new Error(`experiment ${id}: ${why}`);
  const init = initOf(e.init)!;
  const layers = e.architecture.slice(1, -1);
  return {
    id,
    title: e.title,
    shippedTrain: e.data.train,
    shippedTest: e.data.test,
    settings: {
      preset: id,
      layers,
      activation: e.activation,
      init,
      frozen: [...e.frozenLayers],
      eta: e.optimizer.eta,
      lambda: e.optimizer.lambda,
      batch: Math.min(e.optimizer.batchSize, TRAIN_DIGITS),
      seed: e.seed,
      epochs: e.epochs,
      optimizer: e.optimizer.kind,
      batchNorm: e.batchNorm,
      residual: e.residual,
      backend: "auto",
    },
  };
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * What a preset does with each value of its experiment that the controls cannot show exactly:
 * one line per value, naming the file, the setting and the value, and what the live trainer's
 * preset trains and shows instead. Empty for an experiment that is not a preset, or whose values
 * all lie on the controls' grids. The preset keeps every exact value (so it trains what the
 * committed run trained), except a mini-batch larger than the trainer's 1,000 training digits.
 */
export function presetGridWarnings(file: string, e: Experiment): string[] {
  if (!e.preset || presetRefusal(e)) return [];
  const out: string[] = [];
  const warn = (setting: string, value: string | number, problem: string, preset: string) => out.push(`${file}: ${setting} ${value} ${problem}: the live trainer's preset ${preset}`);
  const custom = "(custom settings)";
  const { eta, lambda, batchSize } = e.optimizer;
  if (snapEta(eta) !== eta) {
    const { min, max } = RANGES.logEta;
    const where = eta < 10 ** min || eta > 10 ** max ? `is outside the live trainer's η slider (${10 ** min}–${10 ** max})` : `is between two steps of the live trainer's η slider (the nearest is ${snapEta(eta)})`;
    const shown = etaText(eta) === String(eta) ? "" : ` (its readout shows ${etaText(eta)})`;
    warn("optimizer.eta", eta, where, `keeps η = ${eta}${shown}; moving the slider puts η on a step ${custom}`);
  }
  const l = RANGES.lambda;
  if (lambda > l.max || Math.round(lambda / l.step) * l.step !== lambda) {
    const where = lambda > l.max ? `is outside the live trainer's λ slider (${l.min}–${l.max})` : `is between two steps of the live trainer's λ slider (steps of ${l.step}; the nearest is ${Math.round(lambda / l.step) * l.step})`;
    warn("optimizer.lambda", lambda, where, `keeps λ = ${lambda}; moving the slider puts λ on a step ${custom}`);
  }
  if (batchSize > TRAIN_DIGITS) {
    warn("optimizer.batchSize", batchSize, `is more than the live trainer's ${TRAIN_DIGITS} training digits`, `trains full batches of ${TRAIN_DIGITS} instead (its charts show the committed run, batches of ${batchSize}, until the reader trains)`);
  } else if (!(BATCHES as readonly number[]).includes(batchSize)) {
    warn("optimizer.batchSize", batchSize, `is not one of the live trainer's mini-batch sizes (${BATCHES.join(", ")})`, `keeps mini-batches of ${batchSize}; moving the slider picks an offered size ${custom}`);
  }
  const layers = e.architecture.slice(1, -1);
  if (layers.some((w) => w > MAX_WIDTH)) {
    warn("architecture", `[${e.architecture.join(", ")}]`, `has a hidden layer wider than the live trainer's ${MAX_WIDTH}`, `keeps [${e.architecture.join(", ")}]; changing the depth or width caps every layer at ${MAX_WIDTH} ${custom}`);
  }
  const { seed: sr, epochs: er } = RANGES;
  if (e.seed < sr.min || e.seed > sr.max) {
    warn("seed", e.seed, `is outside the live trainer's seed field (${sr.min}–${sr.max})`, `keeps seed ${e.seed}; a seed typed there is kept within ${sr.min}–${sr.max} ${custom}`);
  }
  if (e.epochs > er.max) {
    warn("epochs", e.epochs, `is more than the live trainer's epochs field allows (${er.min}–${er.max})`, `keeps ${e.epochs} epochs; a number typed there is kept within ${er.min}–${er.max}`);
  }
  return out;
}

/** Whether two settings train the same numbers. */
export function sameTraining(a: TrainerSettings, b: TrainerSettings): boolean {
  return TRAINING_KEYS.every((k) => {
    const x = a[k];
    const y = b[k];
    return Array.isArray(x) && Array.isArray(y) ? sameList(x, y) : x === y;
  });
}

/** Whole numbers from "30-30-30" (or "30,30"); invalid entries dropped. */
function readList(v: unknown): number[] | null {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v !== "string") return null;
  if (v.trim() === "") return [];
  return v.split(/[-,\s]+/).filter(Boolean).map(Number);
}

/** The batch size nearest to v among the offered ones. */
export function snapBatch(v: number): number {
  let best: number = BATCHES[0];
  for (const b of BATCHES) if (Math.abs(Math.log(b / v)) < Math.abs(Math.log(best / v))) best = b;
  return best;
}

/** η on the log slider's grid, to 3 significant digits (0.1 and 1 stay exact). */
export const snapEta = (eta: number) => {
  const s = RANGES.logEta.step;
  const e = clamp(Math.log10(eta), RANGES.logEta.min, RANGES.logEta.max);
  return Number((10 ** (Math.round(e / s) * s)).toPrecision(3));
};

export type RawSettings = Partial<Record<keyof TrainerSettings, unknown>>;

/**
 * Settings from a URL record or attributes: start from the named preset (or `base`),
 * then apply each field that is present and readable; numbers are clamped and
 * snapped to the controls' grids, and anything unreadable keeps the base value.
 * A number (or the layer list) that says the start's own value, as `toRecord` writes it, keeps that
 * exact value even off the grids: a preset off the grid stays itself (see presetGridWarnings).
 * The result says "custom" when it no longer trains what its preset trains.
 */
export function parseSettings(raw: RawSettings, presets: readonly Preset[], base: TrainerSettings = presets[0].settings): TrainerSettings {
  const named = presets.find((p) => p.id === raw.preset);
  const start = named ? named.settings : base;
  const layersRaw = readList(raw.layers);
  let layers =
    layersRaw && sameList(layersRaw, start.layers)
      ? [...start.layers]
      : layersRaw && layersRaw.length && layersRaw.every((w) => Number.isInteger(w) && w >= 1)
        ? layersRaw.slice(0, MAX_DEPTH).map((w) => Math.min(w, MAX_WIDTH))
        : [...start.layers];
  if (!layers.length) layers = [...start.layers];
  const act = String(raw.activation ?? "");
  const init = String(raw.init ?? "");
  const backend = String(raw.backend ?? "");
  const optimizer = String(raw.optimizer ?? "");
  const flag = (v: unknown, fallback: boolean) => (v === true || v === "1" || v === "true" ? true : v === false || v === "0" || v === "false" ? false : fallback);
  const frozenRaw = readList(raw.frozen);
  const weightLayers = layers.length + 1;
  const frozen = (frozenRaw ?? start.frozen).filter((l) => Number.isInteger(l) && l >= 1 && l <= weightLayers);
  // The start's exact value when `v` is missing, unreadable or says that value (as a record writes it: `written`); else fit(v).
  const number = (v: unknown, was: number, fit: (n: number) => number, written = (x: number) => x) => {
    const n = readNumber(v, was);
    return n === was || n === written(was) ? was : fit(n);
  };
  const short = (x: number) => Number(shortNumber(x));
  const s: TrainerSettings = {
    preset: start.preset,
    layers,
    activation: (ACTIVATIONS as readonly string[]).includes(act) ? (act as Activation) : start.activation,
    init: (INITS as readonly string[]).includes(init) ? (init as InitChoice) : start.init,
    frozen: [...new Set(frozen)].sort((a, b) => a - b),
    eta: number(raw.eta, start.eta, (n) => (n > 0 ? snapEta(n) : start.eta), short),
    lambda: number(raw.lambda, start.lambda, (n) => Math.round(clamp(n, RANGES.lambda.min, RANGES.lambda.max) / RANGES.lambda.step) * RANGES.lambda.step, short),
    batch: number(raw.batch, start.batch, (n) => snapBatch(clamp(n, BATCHES[0], TRAIN_DIGITS))),
    seed: number(raw.seed, start.seed, (n) => Math.round(clamp(n, RANGES.seed.min, RANGES.seed.max))),
    epochs: number(raw.epochs, start.epochs, (n) => Math.round(clamp(n, RANGES.epochs.min, RANGES.epochs.max))),
    optimizer: (OPTIMIZERS as readonly string[]).includes(optimizer) ? (optimizer as OptimizerChoice) : start.optimizer,
    batchNorm: flag(raw.batchNorm, start.batchNorm),
    residual: flag(raw.residual, start.residual),
    backend: (BACKENDS as readonly string[]).includes(backend) ? (backend as BackendChoice) : start.backend,
  };
  const preset = presets.find((p) => p.id === s.preset);
  if (s.preset !== CUSTOM && (!preset || !sameTraining(s, preset.settings))) s.preset = CUSTOM;
  return s;
}

export function toRecord(s: TrainerSettings): StateRecord {
  return {
    preset: s.preset,
    layers: s.layers.join("-"),
    activation: s.activation,
    init: s.init,
    frozen: s.frozen.join("-"),
    eta: shortNumber(s.eta),
    lambda: shortNumber(s.lambda),
    batch: String(s.batch),
    seed: String(s.seed),
    epochs: String(s.epochs),
    optimizer: s.optimizer,
    batchNorm: s.batchNorm ? "1" : "0",
    residual: s.residual ? "1" : "0",
    backend: s.backend,
  };
}

/** The full architecture, input to output. */
export const architectureOf = (s: TrainerSettings): number[] => [784, ...s.layers, 10];

/** How often the trainer measures: every 5th epoch for full-batch training (as the shipped logs), else every epoch. */
export const measureEvery = (s: TrainerSettings): number => (s.batch >= TRAIN_DIGITS ? 5 : 1);

/** What training-run.ts runs for these settings (‖∂C/∂b‖ over all 1,000 training digits, as Nielsen). */
export function specOf(s: TrainerSettings): RunSpec {
  return {
    architecture: architectureOf(s),
    activation: s.activation,
    cost: "cross-entropy",
    init: { ...INIT_SCHEMES[s.init] },
    eta: s.eta,
    lambda: s.lambda,
    batchSize: s.batch,
    frozenLayers: [...s.frozen],
    seed: s.seed,
    gradientImages: TRAIN_DIGITS,
    optimizer: s.optimizer,
    batchNorm: s.batchNorm,
    residual: s.residual,
  };
}

/** Text for the learning-rate control (its slider is on a log scale). */
export const etaText = (eta: number) => shortNumber(eta, 3);
/** The architecture as the reader reads it: [784, 30, 30, 10]. */
export const architectureText = (s: TrainerSettings) => `[${architectureOf(s).join(", ")}]`;
