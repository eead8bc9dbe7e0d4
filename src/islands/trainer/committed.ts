/**
 * A preset's committed run (public/runs/<id>/log.json) as the trainer's chart points, DOM-free:
 * the build reads it from disk (src/components/trainer-data.ts) and the browser fetches it when the
 * reader picks the preset (checked against its manifest's sha256), to draw it faint behind the live run.
 */
import type { TrainerPoint } from "./figure.ts";
import { DataFileError, text, verifiedFiles, type Getter } from "../verified-files.ts";

/** A run log's JSON as chart points (its initial snapshot is epoch 0); a missing or bad field names itself and the file. */
export function pointsFromLog(raw: unknown, file: string): TrainerPoint[] {
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
  const log = (raw ?? {}) as Record<string, unknown>;
  if (!Array.isArray(log.epochs)) throw bad("epochs", log.epochs);
  return [point("initial", log.initial, 0), ...log.epochs.map((e, i) => point(`epochs.${i}`, e))];
}

/** Preset `id`'s committed run, fetched and checked against runs/<id>/manifest.json. */
export async function loadCommitted(get: Getter, id: string): Promise<TrainerPoint[]> {
  const folder = `runs/${id}`;
  const files = await verifiedFiles(get, folder, ["log.json"]);
  let raw: unknown;
  try {
    raw = JSON.parse(text(files["log.json"]));
  } catch {
    throw new DataFileError(`${folder}/log.json is not valid JSON`);
  }
  return pointsFromLog(raw, `${folder}/log.json`);
}

/** A preset's committed run as the trainer holds it: its points, still loading, or unavailable. */
export type Committed = readonly TrainerPoint[] | "loading" | "failed";

/** Each preset's committed run, fetched the first time it is asked for; `loaded()` runs when one arrives (or fails). */
export class CommittedRuns {
  #runs = new Map<string, Committed>();
  #get: Getter;
  #loaded: () => void;
  constructor(get: Getter, loaded: () => void) {
    this.#get = get;
    this.#loaded = loaded;
  }
  has(id: string): boolean {
    return this.#runs.has(id);
  }
  get(id: string): Committed {
    const known = this.#runs.get(id);
    if (known) return known;
    this.#runs.set(id, "loading");
    loadCommitted(this.#get, id)
      .then((points) => this.#runs.set(id, points), () => this.#runs.set(id, "failed"))
      .finally(this.#loaded);
    return "loading";
  }
}
