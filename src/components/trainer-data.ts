/**
 * What <TrainerDemo> needs at build time (Node only): the trainer's presets from
 * the committed experiment configs, the committed run of the default preset as
 * chart points, and the "one answer" accuracy levels of the test digits.
 * A missing run, file or field fails the build, naming it. An experiment the trainer cannot
 * run (presetRefusal) or whose config says `"preset": false` is simply not a preset: the build
 * prints one note for the first kind (src/build/verify-runs-integration.ts), never an error.
 */
import { readFileSync, readdirSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { parseExperiment, type Experiment } from "../lib/experiment-schema.ts";
import { closest } from "../lib/closest.ts";
import { decodeDigits, split } from "../lib/digits.ts";
import { presetOf, presetRefusal, type Preset } from "../islands/trainer/settings.ts";
import type { TrainerPoint } from "../islands/trainer/figure.ts";
import { defaultRunsDir } from "../figures/run-log-file.ts";
import { missingRunMessage } from "../figures/learning-speed.ts";

/** The order the presets are offered in; any other committed experiment follows. */
export const PRESET_ORDER = ["nielsen-1-hidden", "nielsen-2-hidden", "nielsen-3-hidden", "nielsen-4-hidden", "asker-network", "full-3-hidden", "frozen-first-layer"];

/** The presets among `experiments`, in PRESET_ORDER and then by id: those the trainer can run and that do not opt out. */
export function choosePresets(experiments: readonly { id: string; experiment: Experiment }[]): Preset[] {
  const rank = (id: string) => (PRESET_ORDER.includes(id) ? PRESET_ORDER.indexOf(id) : PRESET_ORDER.length);
  return experiments
    .filter(({ experiment: e }) => e.preset && !presetRefusal(e))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id))
    .map(({ id, experiment }) => presetOf(id, experiment));
}

/** The live trainer's presets from the configs in `dir` (see choosePresets). */
export function trainerPresets(dir = join(process.cwd(), "content/experiments")): Preset[] {
  const experiments = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .map((id) => ({ id, experiment: parseExperiment(JSON.parse(readFileSync(join(dir, `${id}.json`), "utf8")), `content/experiments/${id}.json`, closest) }));
  return choosePresets(experiments);
}

/**
 * Why experiment `id` (whose config exists: checkProps made sure) is not among `presets`: the trainer
 * cannot run it, or its config opts out. For <TrainerDemo preset>, which would otherwise say it is missing.
 */
export function notAPreset(id: string, presets: readonly Preset[], dir = join(process.cwd(), "content/experiments")): string {
  const file = `content/experiments/${id}.json`;
  const e = parseExperiment(JSON.parse(readFileSync(join(dir, `${id}.json`), "utf8")), file, closest);
  const why = e.preset ? presetRefusal(e) : `${file} says "preset": false`;
  return `the live trainer cannot start from ${id}: ${why}. Its presets are ${presets.map((p) => p.id).join(", ")}`;
}

/** A committed run's log as the trainer's chart points (its initial snapshot is epoch 0). */
export function runPoints(runId: string, runsDir = defaultRunsDir()): TrainerPoint[] {
  const file = `public/runs/${runId}/log.json`;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(join(runsDir, runId, "log.json"), "utf8"));
  } catch {
    throw new Error(missingRunMessage(runId));
  }
  const bad = (path: string, v: unknown) => new Error(`the field "${path}" of ${file} is ${v === undefined ? "missing" : `not valid (${JSON.stringify(v)})`}`);
  const num = (path: string, v: unknown) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw bad(path, v);
    return v;
  };
  const nums = (path: string, v: unknown) => {
    if (!Array.isArray(v) || !v.length) throw bad(path, v);
    return v.map((x, i) => num(`${path}.${i}`, x));
  };
  const point = (path: string, e: unknown, epoch?: number): TrainerPoint => {
    if (!e || typeof e !== "object") throw bad(path, e);
    const o = e as Record<string, unknown>;
    const gradNorms = nums(`${path}.gradNorms`, o.gradNorms);
    return {
      epoch: epoch ?? num(`${path}.epoch`, o.epoch),
      trainAccuracy: num(`${path}.trainAccuracy`, o.trainAccuracy),
      testAccuracy: num(`${path}.testAccuracy`, o.testAccuracy),
      cost: num(`${path}.cost`, o.cost),
      gradNorms,
      weightChange: epoch === 0 ? gradNorms.map(() => 0) : nums(`${path}.weightChange`, o.weightChange),
      ...(o.weightGradNorms === undefined ? {} : { weightGradNorms: nums(`${path}.weightGradNorms`, o.weightGradNorms) }),
    };
  };
  if (!Array.isArray(raw.epochs)) throw bad("epochs", raw.epochs);
  return [point("initial", raw.initial, 0), ...raw.epochs.map((e, i) => point(`epochs.${i}`, e))];
}

/** The accuracy of always answering the most common digit, among the first `count` test digits of a digits file. */
export function oneAnswerShare(file: string, count?: number): number {
  const d = decodeDigits(gunzipSync(readFileSync(join(process.cwd(), file))));
  const labels = split(d, "test").labels.subarray(0, count);
  const tally = new Array(10).fill(0);
  for (const l of labels) tally[l]++;
  return Math.max(...tally) / labels.length;
}
