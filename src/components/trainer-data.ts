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
import { isRecurrent, parseExperiment, type AnyExperiment } from "../lib/schemas/experiment.ts";
import { closest } from "../lib/site/closest.ts";
import { decodeDigits, split } from "../lib/mnist/digits.ts";
import { presetOf, presetRefusal, type Preset } from "../islands/trainer/settings.ts";
import type { TrainerPoint } from "../islands/trainer/figure.ts";
import { pointsFromLog } from "../islands/trainer/committed.ts";
import { oneAnswerShare as shareOf } from "../lib/analysis/chance.ts";
import { defaultRunsDir, readRunLog } from "../figures/read-committed.ts";
import { runLogFile } from "../lib/schemas/run-log.ts";

/** The order the presets are offered in; any other committed experiment follows. */
export const PRESET_ORDER = ["nielsen-1-hidden", "nielsen-2-hidden", "nielsen-3-hidden", "nielsen-4-hidden", "asker-network", "full-3-hidden", "frozen-first-layer"];

/** The presets among `experiments`, in PRESET_ORDER and then by id: those the trainer can run and that do not opt out. */
export function choosePresets(experiments: readonly { id: string; experiment: AnyExperiment }[]): Preset[] {
  const rank = (id: string) => (PRESET_ORDER.includes(id) ? PRESET_ORDER.indexOf(id) : PRESET_ORDER.length);
  return experiments
    .filter(({ experiment: e }) => !isRecurrent(e) && e.preset && !presetRefusal(e))
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
  const why = isRecurrent(e) || e.preset ? presetRefusal(e) : `${file} says "preset": false`;
  return `the live trainer cannot start from ${id}: ${why}. Its presets are ${presets.map((p) => p.id).join(", ")}`;
}

/** A committed run's log as the trainer's chart points (its initial snapshot is epoch 0). */
export function runPoints(runId: string, runsDir = defaultRunsDir()): TrainerPoint[] {
  return pointsFromLog(readRunLog(runId, runsDir), runLogFile(runId));
}

/** The accuracy of always answering the most common digit, among the first `count` test digits of a digits file. */
export function oneAnswerShare(file: string, count?: number): number {
  const d = decodeDigits(gunzipSync(readFileSync(join(process.cwd(), file))));
  return shareOf(split(d, "test").labels.subarray(0, count));
}
