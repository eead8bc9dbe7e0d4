/** Settings of the plateau demo: ranges, defaults, clamping and the URL-fragment form. */
import { clamp, readNumber } from "../../lib/site/settings-input.ts";
import { optimizerKinds, type OptimizerKind } from "../../lib/toy-math/optimizers.ts";
import { shortNumber, type StateRecord } from "../../lib/site/hash-state.ts";

export interface PlateauSettings {
  optimizer: OptimizerKind;
  eta: number;
  steps: number;
  /** Start along y (x starts at 1). */
  y0: number;
}

export const RANGES = {
  logEta: { min: -3, max: 0.3, step: 0.01 },
  steps: { min: 1, max: 3000, step: 1 },
  y0: { min: -2, max: 9, step: 0.1 },
} as const;

export const DEFAULTS: PlateauSettings = { optimizer: "gd", eta: 0.9, steps: 1500, y0: 0 };

const read = readNumber;

export type RawSettings = Partial<Record<keyof PlateauSettings, string | number | null | undefined>>;

export function parseSettings(raw: RawSettings): PlateauSettings {
  const opt = String(raw.optimizer ?? "");
  return {
    optimizer: (optimizerKinds as readonly string[]).includes(opt) ? (opt as OptimizerKind) : DEFAULTS.optimizer,
    eta: clamp(read(raw.eta, DEFAULTS.eta), 10 ** RANGES.logEta.min, 10 ** RANGES.logEta.max),
    steps: Math.round(clamp(read(raw.steps, DEFAULTS.steps), RANGES.steps.min, RANGES.steps.max)),
    y0: clamp(read(raw.y0, DEFAULTS.y0), RANGES.y0.min, RANGES.y0.max),
  };
}

export const toRecord = (s: PlateauSettings): StateRecord => ({ opt: s.optimizer, eta: shortNumber(s.eta), steps: String(s.steps), y: shortNumber(s.y0) });
export const fromRecord = (r: StateRecord): RawSettings => ({ optimizer: r.opt, eta: r.eta, steps: r.steps, y0: r.y });
