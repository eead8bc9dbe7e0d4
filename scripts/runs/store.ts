/**
 * Run folders on disk: public/runs/<id>/ holds model-initial/, model-final/,
 * log.json and manifest.json. This module hashes configs and code, writes a run
 * atomically (temp folder → verify → rename) and verifies committed runs.
 */
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { MANIFEST, writeFolderAtomically, type WriteStage } from "../atomic-folder.ts";
import { basename, isAbsolute, join, relative } from "node:path";
import { canonicalJson, isRecurrent, parseExperiment, trainingRelevant, type AnyExperiment, type Suggest } from "../../src/lib/schemas/experiment.ts";
import { decodeLayersModel, encodeLayersModel, WEIGHTS_FILE, type ModelJson } from "../../src/lib/nets/layers-model.ts";
import type { NetworkParams } from "../../src/lib/nets/network.ts";
import type { BatchNormState, RunLog } from "./train-experiment.ts";
import type { RecurrentRunLog } from "../../src/lib/schemas/run-log.ts";
import { parseRecurrentManifest, parseRunManifest, type RecurrentManifest, type RunManifest } from "../../src/lib/schemas/manifest.ts";
import { encodeDigits, type Digits } from "../../src/lib/mnist/digits.ts";
import { loadShippedDigits } from "../mnist-source.ts";

// VG_ROOT: for a bundled copy of the scripts, which no longer sits at scripts/runs/.
export const ROOT = process.env.VG_ROOT || new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
export const EXPERIMENTS_DIR = join(ROOT, "content/experiments");
export const RUNS_DIR = join(ROOT, "public/runs");

/**
 * The files whose contents decide what training produces. Editing any of them
 * changes the code version and marks every run stale.
 */
export const TRAINING_CODE = [
  "src/lib/training/tf-trainer.ts",
  "src/lib/training/tf-trainer-sgd.ts",
  "src/lib/training/tf-trainer-general.ts",
  "src/lib/training/tf-kernels.ts",
  "src/lib/adam.ts",
  "src/lib/training/training-run.ts",
  "src/lib/nets/network.ts",
  "src/lib/rng.ts",
  "src/lib/mnist/digits.ts",
  "src/lib/nets/layers-model.ts",
  "src/lib/schemas/experiment.ts",
  "scripts/runs/train-experiment.ts",
  "src/lib/nets/plane-path.ts",
  // Recurrent experiments ("kind": "recurrent", lesson 7).
  "scripts/runs/train-recurrent.ts",
  "src/lib/recurrent/training/recurrent-run.ts",
  "src/lib/recurrent/training/tf-recurrent.ts",
  "src/lib/recurrent/training/tf-recurrent-graph.ts",
  "src/lib/recurrent/task.ts",
  "src/lib/recurrent/init.ts",
  "src/lib/recurrent/shared.ts",
  "src/lib/recurrent/training/params-file.ts",
] as const;

export { sha256 } from "../atomic-folder.ts";
import { sha256 } from "../atomic-folder.ts";

/**
 * Hash of the training code's contents (line endings normalised, so a Windows checkout agrees) and the
 * tfjs version. The paths are left out: moving a file to another folder changes no number, so it retrains nothing.
 */
export async function codeVersion(): Promise<string> {
  const h = createHash("sha256");
  for (const f of TRAINING_CODE) {
    h.update((await readFile(join(ROOT, f), "utf8")).replace(/\r\n/g, "\n") + "\0");
  }
  const tfjs = JSON.parse(await readFile(join(ROOT, "node_modules/@tensorflow/tfjs-core/package.json"), "utf8")).version;
  h.update(`tfjs-core@${tfjs}`);
  return h.digest("hex").slice(0, 16);
}

/** Identity of a data set: hash of its canonical encoding (compression settings do not matter). */
export const dataHash = (digits: Digits) => sha256(encodeDigits(digits)).slice(0, 16);

/** The hash of the shipped data, or undefined when the file is missing (runs then fail on their own). */
export async function shippedDataHash(): Promise<string | undefined> {
  try {
    return dataHash(await loadShippedDigits());
  } catch {
    return undefined;
  }
}

/** Hash of what training depends on (title, description and preset are left out: editing them retrains nothing). */
export const configHash = (exp: AnyExperiment) => sha256(canonicalJson(trainingRelevant(exp))).slice(0, 16);

export interface ExperimentFile {
  id: string;
  file: string;
  experiment: AnyExperiment;
}

/**
 * Every content/experiments/<id>.json, validated; a bad one throws naming the file and field (and,
 * given `suggest` — src/lib/site/closest.ts's closest — the key an unknown one most likely meant).
 */
export async function loadExperiments(dir = EXPERIMENTS_DIR, suggest?: Suggest): Promise<ExperimentFile[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  const out: ExperimentFile[] = [];
  for (const f of files) {
    const path = join(dir, f);
    const shown = shownPath(path);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, "utf8"));
    } catch (e) {
      throw new Error(`${shown}: not valid JSON (${(e as Error).message})`);
    }
    const id = basename(f, ".json");
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) throw new Error(`${shown}: the file name must be a kebab-case id like nielsen-3-hidden`);
    out.push({ id, file: shown, experiment: parseExperiment(json, shown, suggest) });
  }
  return out;
}

/** Where a run's manifest lives, as messages name it. */
export const manifestFile = (id: string) => `public/runs/${id}/manifest.json`;

/**
 * A committed run's manifest.json, read through its schema (src/lib/schemas/manifest.ts: an MLP run's or, with "kind": "recurrent", a
 * recurrent run's): throws naming the file and the first bad field, or saying the run was never trained.
 */
export async function readRunManifest(id: string, runsDir = RUNS_DIR): Promise<RunManifest | RecurrentManifest> {
  const path = join(runsDir, id, MANIFEST);
  const file = runsDir === RUNS_DIR ? manifestFile(id) : shownPath(path);
  if (!existsSync(path)) throw new Error(`${file} is missing: the run "${id}" has never been trained. Train it with: npm run pretrain -- --only ${id}`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  return isRecurrentManifest(json) ? parseRecurrentManifest(json, file) : parseRunManifest(json, file);
}

/** Whether a manifest's JSON says it is a recurrent run's (its schema then decides the rest). */
const isRecurrentManifest = (json: unknown) => json !== null && typeof json === "object" && (json as { kind?: unknown }).kind === "recurrent";

export const RUN_FILES = [
  "log.json",
  "model-initial/model.json",
  `model-initial/${WEIGHTS_FILE}`,
  "model-final/model.json",
  `model-final/${WEIGHTS_FILE}`,
] as const;

/**
 * The files of a recurrent run (parameters in the format of src/lib/recurrent/training/params-file.ts, whose
 * PARAMS_JSON and PARAMS_BIN these names spell out: this module does not import it, so that the
 * derived-data loaders that import this one need not list it).
 */
export const RECURRENT_RUN_FILES = [
  "log.json",
  "model-initial/params.json",
  "model-initial/params.bin",
  "model-final/params.json",
  "model-final/params.bin",
] as const;

/** A batch-normalised run's final γ, β and running statistics (float32 values as JSON numbers). */
export const BATCHNORM_FILE = "model-final/batchnorm.json";

export interface RunToWrite {
  id: string;
  log: RunLog;
  initial: NetworkParams;
  final: NetworkParams;
  /** With batch normalisation: written to BATCHNORM_FILE and handed to shippedAccuracy. */
  finalBatchNorm?: BatchNormState;
  manifest: Omit<RunManifest, "files" | "shippedFinalTestAccuracy" | "shippedInitialGradNorms">;
  /** Evaluates dequantised final weights (test accuracy, with the batch-norm state if any), to record and sanity-check. */
  shippedAccuracy: (net: NetworkParams, batchNorm?: BatchNormState) => number;
  /** Measures the dequantised initial weights' per-layer ‖∂C/∂b‖, to record. */
  shippedGradNorms: (net: NetworkParams) => number[];
}

// The atomic write-and-swap, shared with the derived data (scripts/atomic-folder.ts).
export { recoverInterrupted, type WriteStage } from "../atomic-folder.ts";

/**
 * Writes a run into a temp folder, verifies it, then swaps it into runsDir/<id> with renames.
 * `reached` is called at each stage (for tests: a throw there stops the write as a kill would).
 */
export async function writeRun(run: RunToWrite, runsDir = RUNS_DIR, reached: (stage: WriteStage) => void | Promise<void> = () => {}): Promise<RunManifest> {
  const files: Record<string, Uint8Array> = { "log.json": new TextEncoder().encode(JSON.stringify(run.log, null, 1) + "\n") };
  for (const [which, net] of [["initial", run.initial], ["final", run.final]] as const) {
    const { modelJson, weights } = encodeLayersModel(net, `${run.id}-${which}`);
    files[`model-${which}/model.json`] = new TextEncoder().encode(JSON.stringify(modelJson) + "\n");
    files[`model-${which}/${WEIGHTS_FILE}`] = weights;
  }
  if (run.finalBatchNorm) {
    const bn = run.finalBatchNorm;
    const plain = (a: Float32Array[]) => a.map((v) => Array.from(v));
    files[BATCHNORM_FILE] = new TextEncoder().encode(
      JSON.stringify({ gamma: plain(bn.gamma), beta: plain(bn.beta), runningMean: plain(bn.runningMean), runningVar: plain(bn.runningVar) }) + "\n",
    );
  }
  return writeFolderAtomically(runsDir, run.id, files, async (tmp, hashes) => {
    const shipped = await readModel(join(tmp, "model-final"));
    const accuracy = run.shippedAccuracy(shipped, existsSync(join(tmp, BATCHNORM_FILE)) ? await readBatchNorm(join(tmp, BATCHNORM_FILE)) : undefined);
    const logged = run.log.final.testAccuracy;
    if (Math.abs(accuracy - logged) > 0.02) throw new Error(`${run.id}: the shipped uint8 weights score ${accuracy} on the test set, the trained ones ${logged}; refusing to write`);
    const shippedInitialGradNorms = run.shippedGradNorms(await readModel(join(tmp, "model-initial")));
    const manifest: RunManifest = { ...run.manifest, shippedFinalTestAccuracy: accuracy, shippedInitialGradNorms, files: hashes };
    // Checked before it is written; written as made (the schema's parse would reorder its keys).
    parseRunManifest(manifest, `${run.id}/manifest.json`);
    return manifest;
  }, reached);
}

/** A run's batch-normalisation state, as writeRun wrote it. */
export async function readBatchNorm(path: string): Promise<BatchNormState> {
  const raw = JSON.parse(await readFile(path, "utf8")) as Record<keyof BatchNormState, number[][]>;
  const f32 = (a: number[][]) => a.map((v) => Float32Array.from(v));
  return { gamma: f32(raw.gamma), beta: f32(raw.beta), runningMean: f32(raw.runningMean), runningVar: f32(raw.runningVar) };
}

export async function readModel(dir: string): Promise<NetworkParams> {
  const modelJson = JSON.parse(await readFile(join(dir, "model.json"), "utf8")) as ModelJson;
  return decodeLayersModel(modelJson, new Uint8Array(await readFile(join(dir, WEIGHTS_FILE))));
}

export type RunState = { id: string; ok: true } | { id: string; ok: false; reason: string };

/** Where runs trained on the shipped data say their data came from. */
export const SHIPPED_SOURCE = "public/data/mnist-10k.bin.gz";

/** Checks one committed run against its config, the training code and (for the shipped data) the data. */
export async function checkRun(e: ExperimentFile, code: string, runsDir = RUNS_DIR, shippedData?: string): Promise<RunState> {
  const dir = join(runsDir, e.id);
  if (!existsSync(join(dir, MANIFEST))) return { id: e.id, ok: false, reason: "has never been trained (no manifest.json)" };
  let m: RunManifest | RecurrentManifest;
  try {
    m = await readRunManifest(e.id, runsDir);
  } catch (err) {
    return { id: e.id, ok: false, reason: `is corrupt: ${(err as Error).message}` };
  }
  if (m.configHash !== configHash(e.experiment)) return { id: e.id, ok: false, reason: `is stale: ${e.file} changed since it was trained` };
  if (m.codeVersion !== code) return { id: e.id, ok: false, reason: "is stale: the training code changed since it was trained" };
  if (shippedData && m.data.source === SHIPPED_SOURCE && m.data.sha256 !== shippedData) {
    return { id: e.id, ok: false, reason: `is stale: ${SHIPPED_SOURCE} changed since it was trained` };
  }
  // Every run has RUN_FILES; a batch-normalised one has BATCHNORM_FILE too.
  const names = isRecurrent(e.experiment) ? RECURRENT_RUN_FILES : e.experiment.batchNorm ? [...RUN_FILES, BATCHNORM_FILE] : RUN_FILES;
  for (const name of names) {
    const path = join(dir, name);
    if (!existsSync(path)) return { id: e.id, ok: false, reason: `is missing ${name}` };
    if (sha256(await readFile(path)) !== m.files[name]) return { id: e.id, ok: false, reason: `is corrupt: ${name} does not match its sha256 in manifest.json` };
  }
  return { id: e.id, ok: true };
}

/** A path as messages show it: relative to the repository when inside it, else as given. */
export function shownPath(path: string): string {
  const r = relative(ROOT, path);
  return r && !r.startsWith("..") && !isAbsolute(r) ? r : path;
}

/**
 * One warning per run folder in `runsDir` that no config in `experimentsDir` names (a config deleted
 * or renamed, its run left behind): nothing checks such a run against its config any more. Folders
 * starting with "." (a write in progress or interrupted) and plain files are not runs.
 */
export async function orphanRunWarnings(experiments: readonly { id: string }[], runsDir = RUNS_DIR, experimentsDir = EXPERIMENTS_DIR): Promise<string[]> {
  if (!existsSync(runsDir)) return [];
  const ids = new Set(experiments.map((e) => e.id));
  return (await readdir(runsDir))
    .filter((name) => !name.startsWith(".") && !ids.has(name) && statSync(join(runsDir, name)).isDirectory())
    .sort()
    .map((name) => `${shownPath(join(runsDir, name))} has no config ${shownPath(join(experimentsDir, `${name}.json`))}: delete the folder or restore the config`);
}

/** All runs; throws one message listing every bad run with the exact command that fixes it. */
export async function verifyRuns(opts: { experimentsDir?: string; runsDir?: string; suggest?: Suggest } = {}): Promise<ExperimentFile[]> {
  const experiments = await loadExperiments(opts.experimentsDir, opts.suggest);
  const code = await codeVersion();
  const data = await shippedDataHash();
  const bad = (await Promise.all(experiments.map((e) => checkRun(e, code, opts.runsDir, data)))).filter((s) => !s.ok) as Extract<RunState, { ok: false }>[];
  if (bad.length) {
    const lines = bad.map((b) => `  public/runs/${b.id} ${b.reason}`);
    const only = bad.map((b) => `--only ${b.id}`).join(" ");
    throw new Error(`Training runs are not up to date:\n${lines.join("\n")}\nThe build never trains by itself. Run:\n  npm run pretrain -- ${only}`);
  }
  return experiments;
}
