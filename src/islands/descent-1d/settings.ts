/** The settings of the 1-D descent demo: ranges, defaults and clamping, shared by build and browser. */
import { clamp, readNumber } from "../../lib/site/settings-input.ts";
export interface Descent1DSettings {
  start: number;
  eta: number;
  steps: number;
}

export const RANGES = {
  start: { min: -8, max: 6, step: 0.1 },
  /** η is chosen on a log scale: the slider holds log10 η. */
  logEta: { min: -2, max: 1, step: 0.01 },
  steps: { min: 1, max: 1000, step: 1 },
} as const;

export const DEFAULTS: Descent1DSettings = { start: -6, eta: 1, steps: 200 };


/** Reads settings from attribute-like strings; anything missing or malformed falls back to the default. */
export function parseSettings(raw: Partial<Record<keyof Descent1DSettings, string | number | null | undefined>>): Descent1DSettings {
  const read = readNumber;
  const start = clamp(read(raw.start, DEFAULTS.start), RANGES.start.min, RANGES.start.max);
  const eta = clamp(read(raw.eta, DEFAULTS.eta), 10 ** RANGES.logEta.min, 10 ** RANGES.logEta.max);
  const steps = Math.round(clamp(read(raw.steps, DEFAULTS.steps), RANGES.steps.min, RANGES.steps.max));
  return { start, eta, steps };
}
