/**
 * A preset's committed run (public/runs/<id>/log.json) as the trainer's chart points, DOM-free:
 * the build reads it from disk (src/components/trainer-data.ts) and the browser fetches it when the
 * reader picks the preset (checked against its manifest's sha256), to draw it faint behind the live run.
 */
import type { TrainerPoint } from "./figure.ts";
import { LoadOnce, verifiedRunLog, type Getter, type Loaded } from "../verified-files.ts";
import { quoted } from "../../lib/schemas/field-path.ts";

/** A run log's JSON as chart points (its initial snapshot is epoch 0); a missing or bad field names itself and the file. */
export function pointsFromLog(raw: unknown, file: string): TrainerPoint[] {
  const bad = (path: string, v: unknown) => new Error(`the field "${path}" of ${file} is ${v === undefined ? "missing" : `not valid (${quoted(v)})`}`);
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
  const log = (raw ?? {}) as Record<string, unknown>;
  if (!Array.isArray(log.epochs)) throw bad("epochs", log.epochs);
  return [point("initial", log.initial, 0), ...log.epochs.map((e, i) => point(`epochs.${i}`, e))];
}

/** Preset `id`'s committed run, fetched and checked against runs/<id>/manifest.json. */
export const loadCommitted = (get: Getter, id: string): Promise<TrainerPoint[]> => verifiedRunLog(get, id, pointsFromLog);

/** A preset's committed run as the trainer holds it: its points, still loading, or unavailable (with why). */
export type Committed = Loaded<readonly TrainerPoint[]>;

/** Each preset's committed run, fetched the first time it is asked for; `loaded()` runs when one arrives (or fails). */
export class CommittedRuns extends LoadOnce<readonly TrainerPoint[]> {
  constructor(get: Getter, loaded: () => void) {
    super((id) => loadCommitted(get, id), loaded);
  }
}
