/**
 * public/runs/<id>/log.json: one zod schema for an MLP run's log and one for a recurrent run's
 * ("kind": "recurrent", lesson 7). The training scripts (scripts/runs/train-experiment.ts,
 * train-recurrent.ts) write a `RunLog` or `RecurrentRunLog` and check it against its schema before
 * it is saved; every build-time reader (charts, tables, <RunValue>, the through-time demo and loader)
 * reads it through `parseRunLog` or `parseRecurrentRunLog` (src/figures/read-committed.ts), so a bad
 * field fails the same way everywhere: the field, the file, what it is and what was expected.
 * DOM-free. The islands that fetch a log in the browser check only what they draw, by hand
 * (src/islands/trainer/committed.ts, src/islands/through-time/committed.ts): this module brings zod
 * with it, and zod would weigh more than either island's first script.
 */
import { z } from "zod";
import { CELLS } from "./experiment.ts";
import { parseWith } from "./field-path.ts";

const list = z.array(z.number()).min(1);

export const snapshotSchema = z.strictObject({
  trainAccuracy: z.number(),
  testAccuracy: z.number(),
  /** Training cost, with the L2 term. */
  cost: z.number(),
  /** ‖∂C/∂b^l‖ for every weight layer l = 1..L (the last entry is the output layer). */
  gradNorms: list,
  /** ‖∂C₀/∂W^l‖ for every weight layer (C₀: the cost without the L2 term), over the same digits. */
  weightGradNorms: list,
});

export const epochLogSchema = z.strictObject({
  epoch: z.number().int().min(1),
  ...snapshotSchema.shape,
  /** ‖W_after − W_before‖ / ‖W_before‖ since the previous logged epoch (or the start), per weight layer. */
  weightChange: z.array(z.number().min(0)).min(1),
});

export const planePathSchema = z.strictObject({
  /** 0 (the initial network), then every logged epoch in the log's order. */
  epochs: z.array(z.number().int().min(0)).min(1),
  alpha: list,
  beta: list,
  offPlane: list,
  norms: z.strictObject({
    /** ‖Δ₁‖: how far the first layer's weights and biases moved, start to end. */
    delta1: z.number(),
    /** ‖Δ₊‖: the same for all other layers together. */
    deltaRest: z.number(),
    /** ‖(W¹₀, b¹₀)‖. */
    initial1: z.number(),
    /** ‖θ₀‖ of all other layers together. */
    initialRest: z.number(),
  }),
  /** ‖W¹_f − W¹₀‖ / ‖W¹₀‖. */
  firstLayerMove: z.number(),
});

export const runLogSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  architecture: z.array(z.number().int().min(1)).min(2),
  backend: z.string(),
  dataset: z.strictObject({ source: z.string(), train: z.number().int().min(1), test: z.number().int().min(1), gradientImages: z.number().int().min(1) }),
  initial: snapshotSchema,
  epochs: z.array(epochLogSchema).min(1),
  final: snapshotSchema,
  /** The optimiser's path on the plane θ₀ + αΔ₁ + βΔ₊ of this run's own training (src/lib/nets/plane-path.ts). */
  path: planePathSchema,
});

export type Snapshot = z.infer<typeof snapshotSchema>;
export type EpochLog = z.infer<typeof epochLogSchema>;
export type PlanePath = z.infer<typeof planePathSchema>;
export type RunLog = z.infer<typeof runLogSchema>;

/** Where a run's log lives, as messages name it. */
export const runLogFile = (runId: string) => `public/runs/${runId}/log.json`;

/** The message for a run that was never trained. */
export const missingRunMessage = (runId: string) =>
  `there is no run "${runId}" (${runLogFile(runId)}). Train it with: npm run pretrain -- --only ${runId}`;

/**
 * Checks a parsed log.json against the schema and its entries against each other (one entry per weight
 * layer in every list; one path point per snapshot, the first at epoch 0). A log without a path was trained
 * before paths were logged and says so. Throws with the first bad field named.
 */
export function parseRunLog(runId: string, json: unknown): RunLog {
  const file = runLogFile(runId);
  if (json !== null && typeof json === "object" && !Array.isArray(json) && (json as { path?: unknown }).path === undefined) {
    throw new Error(`${file} has no "path" (the optimiser's path projected onto the loss plane): the run was trained before paths were logged. Retrain it with: npm run pretrain -- --only ${runId}`);
  }
  const log = parseWith(runLogSchema, json, file);
  const L = log.architecture.length - 1;
  const perLayer = (name: string, v: readonly number[]) => {
    if (v.length !== L) {
      throw new Error(`the field "${name}" of ${file} has ${v.length} entries, but the architecture ${JSON.stringify(log.architecture)} has ${L} weight layers`);
    }
  };
  const snapshot = (name: string, s: Snapshot) => {
    perLayer(`${name}.gradNorms`, s.gradNorms);
    perLayer(`${name}.weightGradNorms`, s.weightGradNorms);
  };
  snapshot("initial", log.initial);
  log.epochs.forEach((e, i) => {
    snapshot(`epochs[${i}]`, e);
    perLayer(`epochs[${i}].weightChange`, e.weightChange);
    const before = i === 0 ? 0 : log.epochs[i - 1].epoch;
    if (e.epoch <= before) throw new Error(`the field "epochs[${i}].epoch" of ${file} is ${e.epoch}, not after ${before}`);
  });
  snapshot("final", log.final);
  const points = log.epochs.length + 1;
  for (const k of ["epochs", "alpha", "beta", "offPlane"] as const) {
    if (log.path[k].length !== points) {
      throw new Error(`the field "path.${k}" of ${file} has ${log.path[k].length} entries, but the log has ${points} snapshots (epoch 0 and ${log.epochs.length} logged epochs)`);
    }
  }
  if (log.path.epochs[0] !== 0) throw new Error(`the field "path.epochs[0]" of ${file} is ${log.path.epochs[0]}, expected 0 (the initial network)`);
  return log;
}

const share = z.number().min(0).max(1, "an accuracy is at most 1");

/** One measurement of a recurrent run (src/lib/recurrent/training/recurrent-run.ts `measure`). */
export const recurrentEpochLogSchema = z.strictObject({
  /** 0 for the measurement before training. */
  epoch: z.number().int().min(0),
  trainAccuracy: share,
  testAccuracy: share,
  /** Batch-averaged cross-entropy over the whole training set. */
  cost: z.number().min(0),
  /** Global gradient norm before clipping, mean and max over the mini-batches since the previous entry; null at epoch 0. */
  gradNormBeforeClip: z.strictObject({ mean: z.number().min(0), max: z.number().min(0) }).nullable(),
  /** ‖∂C/∂h_t‖ for t = 0..T (C averaged over the gradient sequences). */
  hiddenGradNorms: z.array(z.number().min(0)).min(2),
  /** LSTM only: ‖∂C/∂c_t‖ for t = 0..T. */
  cellGradNorms: z.array(z.number().min(0)).min(2).optional(),
});

export const recurrentRunLogSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  kind: z.literal("recurrent"),
  cell: z.enum(CELLS, { error: `a recurrent cell is one of ${CELLS.map((c) => `"${c}"`).join(", ")}` }),
  hidden: z.number().int().min(1),
  backend: z.string(),
  task: z.strictObject({
    /** Where the data comes from: generated from the seed, nothing downloaded. */
    source: z.string(),
    T: z.number().int().min(1),
    K: z.number().int().min(2),
    train: z.number().int().min(1),
    test: z.number().int().min(1),
    gradientSequences: z.number().int().min(1),
    /** 1/K. */
    chance: share,
  }),
  /** The measurement at epoch 0. */
  initial: recurrentEpochLogSchema,
  /** One entry per logged epoch (every log.every-th and the last). */
  epochs: z.array(recurrentEpochLogSchema),
  /** A copy of the last entry (of `initial` with 0 epochs). */
  final: recurrentEpochLogSchema,
});

export type RecurrentEpochLog = z.infer<typeof recurrentEpochLogSchema>;
export type RecurrentRunLog = z.infer<typeof recurrentRunLogSchema>;

/**
 * Checks a parsed recurrent log.json against the schema and its entries against each other: T + 1 norms in
 * every entry, ‖∂C/∂c_t‖ for an LSTM and only for it, epoch 0 first and without a clipping norm, the logged
 * epochs in order with one, chance 1/K, and `final` equal to the last entry. Throws with the first bad field named.
 */
export function parseRecurrentRunLog(runId: string, json: unknown): RecurrentRunLog {
  const file = runLogFile(runId);
  const log = parseWith(recurrentRunLogSchema, json, file);
  const { T, K } = log.task;
  const fail = (field: string, why: string) => {
    throw new Error(`the field "${field}" of ${file} ${why}`);
  };
  if (log.task.chance !== 1 / K) fail("task.chance", `is ${log.task.chance}, expected 1/K = ${1 / K}`);
  const entry = (name: string, e: RecurrentEpochLog) => {
    if (e.hiddenGradNorms.length !== T + 1) fail(`${name}.hiddenGradNorms`, `has ${e.hiddenGradNorms.length} entries, expected T + 1 = ${T + 1} (t = 0..T)`);
    if (log.cell === "lstm" && !e.cellGradNorms) fail(`${name}.cellGradNorms`, `is missing: an LSTM's log holds ‖∂C/∂c_t‖`);
    if (log.cell !== "lstm" && e.cellGradNorms) fail(`${name}.cellGradNorms`, `is there, but a${log.cell === "rnn" ? "n" : ""} ${log.cell.toUpperCase()} has no cell state`);
    if (e.cellGradNorms && e.cellGradNorms.length !== T + 1) fail(`${name}.cellGradNorms`, `has ${e.cellGradNorms.length} entries, expected T + 1 = ${T + 1} (t = 0..T)`);
  };
  entry("initial", log.initial);
  if (log.initial.epoch !== 0) fail("initial.epoch", `is ${log.initial.epoch}, expected 0 (before training)`);
  if (log.initial.gradNormBeforeClip !== null) fail("initial.gradNormBeforeClip", "is not null: no step comes before the first measurement");
  log.epochs.forEach((e, i) => {
    entry(`epochs[${i}]`, e);
    const before = i === 0 ? 0 : log.epochs[i - 1].epoch;
    if (e.epoch <= before) fail(`epochs[${i}].epoch`, `is ${e.epoch}, not after ${before}`);
    if (e.gradNormBeforeClip === null) fail(`epochs[${i}].gradNormBeforeClip`, "is null, but steps came before it");
  });
  const last = log.epochs.at(-1) ?? log.initial;
  if (JSON.stringify(log.final) !== JSON.stringify(last)) fail("final", `is not a copy of the last entry (${log.epochs.length ? `epochs[${log.epochs.length - 1}]` : "initial"})`);
  return log;
}
