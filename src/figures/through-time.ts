/**
 * Lesson 7's charts ("through time"), from the data loader's summary
 * (public/derived/through-time/summary.json, scripts/derived/loaders/through-time.ts):
 *   profileChart   ‖∂C/∂h_t‖ against t at the start of training, T = profileT, log y,
 *                  one line per cell (geometric mean over seeds): the time version of
 *                  Nielsen's per-layer table
 *   accuracyChart  final test accuracy against T, per cell: median over seeds with the
 *                  range of the seeds, chance (1/K) and the "learned" line
 *   cliffChart     the cost along W = s·W₀, and the gradient norm there (log y), with
 *                  the wall marked
 *   stepChart      one gradient step from the wall without and with clipping: the cost
 *                  where it starts and where each lands, against the foot of the wall
 * each with its numbers as a DataTable. Observable Plot at build time.
 */
import * as Plot from "@observablehq/plot";
import { num, powerOfTen } from "../lib/draw/format.ts";
import { renderPlot } from "./plot-render.ts";
import { DASHES, H, M, W, logDomain, percent, powersOfTen, seriesClass, sig, xAxis, yTitle, type DataTable } from "./learning-speed.ts";
/** summary.json's shape: the schema's type (src/lib/schemas/derived/through-time.ts, read through parseThroughTimeSummary). */
import type { ThroughTimeConfig, ThroughTimeSummary } from "../lib/schemas/derived/through-time.ts";

/** How the lesson names each config of the runs, in the order it charts them. */
export const CONFIG_LABELS: Readonly<Record<ThroughTimeConfig, string>> = {
  rnn: "RNN",
  "rnn-orthogonal": "orthogonal",
  "rnn-identity": "identity",
  lstm: "LSTM",
  gru: "GRU",
};
/** The longer names, for tables and text alternatives. */
export const CONFIG_NAMES: Readonly<Record<ThroughTimeConfig, string>> = {
  rnn: "tanh RNN",
  "rnn-orthogonal": "tanh RNN, orthogonal W",
  "rnn-identity": "tanh RNN, W = identity",
  lstm: "LSTM",
  gru: "GRU",
};

/** These charts are 640 wide, with a legend in the right margin (a stretch of each line's stroke and dash, then its name). */
const TW = 640;
const TIME_M = { ...M, right: 200 };
/** The largest figure text, on a phone: about 0.0383 × viewBox width (global.css, .figure-svg). */
const PHONE_EM = 0.0383 * TW;

/**
 * The legend's marks. xAt(px) and yAt(px) turn a position in pixels, measured from the plot's right
 * edge and its top edge, into data coordinates of the chart's scales.
 */
function legendMarks(s: ThroughTimeSummary, xAt: (px: number) => number, yAt: (px: number) => number): Plot.Markish[] {
  const marks: Plot.Markish[] = [];
  s.configs.forEach((c, i) => {
    const y = yAt((i + 0.5) * 1.35 * PHONE_EM);
    marks.push(Plot.line([[xAt(12), y], [xAt(40), y]], { stroke: "currentColor", strokeWidth: 2.5, strokeDasharray: DASHES[i % DASHES.length], className: seriesClass(i) }));
    marks.push(Plot.text([{ x: xAt(40), y, name: CONFIG_LABELS[c] }], { x: "x", y: "y", text: "name", textAnchor: "start", dx: 6, className: seriesClass(i) }));
  });
  return marks;
}
const plotWidth = TW - TIME_M.left - TIME_M.right;
const plotHeight = H - TIME_M.top - TIME_M.bottom;
/** Pixel → data along a linear scale [a, b] over `span` pixels (from b on, for the legend). */
const linearAt = ([a, b]: [number, number], span: number) => (px: number) => b + ((b - a) * px) / span;
const logAt = ([a, b]: [number, number], span: number) => (px: number) => 10 ** (Math.log10(b) + ((Math.log10(b) - Math.log10(a)) * px) / span);
/** From the top down: the same maps with the sign turned. */
const linearDown = ([a, b]: [number, number], span: number) => (px: number) => b - ((b - a) * px) / span;
const logDown = ([a, b]: [number, number], span: number) => (px: number) => 10 ** (Math.log10(b) - ((Math.log10(b) - Math.log10(a)) * px) / span);

// ---------------------------------------------------------------------------------------------
// ‖∂C/∂h_t‖ at the start, against t.

export function profileChart(s: ThroughTimeSummary): string {
  const T = s.profileT;
  const all = s.configs.flatMap((c) => s.profile[c].mean);
  const domain = logDomain(all);
  const marks: Plot.Markish[] = [
    Plot.gridY(powersOfTen(domain), { className: "plot-grid" }),
    Plot.axisY({ ticks: powersOfTen(domain), tickFormat: powerOfTen, label: null, className: "plot-axis" }),
    yTitle("‖∂C/∂hₜ‖ at the start (log scale)", TIME_M),
    xAxis("step t", TIME_M.bottom, [0, 10, 20, 30, 40, 50].filter((x) => x <= T)),
  ];
  s.configs.forEach((c, i) => {
    const rows = s.profile[c].mean.map((value, t) => ({ t, value }));
    marks.push(Plot.lineY(rows, { x: "t", y: "value", stroke: "currentColor", strokeWidth: 2.5, strokeDasharray: DASHES[i % DASHES.length], className: seriesClass(i) }));
  });
  marks.push(...legendMarks(s, linearAt([0, T], plotWidth), logDown(domain, plotHeight)));
  const label =
    `‖∂C/∂hₜ‖, the gradient of the cost with respect to the hidden state at step t, at the start of training, for sequences of ${T} + 1 steps, on a log scale, ` +
    `geometric mean over ${s.accuracy[s.configs[0]][s.lengths[0]].seeds} seeds: ` +
    s.configs.map((c) => `${CONFIG_NAMES[c]} ${sig(s.profile[c].mean[T])} at t = ${T} and ${sig(s.profile[c].mean[0])} at t = 0`).join("; ") +
    ".";
  return renderPlot(
    { width: TW, height: H, marginTop: TIME_M.top, marginRight: TIME_M.right, marginBottom: TIME_M.bottom, marginLeft: TIME_M.left, x: { domain: [0, T] }, y: { type: "log", domain }, marks },
    { label, className: "plot-through-time-profile" },
  );
}

export function profileTable(s: ThroughTimeSummary): DataTable {
  const T = s.profileT;
  const ts = [0, 10, 20, 30, 40, 50].filter((t) => t <= T);
  return {
    caption: `‖∂C/∂hₜ‖ at the start of training, T = ${T}: geometric mean over seeds (smallest to largest seed in brackets)`,
    columns: ["cell", ...ts.map((t) => `t = ${t}`)],
    rows: s.configs.map((c) => [CONFIG_NAMES[c], ...ts.map((t) => `${sig(s.profile[c].mean[t])} (${sig(s.profile[c].min[t])} to ${sig(s.profile[c].max[t])})`)]),
  };
}

// ---------------------------------------------------------------------------------------------
// Final test accuracy against T.

/** Each config's points sit a little apart on the log-T axis, so that their seed ranges do not hide each other. */
export const dodge = (T: number, i: number, n: number) => T * 1.07 ** (i - (n - 1) / 2);

export function accuracyChart(s: ThroughTimeSummary): string {
  const n = s.configs.length;
  const Ts = s.lengths;
  const domain: [number, number] = [Ts[0] / 1.35, Ts[Ts.length - 1] * 1.35];
  const marks: Plot.Markish[] = [
    Plot.gridY([0, 0.25, 0.5, 0.75, 1], { className: "plot-grid" }),
    Plot.axisY({ ticks: [0, 0.25, 0.5, 0.75, 1], tickFormat: (v: number) => num(v * 100, 0), label: null, className: "plot-axis" }),
    yTitle("test accuracy at the end (%)", TIME_M),
    xAxis("T (log scale)", TIME_M.bottom, Ts),
    Plot.ruleY([s.chance], { stroke: "currentColor", strokeDasharray: "2 4", className: "plot-chance" }),
    Plot.text([{ x: domain[0], y: s.chance, name: "chance" }], { x: "x", y: "y", text: "name", textAnchor: "start", dy: 12, dx: 2, className: "plot-chance" }),
  ];
  s.configs.forEach((c, i) => {
    const rows = Ts.map((T) => ({ x: dodge(T, i, n), ...s.accuracy[c][T] }));
    marks.push(Plot.lineY(rows, { x: "x", y: "median", stroke: "currentColor", strokeWidth: 2, strokeDasharray: DASHES[i % DASHES.length], className: seriesClass(i) }));
    marks.push(Plot.ruleX(rows, { x: "x", y1: "min", y2: "max", stroke: "currentColor", strokeWidth: 2, className: seriesClass(i) }));
    marks.push(Plot.dot(rows, { x: "x", y: "median", r: 4, fill: "currentColor", stroke: "none", className: seriesClass(i) }));
  });
  marks.push(...legendMarks(s, logAt(domain, plotWidth), linearDown([0, 1], plotHeight)));
  const label =
    `Test accuracy after training against T (${Ts.join(", ")}), on a log axis, for each cell: median of ${s.accuracy[s.configs[0]][Ts[0]].seeds} seeds with a bar from the lowest to the highest seed; chance is ${percent(s.chance)}. ` +
    s.configs.map((c) => `${CONFIG_NAMES[c]}: ${Ts.map((T) => `T ${T} ${percent(s.accuracy[c][T].median)}`).join(", ")}`).join("; ") +
    ".";
  return renderPlot(
    { width: TW, height: H, marginTop: TIME_M.top, marginRight: TIME_M.right, marginBottom: TIME_M.bottom, marginLeft: TIME_M.left, x: { type: "log", domain }, y: { domain: [0, 1] }, marks },
    { label, className: "plot-through-time-accuracy" },
  );
}

export function accuracyTable(s: ThroughTimeSummary): DataTable {
  return {
    caption: `Test accuracy at the end, lowest to highest seed, and how many seeds reached ${percent(s.learned)} (chance ${percent(s.chance)})`,
    columns: ["cell", ...s.lengths.map((T) => `T = ${T}`)],
    rows: s.configs.map((c) => [CONFIG_NAMES[c], ...s.lengths.map((T) => {
      const a = s.accuracy[c][T];
      return `${percent(a.min)} to ${percent(a.max)} (${a.learned} of ${a.seeds})`;
    })]),
  };
}

// ---------------------------------------------------------------------------------------------
// The cliff: cost and gradient norm along W = s·W₀.

export function cliffChart(s: ThroughTimeSummary, what: "cost" | "gradient"): string {
  const pts = s.cliff.points;
  const xs = pts.map((p) => p.scale);
  const xDomain: [number, number] = [Math.min(...xs), Math.max(...xs)];
  const { from, to } = s.cliff.wall;
  const marks: Plot.Markish[] = [Plot.rectX([{ x1: from, x2: to }], { x1: "x1", x2: "x2", fill: "currentColor", fillOpacity: 0.12, className: "plot-wall" })];
  let y: Plot.ScaleOptions;
  let label: string;
  const peak = s.cliff.peak;
  if (what === "cost") {
    const ys = pts.map((p) => p.cost);
    const lo = Math.floor(Math.min(...ys) * 20) / 20, hi = Math.ceil(Math.max(...ys) * 20) / 20;
    const ticks: number[] = [];
    for (let v = lo; v <= hi + 1e-9; v += 0.05) ticks.push(Number(v.toFixed(2)));
    y = { domain: [lo, hi] };
    marks.push(
      Plot.gridY(ticks, { className: "plot-grid" }),
      Plot.axisY({ ticks, tickFormat: (v: number) => num(v, 2), label: null, className: "plot-axis" }),
      yTitle("cost C", TIME_M),
      Plot.lineY(pts, { x: "scale", y: "cost", stroke: "currentColor", strokeWidth: 2.5, className: seriesClass(0) }),
    );
    const before = pts.filter((p) => p.scale < from);
    const foot = before.reduce((a, b) => (b.cost < a.cost ? b : a));
    label = `The cost of a small tanh RNN as its recurrent matrix is scaled, W = s·W₀, from s = ${sig(xDomain[0])} to ${sig(xDomain[1])}: it falls gently to ${sig(foot.cost, 3)} at s = ${sig(foot.scale, 3)}, climbs a wall between s = ${from} and ${to} (shaded), and stays high beyond it.`;
  } else {
    const ys = pts.map((p) => p.gradNorm);
    const domain = logDomain(ys);
    y = { type: "log", domain };
    marks.push(
      Plot.gridY(powersOfTen(domain), { className: "plot-grid" }),
      Plot.axisY({ ticks: powersOfTen(domain), tickFormat: powerOfTen, label: null, className: "plot-axis" }),
      yTitle("‖∇C‖ (log scale)", TIME_M),
      Plot.lineY(pts, { x: "scale", y: "gradNorm", stroke: "currentColor", strokeWidth: 2.5, className: seriesClass(1) }),
      Plot.dot([peak], { x: "scale", y: "gradNorm", r: 4, fill: "currentColor", className: seriesClass(1) }),
      Plot.text([peak], { x: "scale", y: "gradNorm", text: () => `‖∇C‖ = ${sig(peak.gradNorm, 3)}`, textAnchor: "start", dx: 8, className: "plot-value" }),
    );
    const away = pts.filter((p) => p.scale < from || p.scale > to).map((p) => p.gradNorm);
    label = `The norm of the cost's gradient along the same line W = s·W₀, on a log scale: between ${sig(Math.min(...away))} and ${sig(Math.max(...away))} away from the wall, ${sig(peak.gradNorm, 3)} on it (s = ${sig(peak.scale, 3)}).`;
  }
  marks.push(xAxis("s (W = s·W₀)", TIME_M.bottom, [0.5, 1, 1.5, 2, 2.5, 3].filter((v) => v >= xDomain[0] && v <= xDomain[1])));
  return renderPlot(
    { width: W, height: H, marginTop: TIME_M.top, marginRight: 24, marginBottom: TIME_M.bottom, marginLeft: TIME_M.left, x: { domain: xDomain }, y, marks },
    { label, className: `plot-through-time-cliff-${what}` },
  );
}

/**
 * What one gradient step from the wall does to the cost, without and with clipping: the cost where
 * both steps start, and where each lands, against the foot of the wall (the lowest cost before it).
 */
export function stepChart(s: ThroughTimeSummary): string {
  const st = s.cliff.step;
  const foot = Math.min(...s.cliff.points.filter((p) => p.scale < s.cliff.wall.from).map((p) => p.cost));
  const rows = [
    { name: "start", cost: st.cost, note: `‖∇C‖ ${sig(st.gradNorm, 3)}` },
    { name: "plain step", cost: st.unclipped.cost, note: `length ${sig(st.unclipped.length, 3)}` },
    { name: "clipped step", cost: st.clipped.cost, note: `length ${sig(st.clipped.length, 2)}` },
  ];
  const lo = Math.floor(Math.min(foot, ...rows.map((r) => r.cost)) * 20) / 20 - 0.05;
  const hi = Math.ceil(Math.max(...rows.map((r) => r.cost)) * 20) / 20 + 0.1;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + 1e-9; v += 0.05) ticks.push(Number(v.toFixed(2)));
  const SH = 240;
  const SM = { top: 40, right: 24, bottom: 56, left: 150 };
  const marks: Plot.Markish[] = [
    Plot.gridX(ticks, { className: "plot-grid" }),
    Plot.ruleX([foot], { stroke: "currentColor", strokeDasharray: "4 4", className: "plot-chance" }),
    Plot.text([{ x: foot, name: "foot of the wall" }], { x: "x", frameAnchor: "top", text: "name", textAnchor: "end", dx: 4, dy: -22, className: "plot-chance" }),
    Plot.axisX({ ticks: ticks.filter((_, i) => i % 2 === 0), tickFormat: (v: number) => num(v, 1), label: "cost C", labelAnchor: "center", labelArrow: "none", labelOffset: SM.bottom - 8, className: "plot-axis" }),
    Plot.axisY({ label: null, tickSize: 0, className: "plot-axis" }),
  ];
  rows.forEach((r, k) => {
    marks.push(Plot.dot([r], { x: "cost", y: "name", r: 6, fill: "currentColor", className: seriesClass(k) }));
    marks.push(Plot.text([r], { x: "cost", y: "name", text: "note", textAnchor: "start", dx: 12, className: "plot-value" }));
  });
  const label =
    `One gradient step from the wall (s = ${sig(st.from, 3)}, cost ${sig(st.cost, 3)}, ‖∇C‖ = ${sig(st.gradNorm, 3)}) with learning rate ${st.eta}: ` +
    `without clipping the step is ${sig(st.unclipped.length, 3)} long and lands at cost ${sig(st.unclipped.cost, 3)}; ` +
    `clipped to norm ${st.clip} it is ${sig(st.clipped.length, 2)} long and lands at cost ${sig(st.clipped.cost, 3)}. The foot of the wall is at cost ${sig(foot, 3)}.`;
  return renderPlot(
    { width: W, height: SH, marginTop: SM.top, marginRight: SM.right, marginBottom: SM.bottom, marginLeft: SM.left, x: { domain: [lo, hi] }, y: { domain: rows.map((r) => r.name) }, marks },
    { label, className: "plot-through-time-step" },
  );
}

export function stepTable(s: ThroughTimeSummary): DataTable {
  const st = s.cliff.step;
  return {
    caption: `One step from the wall (s = ${sig(st.from, 3)}) with learning rate ${st.eta}, without and with clipping to norm ${st.clip}`,
    columns: ["", "cost", "‖∇C‖ used", "step length"],
    rows: [
      ["on the wall, before the step", num(st.cost, 4), sig(st.gradNorm, 3), "—"],
      ["after a plain step", num(st.unclipped.cost, 4), sig(st.gradNorm, 3), sig(st.unclipped.length, 3)],
      ["after a clipped step", num(st.clipped.cost, 4), sig(st.clip, 2), sig(st.clipped.length, 2)],
    ],
  };
}

export function cliffTable(s: ThroughTimeSummary): DataTable {
  return {
    caption: "Cost and gradient norm along W = s·W₀ (the finer steps are the wall)",
    columns: ["s", "cost", "‖∇C‖"],
    rows: s.cliff.points.map((p) => [num(p.scale, 3), num(p.cost, 4), sig(p.gradNorm, 3)]),
  };
}
