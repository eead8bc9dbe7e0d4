/**
 * The collision demo's pictures and texts as strings (build time and browser):
 * the digits (28 × 28, one <path> per grey level), the changed image on a signed
 * scale, and one bar chart of 30 activations per first layer, the source digit's
 * bar beside the changed image's for every unit. Redraws patch the leaves in place.
 */
import { axes, esc, fmt, num, scaleLinear, type Scale } from "../../lib/draw/svg.ts";
import { LEVELS } from "../pixels/figure.ts";
import { aDigit, tText } from "./settings.ts";
import type { CollisionView, LayerChange } from "./view.ts";

export { imageLeaves, imageSvg } from "../pixels/figure.ts";

const SIDE = 28;

function squares(indices: number[]): string {
  return indices.map((i) => `M${i % SIDE} ${Math.floor(i / SIDE)}h1v1h-1z`).join("");
}

/**
 * An image whose values may leave [0, 1]: ink for values above 0 in LEVELS steps (a
 * value above 1 is drawn as 1), blue (class neg) for values below 0 in LEVELS steps of |value|
 * (−1 or less drawn darkest). 2·LEVELS paths, always, so that a redraw patches in place.
 */
export function signedLeaves(values: ArrayLike<number>): string {
  const ink: number[][] = Array.from({ length: LEVELS }, () => []);
  const neg: number[][] = Array.from({ length: LEVELS }, () => []);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 0) ink[Math.min(LEVELS, Math.ceil(v * LEVELS)) - 1].push(i);
    else if (v < 0) neg[Math.min(LEVELS, Math.ceil(-v * LEVELS)) - 1].push(i);
  }
  const paths = (cls: string, byLevel: number[][]) => byLevel.map((idx, k) => `<path class="${cls}" fill-opacity="${(k + 1) / LEVELS}" d="${squares(idx)}"/>`).join("");
  return paths("ink", ink) + paths("neg", neg);
}

/** Geometry of a bar chart (viewBox units; margins leave room for text at the largest font a phone gets). */
export const BARS = { w: 560, h: 250, m: { top: 33, right: 14, bottom: 60, left: 46 } } as const;
/** The course's first layers have 30 units (data.ts refuses any other). */
export const UNITS = 30;
/** Unit j (1-based) is centred at x(j). */
const barX: Scale = scaleLinear([0.5, UNITS + 0.5], [BARS.m.left, BARS.w - BARS.m.right]);
/** An activation a in [0, 1] is drawn up to y(a). */
export const barY: Scale = scaleLinear([0, 1], [BARS.h - BARS.m.bottom, BARS.m.top]);
const PITCH = (BARS.w - BARS.m.left - BARS.m.right) / UNITS;
const BAR_WIDTH = Math.floor((PITCH - 2) / 2 * 100) / 100;

/**
 * The 60 bars: for every unit, the source digit's activation (left, class bar-source)
 * and the changed image's (right, class bar-changed).
 */
export function barLeaves(lc: Pick<LayerChange, "source" | "changed">): string {
  let s = "";
  const base = barY(0);
  for (let j = 0; j < lc.source.length; j++) {
    const cx = barX(j + 1);
    for (const [cls, a, x] of [["bar-source", lc.source[j], cx - BAR_WIDTH - 0.5], ["bar-changed", lc.changed[j], cx + 0.5]] as const) {
      const top = barY(Math.min(1, Math.max(0, a)));
      s += `<rect class="${cls}" x="${fmt(x)}" y="${fmt(top)}" width="${fmt(BAR_WIDTH)}" height="${fmt(base - top)}"/>`;
    }
  }
  return s;
}

export type LayerName = "random" | "trained";
export const LAYER_TITLES: Record<LayerName, string> = {
  random: "Random first layer (never trained)",
  trained: "The same layer after training",
};

/** Units whose activation moved by more than this count as "moved" in the text alternative. */
const MOVED = 0.01;

export function barsLabel(which: LayerName, v: CollisionView): string {
  const lc = v[which];
  const head = `${LAYER_TITLES[which]}: the 30 activations of the source digit and of the changed image at t = ${tText(v.t)}, side by side for each unit.`;
  if (which === "random") return `${head} Every pair of bars is the same height: the largest difference is ${num(lc.maxChange, 2)}.`;
  const moved = lc.source.filter((a, j) => Math.abs(lc.changed[j] - a) > MOVED).length;
  return `${head} ${moved} of 30 units differ by more than ${MOVED}; the largest difference is ${num(lc.maxChange, 3)}, at unit ${lc.unit + 1}.`;
}

/** One chart: axes, then the bars the island patches (in the group with data-role `${which}-bars`). */
export function barsSvg(which: LayerName, v: CollisionView): string {
  return (
    `<svg viewBox="0 0 ${BARS.w} ${BARS.h}" class="figure-svg collision-bars" font-size="13" role="img" aria-label="${esc(barsLabel(which, v))}">` +
    axes({ x: barX, y: barY, xTicks: [1, 5, 10, 15, 20, 25, 30], yTicks: [0, 0.5, 1], xLabel: "unit of the first layer", yLabel: "activation" }) +
    `<g data-role="${which}-bars">${barLeaves(v[which])}</g>` +
    `</svg>`
  );
}

export const sourceLabel = (v: CollisionView) => `The source: test digit #${v.source.testIndex}, ${aDigit(v.source.label)}.`;
export const targetLabel = (v: CollisionView) => `The target: test digit #${v.target.testIndex}, ${aDigit(v.target.label)}.`;
export function changedLabel(v: CollisionView): string {
  return `The changed image x(t) at t = ${tText(v.t)}: the ${v.source.label} plus ${tText(v.t)} times the change the random layer cannot see; pixel values from ${num(v.range[0], 2)} to ${num(v.range[1], 2)}.`;
}

/** Below this a change of an activation is the rounding error of float64 arithmetic, not a change. */
export const ROUNDING = 1e-9;

/** The readout under the figure. */
export function summary(v: CollisionView): string {
  if (v.norms.d === 0) return `The source and the target are the same image: there is no change to make. Pick another target.`;
  const [lo, hi] = v.range;
  const range = `Its pixel values run from ${num(lo, 2)} to ${num(hi, 2)}${lo < 0 || hi > 1 ? ", outside the 0 to 1 of a real digit" : ""}.`;
  const r = v.random.maxChange;
  const random =
    r === 0 ? "Random layer: none of its 30 activations changes."
    : `Random layer: the largest change of any of its 30 activations is ${num(r, 2)}${r < ROUNDING ? ", the rounding error of the arithmetic" : ""}.`;
  const trained = v.trained.maxChange === 0 ? "Trained layer: none of its activations changes either." : `Trained layer: the largest change is ${num(v.trained.maxChange, 3)}, at unit ${v.trained.unit + 1}.`;
  return (
    `From ${aDigit(v.source.label)} to ${aDigit(v.target.label)}: the difference d has length ‖d‖ = ${num(v.norms.d, 2)}, and its part the random layer cannot see, v, has ‖v‖ = ${num(v.norms.v, 2)} ` +
    `(${num((v.norms.v / v.norms.d) * 100, 1)}% of the length). At t = ${tText(v.t)} the image has moved ${num(v.norms.moved, 2)} from the source. ${range} ${random} ${trained}`
  );
}

export const TABLE_COLUMNS = ["Unit", "Random layer: source", "Random layer: changed", "Trained layer: source", "Trained layer: changed"] as const;

/** The numbers behind both charts: one row per unit, activations to 3 decimals. */
export function tableRows(v: CollisionView): string[][] {
  return Array.from({ length: v.random.source.length }, (_, j) => [String(j + 1), ...[v.random.source, v.random.changed, v.trained.source, v.trained.changed].map((a) => a[j].toFixed(3))]);
}

export const tableCaption = (v: CollisionView) => `The 30 activations of each first layer, for the source digit and for the changed image at t = ${tText(v.t)}`;
