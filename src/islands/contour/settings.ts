/** Settings of the contour demo: ranges, defaults, clamping and the URL-fragment form. */
import { clamp, readNumber } from "../../lib/site/settings-input.ts";
import { optimizerKinds, type OptimizerKind } from "../../lib/toy-math/optimizers.ts";
import { shortNumber, type StateRecord } from "../../lib/site/hash-state.ts";

export interface ContourSettings {
  a: number;
  eta: number;
  steps: number;
  optimizer: OptimizerKind;
  x0: number;
  y0: number;
  showGradient: boolean;
}

export const VIEW = { x: [-1.2, 1.2] as [number, number], y: [-2, 2] as [number, number] };

export const RANGES = {
  /** log10 a */
  logA: { min: 0, max: 3, step: 0.01 },
  /** log10 η */
  logEta: { min: -4, max: 0, step: 0.01 },
  steps: { min: 1, max: 300, step: 1 },
  x0: { min: VIEW.x[0], max: VIEW.x[1], step: 0.01 },
  y0: { min: VIEW.y[0], max: VIEW.y[1], step: 0.01 },
} as const;

export const DEFAULTS: ContourSettings = { a: 100, eta: 0.009, steps: 60, optimizer: "gd", x0: 0.8, y0: 1.6, showGradient: true };

export const OPTIMIZER_LABELS: Record<OptimizerKind, string> = {
  gd: "Plain gradient descent",
  momentum: "Momentum (μ = 0.9)",
  adam: "Adam",
  preconditioned: "Preconditioned (rescale each axis)",
};

const read = readNumber;

export type RawSettings = Partial<Record<keyof ContourSettings, string | number | boolean | null | undefined>>;

export function parseSettings(raw: RawSettings): ContourSettings {
  const opt = String(raw.optimizer ?? "");
  const grad = raw.showGradient;
  return {
    a: clamp(read(raw.a, DEFAULTS.a), 10 ** RANGES.logA.min, 10 ** RANGES.logA.max),
    eta: clamp(read(raw.eta, DEFAULTS.eta), 10 ** RANGES.logEta.min, 10 ** RANGES.logEta.max),
    steps: Math.round(clamp(read(raw.steps, DEFAULTS.steps), RANGES.steps.min, RANGES.steps.max)),
    optimizer: (optimizerKinds as readonly string[]).includes(opt) ? (opt as OptimizerKind) : DEFAULTS.optimizer,
    x0: clamp(read(raw.x0, DEFAULTS.x0), RANGES.x0.min, RANGES.x0.max),
    y0: clamp(read(raw.y0, DEFAULTS.y0), RANGES.y0.min, RANGES.y0.max),
    showGradient: grad === undefined || grad === null || grad === "" ? DEFAULTS.showGradient : grad === true || grad === "1" || grad === "true",
  };
}

export function toRecord(s: ContourSettings): StateRecord {
  return {
    a: shortNumber(s.a),
    eta: shortNumber(s.eta),
    steps: String(s.steps),
    opt: s.optimizer,
    x: shortNumber(s.x0),
    y: shortNumber(s.y0),
    grad: s.showGradient ? "1" : "0",
  };
}

export function fromRecord(r: StateRecord): RawSettings {
  return { a: r.a, eta: r.eta, steps: r.steps, optimizer: r.opt, x0: r.x, y0: r.y, showGradient: r.grad };
}
