/**
 * public/runs/<id>/log.json of an MLP run: one zod schema. scripts/runs/train-experiment.ts writes a
 * `RunLog` and checks it against the schema before it is saved; every build-time reader (charts, tables,
 * <RunValue>) reads it through `parseRunLog` (src/figures/read-committed.ts), so a bad field fails the
 * same way everywhere: the field, the file, what it is and what was expected. DOM-free.
 */
import { z } from "zod";

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

/** "epochs[2].testAccuracy" for the path ["epochs", 2, "testAccuracy"]. */
export const fieldName = (path: readonly PropertyKey[]) =>
  path.map((k, i) => (typeof k === "number" ? `[${k}]` : `${i ? "." : ""}${String(k)}`)).join("") || "(top level)";

const at = (json: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), json);

const KINDS: Record<string, string> = { number: "a number", string: "a string", array: "a list", object: "an object", int: "a whole number" };

/** One zod issue as a sentence about the field in `file`. */
export function issueText(issue: z.core.$ZodIssue, json: unknown, file: string): string {
  const name = fieldName(issue.path);
  const value = at(json, issue.path);
  const head = `the field "${name}" of ${file}`;
  if (issue.code === "unrecognized_keys") return `${head} has the unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  if (value === undefined) return `${head} is missing`;
  if (issue.code === "invalid_type") return `${head} is not ${KINDS[issue.expected] ?? issue.expected} (${JSON.stringify(value)})`;
  if (issue.code === "too_small" && Array.isArray(value)) return `${head} is an empty list`;
  if (issue.code === "too_small") return `${head} is ${JSON.stringify(value)}, below its least value ${String(issue.minimum)}`;
  return `${head} is not valid (${JSON.stringify(value)}): ${issue.message}`;
}

/**
 * Checks a parsed log.json against the schema and its entries against each other (one entry per weight
 * layer in every list; one path point per snapshot). Throws with the first bad field named.
 */
export function parseRunLog(runId: string, json: unknown): RunLog {
  const file = runLogFile(runId);
  const r = runLogSchema.safeParse(json);
  if (!r.success) throw new Error(issueText(r.error.issues[0], json, file));
  const log = r.data;
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
  return log;
}
