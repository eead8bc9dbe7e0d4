/**
 * View of the 1-D descent demo as SVG and text, written as strings so that the
 * same code renders the static figure at build time and redraws it in the browser.
 */
import { descend1d, wellCost, defaultWell, type Descent1D } from "../../lib/toy-math/descent1d.ts";
import { axes, dotsPath, esc, fmt, num, pathData, scaleLinear, ticks } from "../../lib/draw/svg.ts";
import { RANGES, type Descent1DSettings } from "./settings.ts";

export const cost = wellCost(defaultWell);
const W = 640;
const H = 330;
/** Room for text at the largest font the figure gets (about 24 units on a phone: src/styles/global.css). */
const M = { top: 38, right: 16, bottom: 70, left: 52 };
const X_DOMAIN: [number, number] = [RANGES.start.min, RANGES.start.max];
const Y_DOMAIN: [number, number] = [-0.05, 1.15];

export function run(s: Descent1DSettings): Descent1D {
  return descend1d(cost, s.start, s.eta, s.steps, { bound: 1e3, tolerance: 0.01 });
}

const x = scaleLinear(X_DOMAIN, [M.left, W - M.right]);
const y = scaleLinear(Y_DOMAIN, [H - M.bottom, M.top]);
const inView = (w: number) => w >= X_DOMAIN[0] && w <= X_DOMAIN[1];
const yOf = (c: number) => y(Math.min(c, Y_DOMAIN[1]));

/** The parts that change with the settings: the trail, one path of dots, start and end. */
export function dynamicSvg(result: Descent1D): string {
  const its = result.iterates.filter((p) => inView(p.w));
  const pts = its.map((p) => [x(p.w), yOf(p.cost)] as [number, number]);
  const first = result.iterates[0];
  const last = result.iterates[result.iterates.length - 1];
  return (
    `<path d="${pathData(pts, 0.5)}" class="trail"/>` +
    `<path d="${dotsPath(pts, 2.5)}" class="iterate" data-count="${pts.length}"/>` +
    `<circle cx="${fmt(x(first.w))}" cy="${fmt(yOf(first.cost))}" r="6" class="start"/>` +
    (inView(last.w) ? `<circle cx="${fmt(x(last.w))}" cy="${fmt(yOf(last.cost))}" r="6" class="end"/>` : "")
  );
}

export function ariaLabel(s: Descent1DSettings, result: Descent1D): string {
  return `Cost C(w) with a narrow well at w = ${num(cost.minimum, 0)} inside a long, nearly flat stretch. ${summary(s, result)}`;
}

export function figureSvg(s: Descent1DSettings, result: Descent1D = run(s)): string {
  const n = 300;
  const curve: [number, number][] = [];
  for (let i = 0; i <= n; i++) {
    const w = X_DOMAIN[0] + ((X_DOMAIN[1] - X_DOMAIN[0]) * i) / n;
    curve.push([x(w), y(cost.value(w))]);
  }
  const minMark = `<line x1="${fmt(x(cost.minimum))}" x2="${fmt(x(cost.minimum))}" y1="${fmt(y(0))}" y2="${fmt(y(-0.05))}" class="min-tick"/>`;
  return (
    `<svg viewBox="0 0 ${W} ${H}" class="figure-svg descent-1d" font-size="13" role="img" aria-label="${esc(ariaLabel(s, result))}">` +
    axes({ x, y, xTicks: ticks(...X_DOMAIN, 7), yTicks: ticks(0, 1, 4), xLabel: "weight w", yLabel: "cost C(w)" }) +
    `<path d="${pathData(curve)}" class="curve"/>` +
    minMark +
    `<g data-role="dynamic">${dynamicSvg(result)}</g>` +
    `</svg>`
  );
}

/** One sentence that says what happened, for the readout and the figure's text alternative. */
export function summary(s: Descent1DSettings, r: Descent1D = run(s)): string {
  const first = r.iterates[0];
  const last = r.iterates[r.iterates.length - 1];
  const head = `Starting at w₀ = ${num(s.start, 1)} the slope is ${num(first.slope, 4)}.`;
  if (r.status === "diverged") {
    return `${head} With η = ${num(s.eta, 2)} the steps overshoot the well and grow without bound: gradient descent diverged after ${last.k} steps.`;
  }
  if (r.settledAt !== null) {
    return `${head} With η = ${num(s.eta, 2)} gradient descent reaches the minimum (within 0.01) after ${r.settledAt} steps.`;
  }
  if (r.arrivedAt !== null) {
    return `${head} With η = ${num(s.eta, 2)} it passes within 0.01 of the minimum at step ${r.arrivedAt} but the steps are too large to stay in the narrow well: after ${last.k} steps w = ${num(last.w, 2)}.`;
  }
  if (Math.abs(last.w - cost.minimum) > Math.abs(first.w - cost.minimum) + 0.01) {
    return `${head} η = ${num(s.eta, 2)} is too large for the narrow well: the steps throw w out of it, and after ${last.k} steps w = ${num(last.w, 2)} is ${num(Math.abs(last.w - cost.minimum), 2)} from the minimum.`;
  }
  return `${head} With η = ${num(s.eta, 2)}, after ${last.k} steps w = ${num(last.w, 2)}, still ${num(Math.abs(last.w - cost.minimum), 2)} from the minimum.`;
}
