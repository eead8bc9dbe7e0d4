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
 * settings; `specOfSettings` turns settings into the RunSpec that src/lib/training/training-run.ts runs.
 * An experiment the trainer cannot run (`presetRefusal`) is not a preset; one whose values lie off
 * the controls' grids is a preset that keeps its exact values (`presetGridWarnings` says which, and
 * `npm run pretrain` prints it), so the preset trains what its committed run trained.
 */
import { clamp, readNumber } from "../../lib/site/settings-input.ts";
import { shortNumber, type StateRecord } from "../../lib/site/hash-state.ts";
import type { Activation, Experiment } from "../../lib/schemas/experiment.ts";
import type { InitScheme } from "../../lib/nets/network.ts";
import { specOf, type RunSpec } from "../../lib/training/training-run.ts";
import type { OptimizerKind } from "../../lib/training/tf-trainer.ts";

export * from "./labels.ts";
export * from "./presets.ts";

/** Training and test digits in the trainer's data file (public/derived/trainer-digits/digits.bin). */
export const TRAIN_DIGITS = 1000;
export const TEST_DIGITS = 1000;

/**
 * The hidden activations the trainer offers: schemas/experiment.ts's ACTIVATIONS, repeated here so that
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

/** The optimizers the trainer offers: schemas/experiment.ts's OPTIMIZERS (a unit test keeps them equal). */
export const OPTIMIZERS = ["sgd", "adam", "layerwise"] as const satisfies readonly OptimizerKind[];
export type OptimizerChoice = (typeof OPTIMIZERS)[number];

export const BACKENDS = ["auto", "wasm", "cpu"] as const;
export type BackendChoice = (typeof BACKENDS)[number];

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

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);


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

/** What training-run.ts runs for these settings: specOf of the experiment they describe (‖∂C/∂b‖ over all 1,000 training digits, as Nielsen). */
export const specOfSettings = (s: TrainerSettings): RunSpec =>
  specOf({
    architecture: architectureOf(s),
    activation: s.activation,
    cost: "cross-entropy",
    init: INIT_SCHEMES[s.init],
    frozenLayers: s.frozen,
    seed: s.seed,
    batchNorm: s.batchNorm,
    residual: s.residual,
    optimizer: { eta: s.eta, lambda: s.lambda, batchSize: s.batch, kind: s.optimizer },
    log: { gradientImages: TRAIN_DIGITS },
  });

/** Text for the learning-rate control (its slider is on a log scale). */
export const etaText = (eta: number) => shortNumber(eta, 3);
/** The architecture as the reader reads it: [784, 30, 30, 10]. */
export const architectureText = (s: TrainerSettings) => `[${architectureOf(s).join(", ")}]`;

/** Settings that train exactly like a preset carry its name (the menu shows it). */
export function named(s: TrainerSettings, presets: readonly Preset[]): TrainerSettings {
  if (s.preset === CUSTOM) s.preset = presets.find((p) => sameTraining(s, p.settings))?.id ?? CUSTOM;
  return s;
}

/** The settings after a control's patch: a preset's own settings (keeping the backend), or `before` changed, named as a preset if they train like one. */
export function patched(before: TrainerSettings, patch: Partial<TrainerSettings>, presets: readonly Preset[]): TrainerSettings {
  const next = patch.preset
    ? parseSettings({ preset: patch.preset, backend: before.backend }, presets, before)
    : parseSettings({ ...toRecord({ ...before, ...patch }), preset: before.preset }, presets, before);
  return named(next, presets);
}
