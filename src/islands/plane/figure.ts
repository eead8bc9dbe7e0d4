/**
 * The loss-plane demo's view, without Plot and without the DOM (build time and browser): the
 * point's marker placed through the chart's own scales (their domain and range travel as data
 * attributes), the loader's grid values carried in the page, and the readout's words.
 */
import { percent, sig } from "../../lib/draw/format.ts";
import { fmt } from "../../lib/draw/svg.ts";
import { settingText, type PlaneSettings } from "./settings.ts";

/** The corners of the unit square, named as in planes.json ("α,β"). */
export const CORNERS = ["0,0", "1,0", "0,1", "1,1"] as const;
export type Corner = (typeof CORNERS)[number];

const CORNER_NAMES: Record<Corner, string> = {
  "0,0": "the initial network",
  "1,0": "only the first layer trained",
  "0,1": "every layer but the first trained",
  "1,1": "the trained network",
};
export const cornerName = (k: Corner): string => CORNER_NAMES[k];

/** The corner's name at a corner of the unit square, else "". */
export function pointName(alpha: number, beta: number): string {
  const k = `${alpha},${beta}`;
  return (CORNERS as readonly string[]).includes(k) ? CORNER_NAMES[k as Corner] : "";
}

/** An axis of the chart: data domain → SVG range (viewBox units), linear. */
export interface Axis {
  domain: [number, number];
  range: [number, number];
}
export interface PlaneScales {
  x: Axis;
  y: Axis;
}

export const toRange = (a: Axis, v: number): number => a.range[0] + ((v - a.domain[0]) / (a.domain[1] - a.domain[0])) * (a.range[1] - a.range[0]);
export const toDomain = (a: Axis, p: number): number => a.domain[0] + ((p - a.range[0]) / (a.range[1] - a.range[0])) * (a.domain[1] - a.domain[0]);

/** Tick values: the multiples of 0.25 on the grid axis. */
export function axisTicks(axis: readonly number[]): number[] {
  const lo = Math.ceil(axis[0] * 4 - 1e-9);
  const hi = Math.floor(axis[axis.length - 1] * 4 + 1e-9);
  return Array.from({ length: hi - lo + 1 }, (_, k) => (lo + k) / 4);
}

/** "−0.25 1.25" ↔ [−0.25, 1.25]: an axis's domain or range as an attribute. */
export const pairText = (p: readonly [number, number]): string => `${p[0]} ${p[1]}`;
export function parsePair(text: string | null, what: string): [number, number] {
  const p = (text ?? "").trim().split(/\s+/).map(Number);
  if (p.length !== 2 || !p.every(Number.isFinite) || p[0] === p[1]) throw new Error(`the chart's ${what} "${text}" is not two different numbers`);
  return [p[0], p[1]];
}

/** The marker's leaves (patched in place): a ring at the point, drawn through the chart's scales. */
export function markerLeaves(scales: PlaneScales, s: PlaneSettings): string {
  const cx = fmt(toRange(scales.x, s.alpha));
  const cy = fmt(toRange(scales.y, s.beta));
  return `<circle class="plane-point-halo" cx="${cx}" cy="${cy}" r="9"/><circle class="plane-point" cx="${cx}" cy="${cy}" r="6"/>`;
}

// ---------------------------------------------------------------------------------------------
// The loader's grid, carried in the page as data attributes.

export interface GridValues {
  alpha: number[];
  beta: number[];
  /** Row-major: index j·alpha.length + i is (alpha[i], beta[j]). */
  cost: number[];
  accuracy: number[];
  trainDigits: number;
  testDigits: number;
}

/** Index of the grid value nearest to v. */
export function nearest(axis: readonly number[], v: number): number {
  let best = 0;
  for (let i = 1; i < axis.length; i++) if (Math.abs(axis[i] - v) < Math.abs(axis[best] - v)) best = i;
  return best;
}

export function gridAt(g: GridValues, s: PlaneSettings): { cost: number; accuracy: number } {
  const k = nearest(g.beta, s.beta) * g.alpha.length + nearest(g.alpha, s.alpha);
  return { cost: g.cost[k], accuracy: g.accuracy[k] };
}

// ---------------------------------------------------------------------------------------------
// Words.

/** Three significant figures unless told otherwise (sig in src/lib/draw/format.ts): "−1.23 × 10⁻⁵", "3.305". */
export const sigText = (v: number, digits = 3): string => sig(v, digits);
/** An accuracy with up to one decimal: "87.5%". */
export const percentText = (v: number): string => percent(v, 1);
const count = (n: number) => n.toLocaleString("en-US");

export function pointText(s: PlaneSettings): string {
  const name = pointName(s.alpha, s.beta);
  return `α = ${settingText(s.alpha)}, β = ${settingText(s.beta)}${name ? ` (${name})` : ""}`;
}

/**
 * The readout at a point the page was not built for (a shared link, or a move before the weights and
 * digits have arrived): the browser computes there once they have loaded, on the reader's first touch.
 */
export function pendingReadout(s: PlaneSettings): string {
  return `At ${pointText(s)}: your browser computes C, ∂C/∂α, ∂C/∂β and the test accuracy here once the run's weights and the digits have loaded (they load when you first touch the demo).`;
}

/** The readout before the reader's browser has computed anything: the loader's values at the point. */
export function gridReadout(g: GridValues, s: PlaneSettings): string {
  const v = gridAt(g, s);
  return (
    `At ${pointText(s)}: C = ${sigText(v.cost, 4)} on the ${count(g.trainDigits)} training digits and test accuracy ${percentText(v.accuracy)} ` +
    `on ${count(g.testDigits)} test digits, from the loader's grid behind the chart.`
  );
}

export interface LiveCounts {
  /** Digits the browser computed on. */
  train: number;
  test: number;
  /** Digits the loader (the chart) used. */
  runTrain: number;
  runTest: number;
}

/** What the browser computed at the point, and on which digits. */
export function liveReadout(s: PlaneSettings, p: { cost: number; dAlpha: number; dBeta: number }, testAccuracy: number, n: LiveCounts): string {
  const train =
    n.train >= n.runTrain
      ? `the ${count(n.train)} training digits this run trained on (the chart's too)`
      : `the first ${count(n.train)} of the ${count(n.runTrain)} training digits this run trained on, so C differs from the chart's, which the loader computed on all ${count(n.runTrain)}`;
  const test = n.test >= n.runTest ? `its ${count(n.test)} test digits` : `the first ${count(n.test)} of the ${count(n.runTest)} test digits the chart's accuracy uses`;
  return (
    `At ${pointText(s)}: C = ${sigText(p.cost, 4)}, ∂C/∂α = ${sigText(p.dAlpha)}, ∂C/∂β = ${sigText(p.dBeta)}, test accuracy ${percentText(testAccuracy)}. ` +
    `Computed in your browser on ${train}; the accuracy on ${test}.`
  );
}

/** The chart's text alternative while the demo runs: the point, then what the picture shows. */
export const liveLabel = (s: PlaneSettings, chart: string): string => `The point is at ${pointText(s)}. ${chart}`;
