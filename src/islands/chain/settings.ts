/**
 * The settings of the neuron-chain demo (four one-neuron sigmoid layers, see
 * src/lib/toy-math/chain.ts): w_1 … w_4, b_1 … b_4 and the input x. Ranges, defaults,
 * presets, clamping, the sliders' scale and the URL record, shared by build and
 * browser.
 *
 * The sliders for w_j and b_j use a "symlog" scale, linear between −1 and 1 and
 * logarithmic beyond, so that one slider reaches both the random weights near 0
 * and the exploding preset's w = 100: position t ∈ [−3.08, 3.08] stands for t
 * when |t| ≤ 1 and for sign(t)·10^(|t| − 1) beyond (t = 2 is 10, t = 3 is 100),
 * rounded to a "nice" step (0.01 below 10, 0.1 below 100, 1 above) and clamped
 * to ±120.
 * The settings themselves are exact numbers: a preset sets them directly, and
 * a slider only changes its own value, so presets are never snapped to a step.
 */
import { clamp } from "../../lib/site/settings-input.ts";
import { explodingPreset, randomPreset, windowPreset, type ChainParams } from "../../lib/toy-math/chain.ts";
import { mulberry32 } from "../../lib/rng.ts";
import { shortNumber, type StateRecord } from "../../lib/site/hash-state.ts";

export const LAYERS = 4;

/** Four weights and four biases (index i is layer j = i + 1) and the input x. */
export type ChainSettings = ChainParams;

export const KEYS = ["w1", "w2", "w3", "w4", "b1", "b2", "b3", "b4", "x"] as const;
export type ChainKey = (typeof KEYS)[number];

export const RANGES = {
  w: { min: -120, max: 120 },
  b: { min: -120, max: 120 },
  /** The input a_0 (pixel-like inputs live in [0, 1]). */
  x: { min: -1, max: 1, step: 0.01 },
  /** Slider positions for w and b on the symlog scale. */
  slider: { min: -3.08, max: 3.08, step: 0.01 },
} as const;

/**
 * The seed of the default draw: 9 is the first seed (counting from 1) whose four
 * weights all lie in (−1, 1), the typical case the lesson describes.
 */
export const DEFAULT_SEED = 9;

const round = (v: number, step: number) => Math.round(v / step) * step;
/** Rounds to two decimals without binary noise (0.07, not 0.07000000000000001). */
const cents = (v: number) => Number((Math.round(v * 100) / 100).toFixed(2));

function clampAll(p: ChainParams): ChainSettings {
  return {
    w: p.w.map((v) => clamp(v, RANGES.w.min, RANGES.w.max)),
    b: p.b.map((v) => clamp(v, RANGES.b.min, RANGES.b.max)),
    x: clamp(p.x, RANGES.x.min, RANGES.x.max),
  };
}

/**
 * "Random N(0,1)": w_j, b_j drawn by randomPreset from mulberry32(seed),
 * rounded to 0.01 (the sliders' finest step) so that the sliders, the table and
 * a shared link all hold exactly the same numbers.
 */
export function randomSettings(seed: number, x = 1): ChainSettings {
  const p = randomPreset(mulberry32(seed), clamp(x, RANGES.x.min, RANGES.x.max), LAYERS);
  return clampAll({ w: p.w.map(cents), b: p.b.map(cents), x: p.x });
}

/** "Exploding": every w_j = 100 and biases that put every z_j at 0 (factors 25). */
export function explodingSettings(x = 1): ChainSettings {
  return clampAll(explodingPreset(clamp(x, RANGES.x.min, RANGES.x.max), LAYERS));
}

/** "|w| ≥ 4 window": every w_j at the widest input window, z_j halfway to the window's edge. */
export function windowSettings(x = 1): ChainSettings {
  return clampAll(windowPreset(clamp(x, RANGES.x.min, RANGES.x.max), { layers: LAYERS }));
}

export const PRESETS = ["random", "exploding", "window"] as const;
export type PresetName = (typeof PRESETS)[number];

export const DEFAULTS: ChainSettings = randomSettings(DEFAULT_SEED, 1);

/** The value of one setting. */
export function settingValue(s: ChainSettings, key: ChainKey): number {
  if (key === "x") return s.x;
  return s[key[0] as "w" | "b"][Number(key[1]) - 1];
}

/** A copy of the settings with one value replaced (clamped to its range). */
export function withSetting(s: ChainSettings, key: ChainKey, value: number): ChainSettings {
  const next = { w: s.w.slice(), b: s.b.slice(), x: s.x };
  if (!Number.isFinite(value)) return next;
  if (key === "x") next.x = clamp(value, RANGES.x.min, RANGES.x.max);
  else {
    const kind = key[0] as "w" | "b";
    next[kind][Number(key[1]) - 1] = clamp(value, RANGES[kind].min, RANGES[kind].max);
  }
  return next;
}

/** Slider position t → value, on the symlog scale (w and b) or linear (x). */
export function fromSlider(key: ChainKey, position: string | number): number {
  const t = Number(position);
  if (!Number.isFinite(t)) return NaN;
  if (key === "x") return clamp(cents(round(t, RANGES.x.step)), RANGES.x.min, RANGES.x.max);
  const a = Math.abs(t);
  const mag = a <= 1 ? a : 10 ** (a - 1);
  const nice = mag < 10 ? cents(mag) : mag < 100 ? Number(round(mag, 0.1).toFixed(1)) : Math.round(mag);
  const range = RANGES[key[0] as "w" | "b"];
  return clamp(Math.sign(t) * nice, range.min, range.max) || 0;
}

/** Value → slider position (the browser snaps it to the slider's step). */
export function sliderPosition(key: ChainKey, value: number): number {
  if (key === "x") return value;
  const a = Math.abs(value);
  return Math.sign(value) * (a <= 1 ? a : 1 + Math.log10(a));
}

/** The slider's min, max and step for a key. */
export function sliderRange(key: ChainKey): { min: number; max: number; step: number } {
  return key === "x" ? RANGES.x : RANGES.slider;
}

/** Settings from attribute-like strings (or numbers); anything missing or malformed falls back to the default. */
export function parseSettings(raw: Partial<Record<ChainKey, string | number | null | undefined>>): ChainSettings {
  let s: ChainSettings = { w: DEFAULTS.w.slice(), b: DEFAULTS.b.slice(), x: DEFAULTS.x };
  for (const key of KEYS) {
    const v = raw[key];
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (Number.isFinite(n)) s = withSetting(s, key, n);
  }
  return s;
}

/** The settings as a URL-fragment record: six significant digits (exact for slider values and random draws). */
export function toRecord(s: ChainSettings): StateRecord {
  const rec: StateRecord = {};
  for (const key of KEYS) rec[key] = shortNumber(settingValue(s, key), 6);
  return rec;
}

/** The settings saved in a URL-fragment record (missing or malformed fields take their defaults). */
export function fromRecord(rec: StateRecord): ChainSettings {
  return parseSettings(rec);
}
