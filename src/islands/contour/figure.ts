/**
 * View of the contour demo as SVG strings: the same code draws the static figure
 * at build time and redraws in the browser. Three parts are exported separately
 * so the element can replace only what changed (contours only when a changes).
 */
import { asVectorCost, descend, quadraticStabilityBound, type Descent } from "../../lib/toy-math/optimizers.ts";
import { contractionFactors, contourEllipse, fastestLearningRate, quadratic, slowerCoordinate, stabilityBound } from "../../lib/toy-math/quadratic.ts";
import { niceCeil, axes, esc, fmt, linePath, logTicks, num, pathData, powerOfTen, scaleLinear, scaleLog, ticks, type Scale } from "../../lib/draw/svg.ts";
import { OPTIMIZER_LABELS, VIEW, type ContourSettings } from "./settings.ts";

export const W = 520;
export const H = 420;
/** Margins leave room for text at the largest font the figure gets (about 20 units on a phone: src/styles/global.css). */
const M = { top: 30, right: 12, bottom: 56, left: 50 };
export const xScale = scaleLinear(VIEW.x, [M.left, W - M.right]);
export const yScale = scaleLinear(VIEW.y, [H - M.bottom, M.top]);
/** Iterates stop once they leave a box this many times the view: far enough to show the escape. */
const ESCAPE = 1e3;

export function run(s: ContourSettings): Descent {
  return descend(asVectorCost(quadratic(s.a)), [s.x0, s.y0], { optimizer: s.optimizer, eta: s.eta, steps: s.steps, bound: ESCAPE, tolerance: 1e-3 });
}

/** Contour levels spaced geometrically so both the steep and the shallow direction get lines. */
export function levels(a: number): number[] {
  const lo = 0.02;
  const hi = a * VIEW.x[1] ** 2 + VIEW.y[1] ** 2;
  const n = 14;
  return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (i / (n - 1)));
}

export function contoursSvg(a: number): string {
  return levels(a)
    .map((c) => {
      const pts = contourEllipse(a, c, 100).map(([x, y]) => [xScale(x), yScale(y)] as [number, number]);
      return `<path d="${pathData(pts)}Z" class="contour"/>`;
    })
    .join("");
}

/**
 * Arrows from each iterate to the next (clipped to the view), the gradient at the
 * start, and its contour. All shafts are one path and all heads another, so a
 * redraw touches a handful of DOM nodes however many steps there are.
 */
export function pathSvg(s: ContourSettings, r: Descent, id: string): string {
  let shafts = "";
  let heads = "";
  let count = 0;
  const pts = r.points;
  for (let k = 0; k + 1 < pts.length; k++) {
    const X1 = xScale(pts[k][0]);
    const Y1 = yScale(pts[k][1]);
    const X2 = xScale(pts[k + 1][0]);
    const Y2 = yScale(pts[k + 1][1]);
    const len = Math.hypot(X2 - X1, Y2 - Y1);
    if (len < 1.5) continue;
    count++;
    const ux = (X2 - X1) / len;
    const uy = (Y2 - Y1) / len;
    const size = Math.min(7, len * 0.6);
    const bx = X2 - ux * size;
    const by = Y2 - uy * size;
    shafts += `M${fmt(X1)},${fmt(Y1)}L${fmt(bx)},${fmt(by)}`;
    heads += `M${fmt(X2)},${fmt(Y2)}L${fmt(bx - uy * size * 0.45)},${fmt(by + ux * size * 0.45)}L${fmt(bx + uy * size * 0.45)},${fmt(by - ux * size * 0.45)}Z`;
  }
  const [xe, ye] = pts[pts.length - 1];
  let out = `<path d="${shafts}" class="step" data-count="${count}"/><path d="${heads}" class="step-head"/>`;
  out += `<circle cx="${fmt(xScale(xe))}" cy="${fmt(yScale(ye))}" r="4" class="end"/>`;
  if (s.showGradient) out += gradientSvg(s, id);
  return out;
}

function gradientSvg(s: ContourSettings, id: string): string {
  const q = quadratic(s.a);
  const level = q.value(s.x0, s.y0);
  const [gx, gy] = q.gradient(s.x0, s.y0);
  // The gradient as seen on screen, (∂C/∂X, ∂C/∂Y) for screen coordinates X, Y: it is
  // perpendicular to the contour as drawn, whatever the two axes' scales.
  const sx = gx / (xScale(1) - xScale(0));
  const sy = gy / (yScale(1) - yScale(0));
  const len = Math.hypot(sx, sy);
  const px = xScale(s.x0);
  const py = yScale(s.y0);
  let s2 = "";
  if (level > 0) {
    const ring = contourEllipse(s.a, level, 160).map(([x, y]) => [xScale(x), yScale(y)] as [number, number]);
    s2 += `<path d="${pathData(ring)}Z" class="contour-here"/>`;
  }
  if (len > 0) {
    const L = 56;
    s2 += `<line x1="${fmt(px)}" y1="${fmt(py)}" x2="${fmt(px + (sx / len) * L)}" y2="${fmt(py + (sy / len) * L)}" class="gradient" marker-end="url(#${id}-ghead)"/>`;
  }
  return s2;
}

/** The whole main figure (used at build time); the element updates its groups in place. */
export function mainSvg(s: ContourSettings, r: Descent, id: string): string {
  const clip = `${id}-clip`;
  const [x0, x1] = xScale.range;
  const [y1, y0] = yScale.range;
  return (
    `<svg viewBox="0 0 ${W} ${H}" class="figure-svg contour-svg" font-size="13" role="img" aria-label="${esc(altText(s, r))}" data-role="main-svg">` +
    `<defs><clipPath id="${clip}"><rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}"/></clipPath>` +
    `<marker id="${id}-ghead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" class="gradient-head"/></marker></defs>` +
    axes({ x: xScale, y: yScale, xTicks: ticks(...VIEW.x, 6), yTicks: ticks(...VIEW.y, 8), xLabel: "x — a later-layer weight (steep)", yLabel: "y — an early-layer weight (flat)" }) +
    `<g clip-path="url(#${clip})"><g data-role="contours">${contoursSvg(s.a)}</g><g data-role="path">${pathSvg(s, r, id)}</g></g>` +
    `<circle data-role="handle" cx="${fmt(xScale(s.x0))}" cy="${fmt(yScale(s.y0))}" r="8" class="handle" tabindex="-1" aria-hidden="true"/>` +
    `</svg>`
  );
}

const CHART = { w: 520, h: 300, m: { top: 30, right: 44, bottom: 56, left: 50 }, floor: 1e-8, top: 1e3 };
/** The step axis ends at a round number at or above the steps, so it is redrawn only when that number changes. */
export const stepAxisEnd = (steps: number) => niceCeil(Math.max(1, steps));
const chartX = (steps: number) => scaleLinear([0, stepAxisEnd(steps)], [CHART.m.left, CHART.w - CHART.m.right]);
const chartY: Scale = scaleLog([CHART.floor, CHART.top], [CHART.h - CHART.m.bottom, CHART.m.top]);

/** The two series and their end labels: what changes when only the path changes. */
export function chartSeries(s: ContourSettings, r: Descent): { x: string; y: string; labelX: [number, number]; labelY: [number, number]; alt: string } {
  const x = chartX(s.steps);
  const clampV = (v: number) => Math.min(CHART.top, Math.max(CHART.floor, Math.abs(v)));
  const line = (i: 0 | 1) => linePath(r.points.length, x, (k) => chartY(clampV(r.points[k][i])));
  const last = r.points.length - 1;
  const at = (i: 0 | 1): [number, number] => [x(last) + 6, chartY(clampV(r.points[last][i]))];
  return { x: line(0), y: line(1), labelX: at(0), labelY: at(1), alt: chartAlt(r) };
}

/** |x_k| and |y_k| against k on a log scale. */
export function chartSvg(s: ContourSettings, r: Descent): string {
  const x = chartX(s.steps);
  const ser = chartSeries(s, r);
  return (
    `<svg viewBox="0 0 ${CHART.w} ${CHART.h}" class="figure-svg contour-chart" font-size="13" role="img" aria-label="${esc(ser.alt)}" data-axis="${stepAxisEnd(s.steps)}">` +
    axes({ x, y: chartY, xTicks: ticks(0, stepAxisEnd(s.steps), 6), yTicks: logTicks(CHART.floor, CHART.top).filter((_, i) => i % 2 === 0), xLabel: "step k", yLabel: "distance (log)", yFormat: powerOfTen }) +
    `<path d="${ser.x}" class="series-x" data-role="series-x"/><path d="${ser.y}" class="series-y" data-role="series-y"/>` +
    `<text x="${fmt(ser.labelX[0])}" y="${fmt(ser.labelX[1])}" dy="0.32em" class="series-x" data-role="label-x">|xₖ|</text>` +
    `<text x="${fmt(ser.labelY[0])}" y="${fmt(ser.labelY[1])}" dy="0.32em" class="series-y" data-role="label-y">|yₖ|</text>` +
    `</svg>`
  );
}

function chartAlt(r: Descent): string {
  const [x, y] = r.points[r.points.length - 1];
  return `Distance from the minimum along each axis, step by step, on a log scale: after ${r.points.length - 1} steps |x| = ${num(Math.abs(x), 3)} and |y| = ${num(Math.abs(y), 3)}.`;
}

/** The main figure's text alternative (the summary can be passed in when it is already computed). */
export function altText(s: ContourSettings, r: Descent, said = summary(s, r)): string {
  return `Contour lines of C(x, y) = ${num(s.a, 0)}x² + y², narrow ellipses around the minimum at the origin, with ${OPTIMIZER_LABELS[s.optimizer].toLowerCase()} drawn as arrows from (${num(s.x0, 2)}, ${num(s.y0, 2)}). ${said}`;
}

/** The stability bound for the chosen optimizer, in words, for the label beside the η slider. */
export function boundText(s: ContourSettings): string {
  const bound = quadraticStabilityBound(s.optimizer, s.a);
  if (bound === null) return "Adam has no fixed bound: its steps are about η long in every direction";
  const where = s.eta < bound ? "η is below it" : s.eta === bound ? "η is exactly at it" : "η is above it: diverges";
  return `stability bound ${boundFormula(s)} (${where})`;
}

/** "1/a = 0.0100", "(1 + μ)/a = 0.0190" or "1, whatever a is". */
function boundFormula(s: ContourSettings): string {
  const bound = quadraticStabilityBound(s.optimizer, s.a);
  if (s.optimizer === "gd") return `1/a = ${num(bound!, 4)}`;
  if (s.optimizer === "momentum") return `(1 + μ)/a = ${num(bound!, 4)}`;
  return "1, whatever a is";
}

/** A ratio as "a factor of …", with powers of ten for large ones. */
function factor(before: number, after: number): string {
  const v = Math.abs(before / after);
  if (after === 0 || !(v < 1e15)) return "more than 10¹⁵";
  if (v < 1000) return num(v, 1);
  const e = Math.floor(Math.log10(v));
  return `${(v / 10 ** e).toFixed(1)} × ${powerOfTen(10 ** e)}`;
}

/** What happened, in words: the readout under the figure and part of its text alternative. */
export function summary(s: ContourSettings, r: Descent = run(s)): string {
  const steps = r.points.length - 1;
  const [x, y] = r.points[steps];
  const label = OPTIMIZER_LABELS[s.optimizer];
  if (s.optimizer === "gd") {
    const bound = stabilityBound(s.a);
    const f = contractionFactors(s.a, s.eta);
    const side = s.eta < bound ? "below" : s.eta === bound ? "exactly at" : "above";
    const head = `η = ${num(s.eta, 4)} is ${side} the stability bound 1/a = ${num(bound, 4)}. Each step multiplies x by 1 − 2ηa = ${num(f.x, 3)} and y by 1 − 2η = ${num(f.y, 4)}.`;
    return `${head} ${gdOutcome(s, r)}`;
  }
  const bound = quadraticStabilityBound(s.optimizer, s.a);
  if (r.status === "diverged") {
    const why =
      bound === null
        ? "its steps kept growing"
        : `η is above its stability bound ${boundFormula(s)}, so each step overshoots by more than the last`;
    return `${label} with η = ${num(s.eta, 4)} diverged: ${why}. It was stopped after ${steps} steps, when a coordinate passed ${num(1e3, 0)}.`;
  }
  const done = r.arrivedAt !== null ? ` It came within 0.001 of the minimum at step ${r.arrivedAt}.` : "";
  return `${label} with η = ${num(s.eta, 4)}: after ${steps} steps x = ${num(x, 3)}, y = ${num(y, 3)}.${done}`;
}

/**
 * Plain GD's outcome in words, from the per-step factors fx = 1 − 2ηa and fy = 1 − 2η
 * (x_k = fx^k x_0, y_k = fy^k y_0): a coordinate whose |factor| exceeds 1 grows, one
 * whose factor is −1 flips sign forever, and of two that shrink, the one with the
 * larger |factor| is the slower. The fastest η is 1/(a + 1), where |fx| = |fy|.
 */
function gdOutcome(s: ContourSettings, r: Descent): string {
  const steps = r.points.length - 1;
  const [x, y] = r.points[steps];
  const f = contractionFactors(s.a, s.eta);
  const fx = Math.abs(f.x);
  const fy = Math.abs(f.y);
  const one = (v: number) => Math.abs(v - 1) < 1e-12;
  const fastest = `The fastest η is 1/(a + 1) = ${num(fastestLearningRate(s.a), 4)}`;
  const best = s.a === 1 ? `${fastest}, where both factors are 0: one step lands on the minimum.` : `${fastest}, where the two factors are equal in size.`;
  const over = (n: number) => factor(1, n ** steps);
  if ((fx > 1 && !one(fx)) || (fy > 1 && !one(fy))) {
    const both = fx > 1 && !one(fx) && fy > 1 && !one(fy);
    const who = both ? "x and y" : fx > 1 && !one(fx) ? "x" : "y";
    const which = both ? "|1 − 2ηa| and |1 − 2η| are" : who === "x" ? "|1 − 2ηa| is" : "|1 − 2η| is";
    const grow = `${which} above 1, so ${who} ${both ? "swing" : "swings"} from side to side, further each time`;
    if (r.status === "diverged") {
      return `${grow}: gradient descent diverged and was stopped after ${steps} steps, when a coordinate passed ${num(1e3, 0)} in size.`;
    }
    if (who !== "x and y" && (who === "x" ? s.x0 : s.y0) === 0) {
      const [other, v] = who === "x" ? ["y", y] : ["x", x];
      return `${which} above 1, so any error in ${who} would grow, but ${who} starts at 0, on the valley floor, and stays there. After ${steps} steps ${other} = ${num(v, 3)}.`;
    }
    const n = who === "y" ? fy : fx;
    return `${grow}: gradient descent diverges. After ${steps} steps ${who === "y" ? "|y|" : "|x|"} has grown by a factor of ${factor(n ** steps, 1)}.`;
  }
  if (one(fx) && one(fy)) {
    return `Both factors are −1: x and y flip sign every step without shrinking, and gradient descent neither converges nor diverges.`;
  }
  if (one(fx) || one(fy)) {
    const [stuck, moving, n, v] = one(fx) ? ["x", "y", fy, y] : ["y", "x", fx, x];
    return `So ${stuck} flips sign every step without shrinking, while |${moving}| shrinks to ${num(n, 4)} of its size each step: after ${steps} steps ${moving} = ${num(v, 3)}. ${best}`;
  }
  const slower = slowerCoordinate(s.a, s.eta);
  if (slower === "both") {
    const shrink = `|x| and |y| both shrink to ${num(fx, 4)} of their size each step, by a factor of ${over(fx)} after ${steps} steps.`;
    if (s.a === 1) return `With a = 1 the bowl is round and the two factors are the same: ${shrink} ${best}`;
    return `η is 1/(a + 1), where the two factors are equal in size: ${shrink} No other η makes plain gradient descent contract faster on this bowl.`;
  }
  if (slower === "y") {
    return `Here y contracts more slowly (|1 − 2η| = ${num(fy, 4)} against |1 − 2ηa| = ${num(fx, 4)}): after ${steps} steps x has shrunk by a factor of ${over(fx)} but y only by ${over(fy)} (y = ${num(y, 3)}). The flat direction lags behind. ${best}`;
  }
  return `Here x contracts more slowly (|1 − 2ηa| = ${num(fx, 4)} against |1 − 2η| = ${num(fy, 4)}): η is above 1/(a + 1) = ${num(fastestLearningRate(s.a), 4)}, so x swings from side to side and shrinks less per step than y. After ${steps} steps y has shrunk by a factor of ${over(fy)} but x only by ${over(fx)} (x = ${num(x, 3)}).`;
}
