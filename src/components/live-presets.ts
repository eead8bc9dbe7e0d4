/**
 * The live-trainer presets as the trainer itself trains them (Node only, for the build): what
 * scripts/derived/loaders/live-presets.ts measured on the trainer's 1,000 digits, read from
 * public/derived/live-presets/presets.json and checked by its schema (src/lib/schemas/derived/live-presets.ts,
 * the one the loader checks with). A missing file or a bad field throws, naming the file, the field
 * and the command that writes it.
 */
import { readDerived } from "../figures/read-committed.ts";
import { join } from "node:path";
import { climbOf, type Climb } from "../lib/analysis/chance.ts";
import { sameTraining, type Preset } from "../islands/trainer/settings.ts";
import { LIVE_PRESETS_FILE, parseLivePresets, type LivePresets } from "../lib/schemas/derived/live-presets.ts";

export { LIVE_PRESETS_FILE };
export type { LivePoint, LivePreset, LivePresets, LiveSettings } from "../lib/schemas/derived/live-presets.ts";

/** The measured presets; a bad file throws naming LIVE_PRESETS_FILE, the field and the command that recomputes it (readDerived). */
export function livePresets(root = process.cwd()): LivePresets {
  return readDerived("live-presets/presets.json", parseLivePresets, join(root, "public/derived"));
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
