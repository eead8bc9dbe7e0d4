/**
 * View of the plateau demo as SVG strings (build time and browser): the cost
 * along y with the iterates on it, and |∂C/∂y| at every step on a log scale.
 */
import { asVectorCost, descend, type Descent } from "../../lib/toy-math/optimizers.ts";
import { plateauCost, plateauStart } from "../../lib/toy-math/quadratic.ts";
import { niceCeil, axes, dotsPath, esc, fmt, linePath, logTicks, num, pathData, powerOfTen, scaleLinear, scaleLog, ticks } from "../../lib/draw/svg.ts";
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

/** Margins leave room for text at the largest font the figure gets (about 21 units on a phone: src/styles/global.css). */
const PROFILE = { w: 560, h: 270, m: { top: 33, right: 14, bottom: 60, left: 46 } };
const px = scaleLinear(Y_VIEW, [PROFILE.m.left, PROFILE.w - PROFILE.m.right]);
const py = scaleLinear([-0.05, 1.1], [PROFILE.h - PROFILE.m.bottom, PROFILE.m.top]);
const inView = (v: number) => v >= Y_VIEW[0] && v <= Y_VIEW[1];
const pyOf = (v: number) => py(Math.min(1.1, cost.value(0, v)));

/** Every iterate's y as dots on the profile (one path), the start and the end. */
export function profileDynamic(r: Descent): string {
  // A plain loop over the iterates (thousands of them): skip those out of view, no temporary arrays.
  const pts = r.points;
  let d = "";
  let count = 0;
  let lx = Infinity;
  let ly = Infinity;
  for (let k = 0; k < pts.length; k++) {
    const v = pts[k][1];
    if (!inView(v)) continue;
    count++;
    const X = px(v);
    const Y = pyOf(v);
    if (Math.abs(X - lx) < 1 && Math.abs(Y - ly) < 1) continue;
    lx = X;
    ly = Y;
    d += dotsPath([[X, Y]], 2.5);
  }
  const first = pts[0][1];
  const last = pts[pts.length - 1][1];
  return (
    `<path d="${d}" class="iterate" data-count="${count}"/>` +
    `<circle cx="${fmt(px(first))}" cy="${fmt(pyOf(first))}" r="6" class="start"/>` +
    (inView(last) ? `<circle cx="${fmt(px(last))}" cy="${fmt(pyOf(last))}" r="6" class="end"/>` : "")
  );
}

export function profileLabel(s: PlateauSettings, r: Descent): string {
  return `The cost along y: level and nearly flat from y = −2 to about y = 3, then a drop into a well at y = ${num(cost.minimum![1], 0)}. ${summary(s, r)}`;
}

/** The cost along y (through x = 0) with every iterate's y marked on it. */
export function profileSvg(s: PlateauSettings, r: Descent): string {
  const curve: [number, number][] = [];
  for (let i = 0; i <= 300; i++) {
    const v = Y_VIEW[0] + ((Y_VIEW[1] - Y_VIEW[0]) * i) / 300;
    curve.push([px(v), py(cost.value(0, v))]);
  }
  return (
    `<svg viewBox="0 0 ${PROFILE.w} ${PROFILE.h}" class="figure-svg plateau-profile" font-size="13" role="img" aria-label="${esc(profileLabel(s, r))}">` +
    axes({ x: px, y: py, xTicks: ticks(...Y_VIEW, 6), yTicks: ticks(0, 1, 4), xLabel: "y — an early-layer weight", yLabel: "cost along y" }) +
    `<path d="${pathData(curve)}" class="curve"/>` +
    `<g data-role="profile-dynamic">${profileDynamic(r)}</g>` +
    `</svg>`
  );
}

const SLOPE = { w: 560, h: 230, m: { top: 33, right: 30, bottom: 60, left: 52 }, lo: 1e-8, hi: 10 };
/** The step axis ends at a round number at or above the steps, so it is redrawn only when that number changes. */
export const stepAxisEnd = (steps: number) => niceCeil(Math.max(1, steps));
const slopeX = (steps: number) => scaleLinear([0, stepAxisEnd(steps)], [SLOPE.m.left, SLOPE.w - SLOPE.m.right]);
const slopeY = scaleLog([SLOPE.lo, SLOPE.hi], [SLOPE.h - SLOPE.m.bottom, SLOPE.m.top]);

/** Path data of |∂C/∂y| per step. */
export function slopeLine(s: PlateauSettings, r: Descent): string {
  const x = slopeX(s.steps);
  const g = r.gradients;
  return linePath(g.length, x, (k) => slopeY(Math.min(SLOPE.hi, Math.max(SLOPE.lo, Math.abs(g[k][1])))));
}

/** |∂C/∂y| at every step, on a log scale. */
export function slopeSvg(s: PlateauSettings, r: Descent): string {
  return (
    `<svg viewBox="0 0 ${SLOPE.w} ${SLOPE.h}" class="figure-svg plateau-slope" font-size="13" role="img" aria-label="${esc(slopeAlt(r))}" data-axis="${stepAxisEnd(s.steps)}">` +
    axes({ x: slopeX(s.steps), y: slopeY, xTicks: ticks(0, stepAxisEnd(s.steps), 6), yTicks: logTicks(SLOPE.lo, SLOPE.hi).filter((_, i) => i % 3 === 0), xLabel: "step k", yLabel: "|∂C/∂y| (log)", yFormat: powerOfTen }) +
    `<path d="${slopeLine(s, r)}" class="series-y" data-role="slope-line"/>` +
    `</svg>`
  );
}

export function slopeAlt(r: Descent): string {
  const g = r.gradients.map((v) => Math.abs(v[1]));
  const peak = g.reduce((a, b) => Math.max(a, b), 0);
  const show = (v: number) => (v < 1e-8 ? "below 10⁻⁸" : num(v, 4));
  return `|∂C/∂y| at each step on a log scale: ${show(g[0])} at the start, largest ${show(peak)}, ${show(g[g.length - 1])} at the last step.`;
}

export function summary(s: PlateauSettings, r: Descent = run(s)): string {
  const g0 = Math.abs(r.gradients[0][1]);
  const steps = r.points.length - 1;
  const yEnd = r.points[steps][1];
  const head = `At the start |∂C/∂y| = ${num(g0, 4)}.`;
  const who = `${OPTIMIZER_LABELS[s.optimizer]} with η = ${num(s.eta, 3)}`;
  if (r.status === "diverged") return `${head} ${who} diverged after ${steps} steps: ${divergenceReason(s)}`;
  if (r.arrivedAt !== null) return `${head} ${who} reached the minimum (within 0.01) after ${r.arrivedAt} steps.`;
  return `${head} ${who}: after ${steps} steps y = ${num(yEnd, 2)}, still ${num(Math.abs(yEnd - cost.minimum![1]), 2)} from the minimum.`;
}

/** Why a run on the plateau blew up, in words. */
function divergenceReason(s: PlateauSettings): string {
  const a = cost.params.a;
  if (s.optimizer === "gd") return `η is above the bound 1/a = ${num(1 / a, 2)} that the steep x direction sets, so x swings further on every step.`;
  if (s.optimizer === "momentum") return `η is above momentum's bound (1 + μ)/a = ${num(1.9 / a, 2)}, set by the steep x direction.`;
  if (s.optimizer === "preconditioned") {
    return "the rescaling divides each step by the curvature along it; a large η overshoots the well, and near its shoulders the curvature is almost zero or negative, so single steps become huge. Rescaling is a perfect fix only where the curvature is positive and known, as in the bowl.";
  }
  return "its steps grew until a coordinate passed 1000.";
}
