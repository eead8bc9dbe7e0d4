/**
 * Settings of the invisible-pixels demo, shared by build and browser:
 *   digit      which of the shipped test digits is shown (0-based position in the sample)
 *   threshold  the answer's rule: a pixel is red when every outgoing weight is smaller than this
 *   unlucky    the fraction of pixels whose outgoing weights an "unlucky initialisation" shrinks
 *   influence  the measured rule: a pixel is red when its influence is below this fraction of the median
 */
import { clamp } from "../../lib/site/settings-input.ts";
import { shortNumber, type StateRecord } from "../../lib/site/hash-state.ts";
import { num, percent } from "../../lib/draw/format.ts";

export interface PixelSettings {
  digit: number;
  threshold: number;
  unlucky: number;
  influence: number;
}

export const KEYS = ["digit", "threshold", "unlucky", "influence"] as const;
export type PixelKey = (typeof KEYS)[number];

export const RANGES = {
  threshold: { min: 0, max: 0.1, step: 0.002 },
  unlucky: { min: 0, max: 0.9, step: 0.05 },
  influence: { min: 0, max: 1, step: 0.01 },
} as const;

/** The unlucky initialisation multiplies the chosen pixels' outgoing weights by this. */
export const UNLUCKY_FACTOR = 0.01;
/** Seed of the unlucky pixels' choice (the answers table blanks the same pixels). */
export const UNLUCKY_SEED = 1;

export const DEFAULTS: PixelSettings = { digit: 0, threshold: 0.02, unlucky: 0, influence: 0.25 };

const snap = (v: number, step: number) => Number((Math.round(v / step) * step).toFixed(6));

/** Settings from attributes or a URL record: numbers clamped to their ranges and snapped to the sliders' steps; anything unreadable falls back to the default. */
export function parseSettings(raw: Partial<Record<PixelKey, string | number | null | undefined>>, sampleSize = Infinity, base: PixelSettings = DEFAULTS): PixelSettings {
  const read = (k: PixelKey) => {
    const v = raw[k];
    const n = typeof v === "number" ? v : v === null || v === undefined || v === "" ? NaN : Number(v);
    return Number.isFinite(n) ? n : base[k];
  };
  const digit = Math.round(read("digit"));
  return {
    digit: clamp(digit, 0, Math.max(0, sampleSize - 1)),
    threshold: snap(clamp(read("threshold"), RANGES.threshold.min, RANGES.threshold.max), RANGES.threshold.step),
    unlucky: snap(clamp(read("unlucky"), RANGES.unlucky.min, RANGES.unlucky.max), RANGES.unlucky.step),
    influence: snap(clamp(read("influence"), RANGES.influence.min, RANGES.influence.max), RANGES.influence.step),
  };
}

export function toRecord(s: PixelSettings): StateRecord {
  return { digit: String(s.digit), threshold: shortNumber(s.threshold), unlucky: shortNumber(s.unlucky), influence: shortNumber(s.influence) };
}

/** The text a slider's output and aria-valuetext show. */
export function settingText(k: Exclude<PixelKey, "digit">, v: number): string {
  return k === "threshold" ? num(v, 3) : percent(v, 0);
}
