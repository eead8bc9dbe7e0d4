/**
 * The live-trainer presets as the trainer itself trains them (Node only, for the build): what
 * scripts/derived/loaders/live-presets.ts measured on the trainer's 1,000 digits, read from
 * public/derived/live-presets/presets.json and checked field by field. A missing file or field
 * throws, naming the file, the field and the command that writes it.
 */
import { readDerived } from "../figures/read-committed.ts";
import { join } from "node:path";
import { climbOf, type ChancePlateau, type Climb } from "../lib/analysis/chance.ts";
import { sameTraining, type Preset, type TrainerSettings } from "../islands/trainer/settings.ts";

export const LIVE_PRESETS_FILE = "public/derived/live-presets/presets.json";
const FIX = "npm run derive -- --only live-presets";

export interface LivePoint {
  epoch: number;
  trainAccuracy: number;
  testAccuracy: number;
}

export interface LivePreset {
  /** The settings measured: the entry holds for a preset only while it has these settings. */
  settings: Omit<TrainerSettings, "preset" | "backend" | "epochs">;
  /** The preset's epochs (where the trainer stops). */
  epochs: number;
  /** Epoch 0, then each epoch the trainer measures. */
  points: LivePoint[];
  /** The opening stretch at chance (chancePlateau), or null when epoch 0 is already above it. */
  plateau: ChancePlateau | null;
  /** Wall time of the measurement in Node (informative only). */
  seconds: number;
}

export interface LivePresets {
  digits: { train: number; test: number };
  /** The accuracy of always giving the most common answer on the test digits. */
  oneAnswer: number;
  /** "At chance" is at most oneAnswer + margin. */
  margin: number;
  backend: "wasm" | "cpu";
  presets: Record<string, LivePreset>;
}

/** The measured presets; throws naming LIVE_PRESETS_FILE, the field and the fix. */
export function livePresets(root = process.cwd()): LivePresets {
  return readDerived("live-presets/presets.json", checkLivePresets, join(root, "public/derived"));
}

function checkLivePresets(raw: unknown): LivePresets {
  const bad = (path: string, v: unknown) =>
    new Error(`the field "${path}" of ${LIVE_PRESETS_FILE} is ${v === undefined ? "missing" : `not valid (${JSON.stringify(v)})`}: run ${FIX}`);
  const obj = (path: string, v: unknown): Record<string, unknown> => {
    if (!v || typeof v !== "object" || Array.isArray(v)) throw bad(path, v);
    return v as Record<string, unknown>;
  };
  const num = (path: string, v: unknown): number => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw bad(path, v);
    return v;
  };
  const epochOf = (path: string, v: unknown): number => {
    const n = num(path, v);
    if (!Number.isInteger(n) || n < 0) throw bad(path, v);
    return n;
  };
  const share = (path: string, v: unknown): number => {
    const n = num(path, v);
    if (n < 0 || n > 1) throw bad(path, v);
    return n;
  };
  const count = (path: string, v: unknown): number => {
    const n = epochOf(path, v);
    if (n < 1) throw bad(path, v);
    return n;
  };

  const top = obj("(top level)", raw);
  const digits = obj("digits", top.digits);
  const backend = top.backend;
  if (backend !== "wasm" && backend !== "cpu") throw bad("backend", backend);
  const presets: Record<string, LivePreset> = {};
  for (const [id, v] of Object.entries(obj("presets", top.presets))) {
    const at = `presets.${id}`;
    const p = obj(at, v);
    const epochs = count(`${at}.epochs`, p.epochs);
    if (!Array.isArray(p.points) || !p.points.length) throw bad(`${at}.points`, p.points);
    const points = p.points.map((x, i) => {
      const q = obj(`${at}.points.${i}`, x);
      return {
        epoch: epochOf(`${at}.points.${i}.epoch`, q.epoch),
        trainAccuracy: share(`${at}.points.${i}.trainAccuracy`, q.trainAccuracy),
        testAccuracy: share(`${at}.points.${i}.testAccuracy`, q.testAccuracy),
      };
    });
    let plateau: ChancePlateau | null = null;
    if (p.plateau !== null) {
      const c = obj(`${at}.plateau`, p.plateau);
      const leftAt = c.leftAt === null ? null : epochOf(`${at}.plateau.leftAt`, c.leftAt);
      plateau = { from: epochOf(`${at}.plateau.from`, c.from), to: epochOf(`${at}.plateau.to`, c.to), leftAt };
    }
    const settings = obj(`${at}.settings`, p.settings) as unknown as LivePreset["settings"];
    presets[id] = { settings, epochs, points, plateau, seconds: num(`${at}.seconds`, p.seconds) };
  }
  return {
    digits: { train: count("digits.train", digits.train), test: count("digits.test", digits.test) },
    oneAnswer: share("oneAnswer", top.oneAnswer),
    margin: share("margin", top.margin),
    backend,
    presets,
  };
}

/**
 * When each preset's live run leaves chance, for the presets whose measurement is current (same
 * settings and epochs as the preset has now). A teacher's new or edited experiment has none until
 * `npm run derive -- --only live-presets` runs again: the trainer then says nothing of its climb.
 */
export function currentClimbs(presets: readonly Preset[], live: LivePresets = livePresets()): Record<string, Climb> {
  const out: Record<string, Climb> = {};
  for (const p of presets) {
    const m = live.presets[p.id];
    if (!m || m.epochs !== p.settings.epochs || !sameTraining({ ...p.settings, ...m.settings }, p.settings)) continue;
    out[p.id] = climbOf(m.points, live.oneAnswer, live.margin);
  }
  return out;
}
