/**
 * public/runs/<id>/log.json of an MLP run: one zod schema. scripts/runs/train-experiment.ts writes a
 * `RunLog` and checks it against the schema before it is saved; every build-time reader (charts, tables,
 * <RunValue>) reads it through `parseRunLog` (src/figures/read-committed.ts), so a bad field fails the
 * same way everywhere: the field, the file, what it is and what was expected. DOM-free.
 */
import { z } from "zod";
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
