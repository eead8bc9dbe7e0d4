/**
 * The "through time" demo's two charts as SVG strings (build time and browser), DOM-free:
 *   gradient  ‖∂C/∂hₜ‖ against the step t = 0..T, log y axis: one line per measurement, the start
 *             dashed, earlier epochs thin, the latest bold;
 *   accuracy  training and test accuracy against epoch, with the chance line 1/K.
 * A committed run drawn behind a live one is faint (`trainer-ghost`, global.css) with data-line
 * "committed-<epoch>" (gradient) or "committed-<series>" (accuracy); the shown run's lines carry
 * data-line "e<epoch>" or "train"/"test". The element patches the <svg>'s children in place
 * (src/islands/patch.ts): every chart is a flat list of leaves.
 */
import { axes, esc, fmt, linePath, powerOfTen, scaleLinear, scaleLog, ticks, type Scale } from "../../lib/draw/svg.ts";
import { decadeTicks, logDomain } from "../trainer/scales.ts";
import type { TimeEntry } from "./committed.ts";
import { clampNorm, gradAt, normText, pct, percentText } from "./view.ts";

/** Geometry in viewBox units; the right margin holds the legend at a phone's font size (as the trainer's charts). */
export const CHART = { w: 560, h: 300, m: { top: 40, right: 150, bottom: 64, left: 64 } };
const PHONE_EM = 0.0383 * CHART.w;
const LEGEND_ROW = 1.3 * PHONE_EM;
const SVG_CLASS = "figure-svg vg-plot plot-vb-560";
const yRange: [number, number] = [CHART.h - CHART.m.bottom, CHART.m.top];
const xRange: [number, number] = [CHART.m.left, CHART.w - CHART.m.right];

/** Stroke widths: the latest measurement bold, earlier ones thin; the start dashed. */
export const STROKE = { latest: 3.5, earlier: 1.25, start: 2 } as const;
const START_DASH = "6 4";

export interface ChartInput {
  /** The run drawn in full: the live run, or (before training) the committed run of the settings. */
  shown: readonly TimeEntry[];
  /** A committed run drawn faint behind it; empty: none. */
  ghost: readonly TimeEntry[];
}

type Line = { values: number[]; xs: number[]; line: string; width: number; dash: string; cls: string };

function path(l: Line, x: Scale, y: Scale): string {
  return `<path d="${linePath(l.values.length, (i) => x(l.xs[i]), (i) => y(l.values[i]))}" class="plot-series ${l.cls}" stroke="currentColor" stroke-width="${l.width}" stroke-dasharray="${l.dash}" stroke-linecap="round" stroke-linejoin="round" fill="none" data-line="${l.line}"/>`;
}

function legend(rows: { text: string; width: number; dash: string; cls: string }[]): string {
  const x0 = CHART.w - CHART.m.right + 6;
  return rows
    .map((r, k) => {
      const Y = fmt(CHART.m.top + 8 + k * LEGEND_ROW);
      return `<line x1="${x0}" x2="${x0 + 16}" y1="${Y}" y2="${Y}" class="plot-series ${r.cls}" stroke="currentColor" stroke-width="${r.width}" stroke-dasharray="${r.dash}"/><text x="${x0 + 20}" y="${Y}" dy="0.32em" class="legend">${esc(r.text)}</text>`;
    })
    .join("");
}

const axisLeaves = (a: string) => a.slice(a.indexOf(">") + 1, -"</g>".length);
const steps = (T: number) => Array.from({ length: T + 1 }, (_, t) => t);

/** How an entry's gradient line looks: the start dashed, the latest bold, the others thin. */
function gradientStyle(k: number, n: number): { width: number; dash: string } {
  if (k === n - 1) return { width: STROKE.latest, dash: k === 0 ? START_DASH : "none" };
  return k === 0 ? { width: STROKE.start, dash: START_DASH } : { width: STROKE.earlier, dash: "none" };
}

/** The y domain of the gradient chart: whole decades around every value drawn (shown and faint). */
export const gradientDomain = (o: ChartInput): [number, number] => logDomain([...o.shown, ...o.ghost].flatMap((e) => e.hiddenGradNorms.map(clampNorm)));

export function gradientDynamic(T: number, o: ChartInput): string {
  const x = scaleLinear([0, T], xRange);
  const domain = gradientDomain(o);
  const y = scaleLog(domain, yRange);
  const ts = steps(T);
  let s = axisLeaves(axes({ x, y, xTicks: ticks(0, T, 5), yTicks: decadeTicks(domain), xLabel: "step t (the answer is due at t = T)", yLabel: "‖∂C/∂hₜ‖ (log scale)", yFormat: powerOfTen }));
  o.ghost.forEach((e, k) => {
    const st = gradientStyle(k, o.ghost.length);
    s += path({ values: e.hiddenGradNorms.map(clampNorm), xs: ts, line: `committed-${e.epoch}`, width: Math.min(st.width, STROKE.start), dash: st.dash, cls: "plot-s5 trainer-ghost" }, x, y);
  });
  o.shown.forEach((e, k) => {
    const st = gradientStyle(k, o.shown.length);
    s += path({ values: e.hiddenGradNorms.map(clampNorm), xs: ts, line: `e${e.epoch}`, ...st, cls: "plot-s1" }, x, y);
  });
  const rows: { text: string; width: number; dash: string; cls: string }[] = [];
  const last = o.shown.at(-1);
  if (o.shown.length) rows.push({ text: "start", width: STROKE.start, dash: START_DASH, cls: "plot-s1" });
  if (o.shown.length > 2) rows.push({ text: "earlier", width: STROKE.earlier, dash: "none", cls: "plot-s1" });
  if (last && last.epoch > 0) rows.push({ text: `epoch ${last.epoch}`, width: STROKE.latest, dash: "none", cls: "plot-s1" });
  if (o.ghost.length) rows.push({ text: "committed", width: STROKE.start, dash: "none", cls: "ghost-key trainer-ghost" });
  return s + legend(rows);
}

const gradWords = (e: TimeEntry, T: number) => `${gradAt(0)} ${normText(e.hiddenGradNorms[0])}, ${gradAt(T)} ${normText(e.hiddenGradNorms[T])}`;

export function gradientLabel(T: number, o: ChartInput): string {
  const head = `‖∂C/∂hₜ‖, how much the cost depends on the hidden state at step t, against t = 0 to ${T}, on a log scale; the answer is due at t = ${T}.`;
  const first = o.shown[0];
  const last = o.shown.at(-1);
  const ghost = o.ghost.at(-1);
  const then = ghost ? ` Faint: the committed run, ${gradWords(ghost, T)} at epoch ${ghost.epoch}.` : "";
  if (!first || !last) return `${head} Nothing measured yet.${then}`;
  const now = last === first ? "" : ` After epoch ${last.epoch}: ${gradWords(last, T)}.`;
  return `${head} At the start: ${gradWords(first, T)}.${now}${then}`;
}

export interface AccuracyOptions extends ChartInput {
  /** The epoch axis runs 0..maxEpoch (further when a point passes it). */
  maxEpoch: number;
  /** 1/K: the accuracy of guessing. */
  chance: number;
}

export function accuracyDynamic(o: AccuracyOptions): string {
  const lastEpoch = Math.max(0, ...o.shown.map((e) => e.epoch), ...o.ghost.map((e) => e.epoch));
  const end = Math.max(1, o.maxEpoch, lastEpoch);
  const x = scaleLinear([0, end], xRange);
  const y = scaleLinear([0, 100], yRange);
  let s = axisLeaves(axes({ x, y, xTicks: ticks(0, end, 4), yTicks: [0, 25, 50, 75, 100], xLabel: "epoch", yLabel: "accuracy (%)", yFormat: (v) => String(v) }));
  const Y = fmt(y(pct(o.chance)));
  s += `<line x1="${fmt(xRange[0])}" x2="${fmt(xRange[1])}" y1="${Y}" y2="${Y}" class="ref" data-line="chance"/>`;
  const series = (entries: readonly TimeEntry[], ghost: boolean): Line[] => {
    const xs = entries.map((e) => e.epoch);
    const pre = ghost ? "committed-" : "";
    const faint = ghost ? " trainer-ghost" : "";
    return [
      { values: entries.map((e) => pct(e.trainAccuracy)), xs, line: `${pre}train`, width: ghost ? 2 : 2.5, dash: "none", cls: `plot-s1${faint}` },
      { values: entries.map((e) => pct(e.testAccuracy)), xs, line: `${pre}test`, width: ghost ? 2 : 2.5, dash: "10 5", cls: `plot-s2${faint}` },
    ];
  };
  if (o.ghost.length) for (const l of series(o.ghost, true)) s += path(l, x, y);
  const shown = series(o.shown, false);
  for (const l of shown) s += path(l, x, y);
  // The latest value of each line as a dot: one point is visible, and the eye finds "now".
  for (const l of shown) {
    const i = l.xs.length - 1;
    if (i >= 0 && Number.isFinite(l.values[i])) s += `<circle cx="${fmt(x(l.xs[i]))}" cy="${fmt(y(l.values[i]))}" r="4" class="plot-series ${l.cls}" fill="currentColor" data-line="${l.line}"/>`;
  }
  const rows = [
    { text: "training", width: 2.5, dash: "none", cls: "plot-s1" },
    { text: "test", width: 2.5, dash: "10 5", cls: "plot-s2" },
    { text: "chance", width: 1, dash: "4 4", cls: "ref" },
  ];
  if (o.ghost.length) rows.push({ text: "committed", width: 2, dash: "none", cls: "ghost-key trainer-ghost" });
  return s + legend(rows);
}

export function accuracyLabel(o: AccuracyOptions): string {
  const head = `Training and test accuracy against epoch; the dashed line at ${percentText(o.chance)} is chance (guessing one of the symbols).`;
  const words = (e: TimeEntry) => `training ${percentText(e.trainAccuracy)}, test ${percentText(e.testAccuracy)}`;
  const ghost = o.ghost.at(-1);
  const then = ghost ? ` Faint: the committed run, epoch ${ghost.epoch}: ${words(ghost)}.` : "";
  const last = o.shown.at(-1);
  if (!last) return `${head} Nothing measured yet.${then}`;
  return `${head} Epoch ${last.epoch}: ${words(last)}.${then}`;
}

const svg = (cls: string, label: string, inner: string) =>
  `<svg viewBox="0 0 ${CHART.w} ${CHART.h}" class="${SVG_CLASS} ${cls}" role="img" aria-label="${esc(label)}">${inner}</svg>`;

export const gradientSvg = (T: number, o: ChartInput) => svg("tt-gradient", gradientLabel(T, o), gradientDynamic(T, o));
export const accuracySvg = (o: AccuracyOptions) => svg("tt-accuracy", accuracyLabel(o), accuracyDynamic(o));
