/**
 * Charts for "How fast does each layer learn?": how large ‖∂C/∂b‖ is in each hidden layer
 * as training goes on, test accuracy for networks of different depth, and how the gap
 * between the last and the first hidden layer grows with depth (Nielsen, chapter 5); and, in
 * weight-change.ts (dispatched from plotFigure), how far each weight layer moves per epoch.
 *
 * The series, tables and label placement are plain data (unit-tested); the charts are
 * Observable Plot rendered to SVG strings at build time by renderPlot.
 */
import * as Plot from "@observablehq/plot";
import { listing, num, percent, powerOfTen, sig } from "../lib/draw/format.ts";
import type { RunLog, Snapshot } from "../lib/schemas/run-log.ts";
import { renderPlot } from "./plot-render.ts";
import { weightChangeChart, weightChangeTable } from "./weight-change.ts";

// ---------------------------------------------------------------------------------------------
// Run logs: read and checked by readRunLog (read-committed.ts, the run-log schema); these are the parts the charts use.

/** The part of a run log (src/lib/schemas/run-log.ts) that the charts read. */
export type ChartLog = Pick<RunLog, "id" | "title" | "architecture" | "initial" | "epochs">;
/** A snapshot with its epoch: the initial one (epoch 0, no weight change yet), then every logged epoch. */
export type EpochSnapshot = Snapshot & { epoch: number; weightChange?: number[] };

// ---------------------------------------------------------------------------------------------
// Series (what the charts plot).

export const hiddenLayers = (log: ChartLog) => log.initial.gradNorms.length - 1;

/** The initial snapshot as epoch 0, then every logged epoch. */
export function snapshots(log: ChartLog): EpochSnapshot[] {
  return [{ epoch: 0, ...log.initial }, ...log.epochs];
}

export interface GradNormRow {
  epoch: number;
  /** "hidden layer 1", "hidden layer 2", … */
  layer: string;
  value: number;
}

/** ‖∂C/∂b‖ of every hidden layer (not the output layer) at every logged epoch, layer by layer. */
export function gradNormSeries(log: ChartLog): GradNormRow[] {
  const rows: GradNormRow[] = [];
  const snaps = snapshots(log);
  for (let l = 0; l < hiddenLayers(log); l++) {
    for (const s of snaps) rows.push({ epoch: s.epoch, layer: `hidden layer ${l + 1}`, value: s.gradNorms[l] });
  }
  return rows;
}

export interface LabelledRun {
  label: string;
  log: ChartLog;
}

export interface AccuracyRow {
  epoch: number;
  run: string;
  value: number;
}

/** Test accuracy (a fraction) of each run at every logged epoch, run by run. */
export function accuracySeries(runs: LabelledRun[]): AccuracyRow[] {
  return runs.flatMap(({ label, log }) => snapshots(log).map((s) => ({ epoch: s.epoch, run: label, value: s.testAccuracy })));
}

/** A short name for a run from its hidden layers: "3 hidden" for 30-30-30, "hidden 50-30-20-10" otherwise. */
export function runLabel(log: ChartLog): string {
  const hidden = log.architecture.slice(1, -1);
  return hidden.every((n) => n === hidden[0]) ? `${hidden.length} hidden` : `hidden ${hidden.join("-")}`;
}

export interface RatioPoint {
  /** Number of hidden layers. */
  depth: number;
  /** ‖∂C/∂b‖ of the last hidden layer over the first's, at initialisation (mean over seeds). */
  mean: number;
  min: number;
  max: number;
  /** The same ratio in the run the site ships (public/runs), when it is shown beside the seeds' range. */
  shipped?: number;
}

/** Last hidden layer's ‖∂C/∂b‖ over the first hidden layer's, at initialisation. */
export function initialRatio(log: ChartLog): number {
  const g = log.initial.gradNorms;
  return g[hiddenLayers(log) - 1] / g[0];
}

/** One point per shipped run (one seed each: mean = min = max). */
export function ratioPointsFromLogs(logs: ChartLog[]): RatioPoint[] {
  return logs
    .map((log) => {
      const r = initialRatio(log);
      return { depth: hiddenLayers(log), mean: r, min: r, max: r };
    })
    .sort((a, b) => a.depth - b.depth);
}

// ---------------------------------------------------------------------------------------------
// Numbers in words and tables.

// Formatted in src/lib/draw/format.ts; re-exported here for the figures that import them from this file.
export { listing, percent, sig };

export interface DataTable {
  caption: string;
  columns: string[];
  rows: string[][];
}

export function gradNormTable(log: ChartLog): DataTable {
  const h = hiddenLayers(log);
  return {
    caption: `‖∂C/∂b‖ of each hidden layer by epoch, ${log.title} (epoch 0: at initialisation)`,
    columns: ["epoch", ...Array.from({ length: h }, (_, l) => `hidden layer ${l + 1}`)],
    rows: snapshots(log).map((s) => [String(s.epoch), ...s.gradNorms.slice(0, h).map((v) => sig(v, 3))]),
  };
}

export function accuracyTable(runs: LabelledRun[]): DataTable {
  const epochs = [...new Set(runs.flatMap(({ log }) => snapshots(log).map((s) => s.epoch)))].sort((a, b) => a - b);
  return {
    caption: "Test accuracy by epoch (epoch 0: at initialisation)",
    columns: ["epoch", ...runs.map((r) => r.label)],
    rows: epochs.map((e) => [String(e), ...runs.map(({ log }) => {
      const s = snapshots(log).find((x) => x.epoch === e);
      return s ? percent(s.testAccuracy) : "–";
    })]),
  };
}

export function ratioTable(points: RatioPoint[]): DataTable {
  const range = points.some((p) => p.max > p.min);
  const shipped = points.some((p) => p.shipped !== undefined);
  return {
    caption: "Last hidden layer's ‖∂C/∂b‖ over the first's, at initialisation",
    columns: ["hidden layers", range ? "mean ratio" : "ratio", ...(range ? ["min", "max"] : []), ...(shipped ? ["shipped run"] : [])],
    rows: points.map((p) => [String(p.depth), sig(p.mean, 3), ...(range ? [sig(p.min, 3), sig(p.max, 3)] : []), ...(shipped ? [p.shipped === undefined ? "–" : sig(p.shipped, 3)] : [])]),
  };
}

// ---------------------------------------------------------------------------------------------
// Label placement.

/**
 * Positions for labels that want to sit at `targets` (one axis, any unit) but must be at
 * least `gap` apart and inside [lo, hi]: the order of the targets is kept, each label moves
 * as little as the gap forces. Returns positions in the order of the targets given.
 */
export function spreadLabels(targets: number[], gap: number, lo = -Infinity, hi = Infinity): number[] {
  const order = targets.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const pos = order.map(([t]) => Math.min(Math.max(t, lo), hi));
  // Push up from the bottom, then back down from the top if the stack ran past hi.
  for (let i = 1; i < pos.length; i++) pos[i] = Math.max(pos[i], pos[i - 1] + gap);
  for (let i = pos.length - 1; i >= 0; i--) {
    const ceiling = i === pos.length - 1 ? hi : pos[i + 1] - gap;
    pos[i] = Math.min(pos[i], ceiling);
  }
  const out = new Array<number>(targets.length);
  order.forEach(([, i], k) => (out[i] = pos[k]));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Charts.

/** Geometry of the line charts, in viewBox units (global.css: .plot-vb-560). */
export const W = 560;
export const H = 340;
export const M = { top: 40, right: 100, bottom: 64, left: 64 };
/** The largest figure text, on a phone: about 0.0383 × viewBox width (global.css, .figure-svg). */
const PHONE_EM = 0.0383 * W;
/**
 * Stroke pattern per series: the second cue besides colour (dash) — solid, dashed, dotted, dash-dot,
 * long dash, dash-long-dash, dash-dot-dot. Seven, as the colours.
 */
export const DASHES = ["none", "10 5", "1 5", "12 4 1 4", "18 6", "3 3 9 3", "7 3 1 3 1 3"];

/**
 * Seven colours (global.css .plot-s1 … .plot-s7), so that seven lines — a six-hidden-layer net's
 * weight layers, its output included — need no colour twice. Series i (0-based) is always
 * .plot-s{i+1}: layer 1 has the same colour in every chart and in the live trainer (layerClass).
 * On the per-layer charts global.css draws .plot-s1, the first hidden layer, thicker.
 */
export const SERIES_COLOURS = 7;
export const seriesClass = (i: number) => `plot-series plot-s${(i % SERIES_COLOURS) + 1}`;

export function logDomain(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (!(lo > 0)) throw new Error(`a log scale needs positive values; the smallest is ${lo}`);
  return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
}

export function powersOfTen([lo, hi]: [number, number]): number[] {
  const a = Math.round(Math.log10(lo));
  const b = Math.round(Math.log10(hi));
  const step = Math.max(1, Math.ceil((b - a) / 6));
  const out: number[] = [];
  for (let e = a; e <= b; e += step) out.push(10 ** e);
  return out;
}

/** The x axis, its label centred under the tick labels and clear of the SVG's bottom edge at a phone's font size. */
export const xAxis = (label: string, marginBottom: number, ticks?: number[]) =>
  Plot.axisX({ label, labelAnchor: "center", labelArrow: "none", labelOffset: marginBottom - 8, ticks: ticks ?? 5, tickFormat: ticks ? (d: number) => String(d) : undefined, className: "plot-axis" });

/**
 * The y axis's title, top left, drawn as text rather than Plot's axis label: Plot puts that 3 units
 * from the top edge, where a phone's larger font pushes its ascent out of the SVG.
 */
export const yTitle = (label: string, margin: { top: number; left: number }) =>
  Plot.text([label], { frameAnchor: "top-left", textAnchor: "start", lineAnchor: "top", dx: 4 - margin.left, dy: 8 - margin.top, className: "plot-axis-title" });

/**
 * The line-end labels of several series: y positions spread so that no two overlap on a phone.
 * `toUnit` maps a value to a unit linear on screen (log10 on a log axis); [lo, hi] is the y domain.
 */
export function endLabels(
  series: { name: string; x: number; y: number }[],
  toUnit: (y: number) => number,
  fromUnit: (u: number) => number,
  [lo, hi]: [number, number],
): { name: string; x: number; y: number }[] {
  const unitsPerPx = (toUnit(hi) - toUnit(lo)) / (H - M.top - M.bottom);
  const spread = spreadLabels(series.map((s) => toUnit(s.y)), 1.15 * PHONE_EM * unitsPerPx, toUnit(lo), toUnit(hi));
  return series.map((s, i) => ({ ...s, y: fromUnit(spread[i]) }));
}

/** ‖∂C/∂b‖ of each hidden layer against epoch, log y, one line per layer (Nielsen's "speed of learning"). */
export function gradNormChart(log: ChartLog): string {
  const rows = gradNormSeries(log);
  const h = hiddenLayers(log);
  const domain = logDomain(rows.map((r) => r.value));
  const last = snapshots(log).at(-1)!;
  const lastEpoch = last.epoch;
  const labels = endLabels(
    Array.from({ length: h }, (_, l) => ({ name: `layer ${l + 1}`, x: lastEpoch, y: last.gradNorms[l] })),
    Math.log10,
    (u) => 10 ** u,
    domain,
  );
  const marks: Plot.Markish[] = [
    Plot.gridY(powersOfTen(domain), { className: "plot-grid" }),
    Plot.axisY({ ticks: powersOfTen(domain), tickFormat: powerOfTen, label: null, className: "plot-axis" }),
    yTitle("‖∂C/∂b‖ (log scale)", M),
    xAxis("epoch", M.bottom),
  ];
  for (let l = 0; l < h; l++) {
    const name = `hidden layer ${l + 1}`;
    marks.push(Plot.lineY(rows.filter((r) => r.layer === name), { x: "epoch", y: "value", stroke: "currentColor", strokeWidth: 2.5, strokeDasharray: DASHES[l % DASHES.length], className: seriesClass(l) }));
    marks.push(Plot.text([labels[l]], { x: "x", y: "y", text: "name", textAnchor: "start", dx: 8, className: seriesClass(l) }));
  }
  const first = log.initial.gradNorms;
  const label =
    `‖∂C/∂b‖ of each hidden layer of ${log.title}, epochs 0 to ${lastEpoch}, on a log scale. ` +
    `At initialisation: ${first.slice(0, h).map((v, l) => `layer ${l + 1} ${sig(v)}`).join(", ")}` +
    (h > 1 ? ` (the last hidden layer's is ${sig(initialRatio(log))} times the first's)` : "") +
    `; after epoch ${lastEpoch}: ${last.gradNorms.slice(0, h).map((v, l) => `layer ${l + 1} ${sig(v)}`).join(", ")}.`;
  return renderPlot(
    { width: W, height: H, marginTop: M.top, marginRight: M.right, marginBottom: M.bottom, marginLeft: M.left, x: { domain: [0, lastEpoch] }, y: { type: "log", domain }, marks },
    { label, className: "plot-grad-norms" },
  );
}

/** Test accuracy against epoch, one line per run. */
export function accuracyChart(runs: LabelledRun[]): string {
  if (runs.length === 0) throw new Error("accuracyChart: no runs to draw");
  const rows = accuracySeries(runs);
  const lastEpoch = Math.max(...rows.map((r) => r.epoch));
  const finals = runs.map(({ label, log }) => ({ name: label, x: snapshots(log).at(-1)!.epoch, y: snapshots(log).at(-1)!.testAccuracy }));
  const labels = endLabels(finals, (y) => y, (u) => u, [0, 1]);
  const marks: Plot.Markish[] = [
    Plot.gridY([0, 0.25, 0.5, 0.75, 1], { className: "plot-grid" }),
    Plot.axisY({ ticks: [0, 0.25, 0.5, 0.75, 1], tickFormat: (v: number) => num(v * 100, 0), label: null, className: "plot-axis" }),
    yTitle("test accuracy (%)", M),
    xAxis("epoch", M.bottom),
  ];
  runs.forEach(({ label }, i) => {
    marks.push(Plot.lineY(rows.filter((r) => r.run === label), { x: "epoch", y: "value", stroke: "currentColor", strokeWidth: 2.5, strokeDasharray: DASHES[i % DASHES.length], className: seriesClass(i) }));
    marks.push(Plot.text([labels[i]], { x: lastEpoch, y: "y", text: "name", textAnchor: "start", dx: 8, className: seriesClass(i) }));
  });
  // Lines that end at the same accuracy lie on top of each other: say so in words.
  const byEnd = new Map<string, string[]>();
  for (const f of finals) byEnd.set(percent(f.y), [...(byEnd.get(percent(f.y)) ?? []), f.name]);
  const same = [...byEnd].filter(([, names]) => names.length > 1).map(([p, names]) => ` (${listing(names)} end at the same ${p}: their lines overlap)`).join("");
  const label =
    `Test accuracy against epoch (0 to ${lastEpoch}) for ${runs.map((r) => r.label).join(", ")}. ` +
    `After the last epoch: ${finals.map((f) => `${f.name} ${percent(f.y)}`).join(", ")}${same}; ` +
    `at initialisation: ${runs.map(({ label: l, log }) => `${l} ${percent(log.initial.testAccuracy)}`).join(", ")}.`;
  return renderPlot(
    { width: W, height: H, marginTop: M.top, marginRight: M.right, marginBottom: M.bottom, marginLeft: M.left, x: { domain: [0, lastEpoch] }, y: { domain: [0, 1] }, marks },
    { label, className: "plot-accuracy" },
  );
}

/** Last over first hidden layer's ‖∂C/∂b‖ at initialisation against depth, log y; ranges and shipped runs where given. */
export function ratioChart(points: RatioPoint[]): string {
  if (points.length === 0) throw new Error("ratioChart: no points to draw");
  for (const p of points) {
    if (!(p.min <= p.mean && p.mean <= p.max)) throw new Error(`ratioChart: at depth ${p.depth} the mean ${p.mean} is not within [${p.min}, ${p.max}]`);
  }
  const RW = 480;
  const RH = 320;
  const RM = { top: 40, right: 24, bottom: 64, left: 56 };
  const pts = [...points].sort((a, b) => a.depth - b.depth);
  const all = pts.flatMap((p) => [p.min, p.max, 1, ...(p.shipped === undefined ? [] : [p.shipped])]);
  const domain = logDomain(all);
  const depths = pts.map((p) => p.depth);
  const ranged = pts.filter((p) => p.max > p.min);
  const shipped = pts.filter((p) => p.shipped !== undefined);
  const marks: Plot.Markish[] = [
    Plot.gridY(powersOfTen(domain), { className: "plot-grid" }),
    Plot.axisY({ ticks: powersOfTen(domain), tickFormat: powerOfTen, label: null, className: "plot-axis" }),
    yTitle("last ÷ first hidden layer", RM),
    xAxis("hidden layers", RM.bottom, depths),
    Plot.lineY(pts, { x: "depth", y: "mean", stroke: "currentColor", strokeWidth: 2, className: seriesClass(0) }),
  ];
  if (ranged.length) marks.push(Plot.ruleX(ranged, { x: "depth", y1: "min", y2: "max", stroke: "currentColor", strokeWidth: 2, className: seriesClass(0) }));
  marks.push(Plot.dot(pts, { x: "depth", y: "mean", r: 5, fill: "currentColor", stroke: "none", className: seriesClass(0) }));
  if (shipped.length) marks.push(Plot.dot(shipped, { x: "depth", y: "shipped", r: 7, fill: "none", stroke: "currentColor", strokeWidth: 2, className: seriesClass(1) }));
  marks.push(Plot.text(pts, { x: "depth", y: "max", text: (p: RatioPoint) => `×${sig(p.mean)}`, dy: -18, className: "plot-value" }));
  const label =
    `The last hidden layer's ‖∂C/∂b‖ divided by the first hidden layer's, at initialisation, against the number of hidden layers, on a log scale: ` +
    pts.map((p) => `${p.depth} hidden ${p.depth === 1 ? "layer" : "layers"} ${sig(p.mean)}${p.max > p.min ? ` (${sig(p.min)} to ${sig(p.max)})` : ""}${p.shipped !== undefined ? `, shipped run ${sig(p.shipped)}` : ""}`).join("; ") +
    (ranged.length ? ". Dots are means over seeds, bars their range" : "") +
    (shipped.length ? ", rings the shipped runs" : "") +
    ".";
  const pad = 0.5;
  return renderPlot(
    { width: RW, height: RH, marginTop: RM.top, marginRight: RM.right, marginBottom: RM.bottom, marginLeft: RM.left, x: { domain: [Math.min(...depths) - pad, Math.max(...depths) + pad] }, y: { type: "log", domain }, marks },
    { label, className: "plot-ratio" },
  );
}

// ---------------------------------------------------------------------------------------------
// One entry point for <PlotFigure>: which chart, from which runs.

export type ChartKind = "grad-norms" | "weight-change" | "accuracy" | "ratio";
export const CHART_KINDS: readonly ChartKind[] = ["grad-norms", "weight-change", "accuracy", "ratio"];

export interface FigureSpec {
  chart: ChartKind;
  /** grad-norms, weight-change: the run. */
  run?: string;
  /** accuracy: the runs, one line each; ratio: the runs to take the points from (when no points are given). */
  runs?: string[];
  /** accuracy: the lines' labels, one per run (default: runLabel). */
  labels?: string[];
  /** ratio: the points (e.g. a seed-averaged table); otherwise one per run in `runs`. */
  points?: RatioPoint[];
}

/**
 * The SVG and the table of its numbers for a figure spec; `read` loads a run's log (readRunLog at build
 * time).
 */
export function plotFigure(spec: FigureSpec, read: (runId: string) => ChartLog): { svg: string; table: DataTable } {
  const need = <T,>(v: T | undefined, what: string): T => {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) throw new Error(`chart="${spec.chart}" needs ${what}`);
    return v;
  };
  switch (spec.chart) {
    case "grad-norms": {
      const log = read(need(spec.run, 'run="<run id>"'));
      return { svg: gradNormChart(log), table: gradNormTable(log) };
    }
    case "weight-change": {
      const log = read(need(spec.run, 'run="<run id>"'));
      return { svg: weightChangeChart(log), table: weightChangeTable(log) };
    }
    case "accuracy": {
      const ids = need(spec.runs, "runs={[…run ids]}");
      if (spec.labels && spec.labels.length !== ids.length) throw new Error(`chart="accuracy" has ${ids.length} runs but ${spec.labels.length} labels`);
      const runs = ids.map((id, i) => {
        const log = read(id);
        return { label: spec.labels?.[i] ?? runLabel(log), log };
      });
      return { svg: accuracyChart(runs), table: accuracyTable(runs) };
    }
    case "ratio": {
      const points = spec.points ?? ratioPointsFromLogs(need(spec.runs, "points={…} or runs={[…run ids]}").map((id) => read(id)));
      return { svg: ratioChart(points), table: ratioTable(points) };
    }
    default:
      throw new Error(`chart="${String(spec.chart)}" is not one of ${CHART_KINDS.join(", ")}`);
  }
}
