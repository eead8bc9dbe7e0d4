/**
 * View of the plateau demo as SVG strings (build time and browser): the cost
 * along y with the iterates on it, and |∂C/∂y| at every step on a log scale.
 */
import { asVectorCost, descend, type Descent } from "../../lib/optimizers.ts";
import { plateauCost, plateauStart } from "../../lib/quadratic.ts";
import { axes, esc, fmt, logTicks, num, pathData, powerOfTen, scaleLinear, scaleLog, ticks } from "../../lib/svg.ts";
import { OPTIMIZER_LABELS } from "../contour/settings.ts";
import type { PlateauSettings } from "./settings.ts";

/**
 * The demo's cost: the library's plateau with a slightly stronger tilt, so that
 * plain gradient descent at η = 0.9 finishes within the slider's range of steps
 * (the long creep stays: over a thousand steps).
 */
export const PLATEAU_TILT = 2e-4;
export const cost = plateauCost({ tilt: PLATEAU_TILT });
const Y_VIEW: [number, number] = [-2, 9];

export function run(s: PlateauSettings): Descent {
  return descend(asVectorCost(cost), [plateauStart[0], s.y0], { optimizer: s.optimizer, eta: s.eta, steps: s.steps, bound: 1e3, tolerance: 0.01 });
}

/** The cost along y (through x = 0) with every iterate's y marked on it. */
export function profileSvg(s: PlateauSettings, r: Descent): string {
  const w = 560;
  const h = 240;
  const m = { top: 12, right: 14, bottom: 46, left: 52 };
  const x = scaleLinear(Y_VIEW, [m.left, w - m.right]);
  const y = scaleLinear([-0.05, 1.1], [h - m.bottom, m.top]);
  const curve: [number, number][] = [];
  for (let i = 0; i <= 300; i++) {
    const v = Y_VIEW[0] + ((Y_VIEW[1] - Y_VIEW[0]) * i) / 300;
    curve.push([x(v), y(cost.value(0, v))]);
  }
  const inView = (v: number) => v >= Y_VIEW[0] && v <= Y_VIEW[1];
  const dots = r.points
    .filter((p) => inView(p[1]))
    .map((p) => `<circle cx="${fmt(x(p[1]))}" cy="${fmt(y(Math.min(1.1, cost.value(0, p[1]))))}" r="2.5" class="iterate"/>`)
    .join("");
  const first = r.points[0][1];
  const last = r.points[r.points.length - 1][1];
  return (
    `<svg viewBox="0 0 ${w} ${h}" class="figure-svg plateau-profile" font-size="13" role="img" aria-label="${esc(`The cost along y: level and nearly flat from y = −2 to about y = 3, then a drop into a well at y = ${num(cost.minimum![1], 0)}. ${summary(s, r)}`)}">` +
    axes({ x, y, xTicks: ticks(...Y_VIEW, 11), yTicks: ticks(0, 1, 4), xLabel: "y — an early-layer weight", yLabel: "cost along y" }) +
    `<path d="${pathData(curve)}" class="curve"/>` +
    dots +
    `<circle cx="${fmt(x(first))}" cy="${fmt(y(cost.value(0, first)))}" r="6" class="start"/>` +
    (inView(last) ? `<circle cx="${fmt(x(last))}" cy="${fmt(y(Math.min(1.1, cost.value(0, last))))}" r="6" class="end"/>` : "") +
    `</svg>`
  );
}

/** |∂C/∂y| at every step, on a log scale. */
export function slopeSvg(s: PlateauSettings, r: Descent): string {
  const w = 560;
  const h = 200;
  const m = { top: 10, right: 14, bottom: 42, left: 56 };
  const x = scaleLinear([0, Math.max(1, s.steps)], [m.left, w - m.right]);
  const lo = 1e-8;
  const hi = 10;
  const y = scaleLog([lo, hi], [h - m.bottom, m.top]);
  const pts = r.gradients.map((g, k) => [x(k), y(Math.min(hi, Math.max(lo, Math.abs(g[1]))))] as [number, number]);
  return (
    `<svg viewBox="0 0 ${w} ${h}" class="figure-svg plateau-slope" font-size="12" role="img" aria-label="${esc(slopeAlt(r))}">` +
    axes({ x, y, xTicks: ticks(0, Math.max(1, s.steps), 6), yTicks: logTicks(lo, hi).filter((_, i) => i % 3 === 0), xLabel: "step k", yLabel: "|∂C/∂y| (log)", yFormat: powerOfTen }) +
    `<path d="${pathData(pts)}" class="series-y"/>` +
    `</svg>`
  );
}

function slopeAlt(r: Descent): string {
  const g = r.gradients.map((v) => Math.abs(v[1]));
  const peak = g.reduce((a, b) => Math.max(a, b), 0);
  return `|∂C/∂y| at each step on a log scale: ${num(g[0], 6)} at the start, largest ${num(peak, 3)}, ${num(g[g.length - 1], 6)} at the last step.`;
}

export function summary(s: PlateauSettings, r: Descent = run(s)): string {
  const g0 = Math.abs(r.gradients[0][1]);
  const steps = r.points.length - 1;
  const yEnd = r.points[steps][1];
  const head = `At the start |∂C/∂y| = ${num(g0, 4)}.`;
  const who = `${OPTIMIZER_LABELS[s.optimizer]} with η = ${num(s.eta, 3)}`;
  if (r.status === "diverged") return `${head} ${who} diverged after ${steps} steps.`;
  if (r.arrivedAt !== null) return `${head} ${who} reached the minimum (within 0.01) after ${r.arrivedAt} steps.`;
  return `${head} ${who}: after ${steps} steps y = ${num(yEnd, 2)}, still ${num(Math.abs(yEnd - cost.minimum![1]), 2)} from the minimum.`;
}
