/**
 * Settings of the loss-plane demo, shared by build and browser: the point (α, β) on the plane
 * θ(α, β) = θ₀ + αΔ₁ + βΔ₊ (src/lib/analysis/loss-plane.ts). Both move over [−0.25, 1.25] in steps of
 * 0.025, the loader's grid, so every point the reader can reach has the loader's value too.
 */
import { clamp, readNumber } from "../../lib/site/settings-input.ts";
import { shortNumber, type StateRecord } from "../../lib/site/hash-state.ts";
import { num } from "../../lib/draw/format.ts";

export interface PlaneSettings {
  alpha: number;
  beta: number;
}

export const KEYS = ["alpha", "beta"] as const;
export type PlaneKey = (typeof KEYS)[number];

export const STEP = 0.025;
export const RANGES = {
  alpha: { min: -0.25, max: 1.25, step: STEP },
  beta: { min: -0.25, max: 1.25, step: STEP },
} as const;

/** The initial network: where the reader's question is asked. */
export const DEFAULTS: PlaneSettings = { alpha: 0, beta: 0 };

/** A value on the sliders' grid: clamped, then snapped to a multiple of the step (as an exact short decimal). */
export function snap(v: number, k: PlaneKey): number {
  const r = RANGES[k];
  const c = clamp(v, r.min, r.max);
  const s = Number((Math.round(c / r.step) * r.step).toFixed(4));
  return Object.is(s, -0) ? 0 : s;
}

export type RawSettings = Partial<Record<PlaneKey, string | number | null | undefined>>;

/** Settings from attributes or a URL record; anything unreadable falls back to `base`. */
export function parseSettings(raw: RawSettings, base: PlaneSettings = DEFAULTS): PlaneSettings {
  return { alpha: snap(readNumber(raw.alpha, base.alpha), "alpha"), beta: snap(readNumber(raw.beta, base.beta), "beta") };
}

export function toRecord(s: PlaneSettings): StateRecord {
  return { a: shortNumber(s.alpha), b: shortNumber(s.beta) };
}

export function fromRecord(r: StateRecord): RawSettings {
  return { alpha: r.a, beta: r.b };
}

/** What a slider's output and aria-valuetext say. */
export function settingText(v: number): string {
  return num(v, 3);
}
