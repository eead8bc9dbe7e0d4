/**
 * Settings of the collision demo, shared by build and browser:
 *   source  the shipped test digit the change starts from (0-based position in the sample)
 *   target  the shipped test digit the change heads for
 *   t       how much of the invisible change is added: x(t) = source + t·v
 */
import { clamp, readNumber } from "../../lib/site/settings-input.ts";
import { shortNumber, type StateRecord } from "../../lib/site/hash-state.ts";
import { num } from "../../lib/draw/format.ts";

export interface CollisionSettings {
  source: number;
  target: number;
  t: number;
}

export const KEYS = ["source", "target", "t"] as const;
export type CollisionKey = (typeof KEYS)[number];

export const RANGES = {
  t: { min: 0, max: 1, step: 0.01 },
} as const;

/**
 * A 3 (sample position 60, test digit #60) becoming an 8 (position 29, test digit #29):
 * of the shipped sample's 3 → 8 pairs, the one whose visible remainder at t = 1 (d − v)
 * has the smallest largest pixel, so that x(1) looks most like the 8 (tests/unit/islands/collision/view.test.ts).
 */
export const DEFAULTS: CollisionSettings = { source: 60, target: 29, t: 1 };

const snap = (v: number, step: number) => Number((Math.round(v / step) * step).toFixed(6));

export type RawSettings = Partial<Record<CollisionKey, string | number | null | undefined>>;

/**
 * Settings from attributes or a URL record: the digits rounded and clamped to the sample,
 * t clamped to [0, 1] and snapped to the slider's step; anything unreadable falls back to `base`.
 */
export function parseSettings(raw: RawSettings, sampleSize = Infinity, base: CollisionSettings = DEFAULTS): CollisionSettings {
  const last = Math.max(0, sampleSize - 1);
  const digit = (k: "source" | "target") => clamp(Math.round(readNumber(raw[k], base[k])), 0, last);
  return {
    source: digit("source"),
    target: digit("target"),
    t: snap(clamp(readNumber(raw.t, base.t), RANGES.t.min, RANGES.t.max), RANGES.t.step),
  };
}

export const toRecord = (s: CollisionSettings): StateRecord => ({ source: String(s.source), target: String(s.target), t: shortNumber(s.t) });
export const fromRecord = (r: StateRecord): RawSettings => ({ source: r.source, target: r.target, t: r.t });

/** "a 7", "an 8". */
export const aDigit = (d: number) => `${d === 8 ? "an" : "a"} ${d}`;

/** The text of a digit slider's output and aria-valuetext: "61 of 302, a 3". */
export function digitText(position: number, sampleSize: number, label?: number): string {
  return `${position + 1} of ${sampleSize}${label === undefined ? "" : `, ${aDigit(label)}`}`;
}

/** The text of the t slider's output and aria-valuetext. */
export const tText = (t: number) => num(t, 2);
