/**
 * The "what fixes it" lesson's measurements, from the fix-* run logs: per fix, how far apart
 * the hidden layers' weight gradients are (‖∂C₀/∂W‖ of the last hidden layer divided by the
 * first's, at the start and over training), how far the first layer's weights moved, and the
 * accuracies; and one chart of the per-layer gradient profile at the start, all fixes together.
 * The rows are plain data (unit-tested); the chart is Observable Plot rendered at build time.
 */
import * as Plot from "@observablehq/plot";
import { measured, powerOfTen } from "../lib/draw/format.ts";
import type { RunLog, Snapshot } from "../lib/schemas/run-log.ts";
import { renderPlot } from "./plot-render.ts";
import { DASHES, seriesClass, sig, type DataTable } from "./learning-speed.ts";

/** The part of a run log (src/lib/schemas/run-log.ts, read by readRunLog) these measurements read. */
export type FixLog = Pick<RunLog, "id" | "title" | "architecture" | "initial" | "epochs">;


export interface FixRow {
  id: string;
  label: string;
  /** Hidden layers (weight layers 1..H feed them). */
  hidden: number;
  /** ‖∂C₀/∂W‖ of the last hidden layer ÷ the first's, at the start. */
  spreadStart: number;
  /** The same ratio, geometric mean over every logged epoch after the start. */
  spreadTraining: number;
  /** Σ over logged epochs of the first layer's ‖ΔW‖/‖W‖: how far it moved, in units of its own size. */
  firstLayerMoved: number;
  /** The same for the last hidden layer. */
  lastHiddenMoved: number;
  finalTest: number;
  finalTrain: number;
  /** Test accuracy after the first epoch. */
  firstEpochTest: number;
  epochs: number;
}

/** The row of the fixes table for one run. */
export function fixRow(log: FixLog, label: string): FixRow {
  const H = log.architecture.length - 2;
  if (H < 2) throw new Error(`${log.id}: a spread needs at least two hidden layers, the network has ${H}`);
  const ratio = (s: Snapshot) => s.weightGradNorms[H - 1] / s.weightGradNorms[0];
  const after = log.epochs;
  const last = after[after.length - 1];
  return {
    id: log.id,
    label,
    hidden: H,
    spreadStart: ratio(log.initial),
    spreadTraining: Math.exp(after.reduce((s, e) => s + Math.log(ratio(e)), 0) / after.length),
    firstLayerMoved: after.reduce((s, e) => s + e.weightChange[0], 0),
    lastHiddenMoved: after.reduce((s, e) => s + e.weightChange[H - 1], 0),
    finalTest: last.testAccuracy,
    finalTrain: last.trainAccuracy,
    firstEpochTest: after[0].testAccuracy,
    epochs: last.epoch,
  };
}


/** Accuracies to the hundredth of a percent, trailing zeros kept: a share of 2,000 test digits is a multiple of 0.05%, printed exactly (the baseline's 10.95% is the share of 1s, not 10.9%). */
export function fixesTable(rows: FixRow[]): DataTable {
  return {
    caption: "Each fix on the same six-hidden-layer network, seed and epochs",
    columns: ["fix", "spread at start", "spread in training", "first layer moved", "test, epoch 1", "test, end", "training, end"],
    rows: rows.map((r) => [r.label, sig(r.spreadStart), sig(r.spreadTraining), sig(r.firstLayerMoved), measured(r.firstEpochTest, 2, true), measured(r.finalTest, 2, true), measured(r.finalTrain, 2, true)]),
  };
}

// ---------------------------------------------------------------------------------------------
// The per-layer gradient profile at the start, one line per fix.

export interface ProfileRow {
  fix: string;
  layer: number;
  value: number;
}

/** ‖∂C₀/∂W^l‖ of each hidden layer at the start, for each labelled log. */
export function profileRows(runs: Array<{ label: string; log: FixLog }>): ProfileRow[] {
  return runs.flatMap(({ label, log }) => {
    const H = log.architecture.length - 2;
    return log.initial.weightGradNorms.slice(0, H).map((value, l) => ({ fix: label, layer: l + 1, value }));
  });
}

export function profileTable(runs: Array<{ label: string; log: FixLog }>): DataTable {
  const H = Math.max(...runs.map((r) => r.log.architecture.length - 2));
  return {
    caption: "‖∂C₀/∂W‖ of each hidden layer at the start, averaged over 1,000 training digits",
    columns: ["fix", ...Array.from({ length: H }, (_, l) => `layer ${l + 1}`)],
    rows: runs.map(({ label, log }) => [label, ...log.initial.weightGradNorms.slice(0, H).map((v) => sig(v))]),
  };
}


/**
 * Runs whose profile at the start is another's (an optimizer that starts from the same network)
 * are drawn once: the first of them stands for the rest, and the chart's text says so.
 */
export function distinctProfiles(runs: Array<{ label: string; log: FixLog }>): { drawn: Array<{ label: string; log: FixLog }>; same: Array<[string, string]> } {
  const drawn: Array<{ label: string; log: FixLog }> = [];
  const same: Array<[string, string]> = [];
  for (const r of runs) {
    const twin = drawn.find((d) => d.log.initial.weightGradNorms.every((v, i) => v === r.log.initial.weightGradNorms[i]));
    if (twin) same.push([r.label, twin.label]);
    else drawn.push(r);
  }
  return { drawn, same };
}

export function profileChart(all: Array<{ label: string; log: FixLog }>): string {
  if (all.length === 0) throw new Error("profileChart: no runs to draw");
  const { drawn: runs, same } = distinctProfiles(all);
  const rows = profileRows(runs);
  const lo = Math.min(...rows.map((r) => r.value));
  const hi = Math.max(...rows.map((r) => r.value));
  const domain: [number, number] = [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
  const decades: number[] = [];
  for (let e = Math.log10(domain[0]); e <= Math.log10(domain[1]) + 1e-9; e++) decades.push(10 ** e);
  const H = Math.max(...rows.map((r) => r.layer));
  const W = 640;
  const HEIGHT = 420;
  const M = { top: 40, right: 230, bottom: 64, left: 64 };
  const marks: Plot.Markish[] = [
    Plot.gridY(decades, { className: "plot-grid" }),
    Plot.axisY({ ticks: decades, tickFormat: powerOfTen, label: null, className: "plot-axis" }),
    Plot.text(["‖∂C₀/∂W‖ (log scale)"], { frameAnchor: "top-left", textAnchor: "start", lineAnchor: "top", dx: 4 - M.left, dy: 8 - M.top, className: "plot-axis-title" }),
    Plot.axisX({ ticks: Array.from({ length: H }, (_, l) => l + 1), tickFormat: (d: number) => String(d), label: "hidden layer", labelAnchor: "center", labelArrow: "none", labelOffset: M.bottom - 8, className: "plot-axis" }),
  ];
  // A legend in the right margin: a short stretch of each line's own stroke and dash, then its name.
  // Rows are 1.3 phone-font lines apart, from the top of the plot down (log10 units of the y axis).
  const unitsPerPx = (Math.log10(domain[1]) - Math.log10(domain[0])) / (HEIGHT - M.top - M.bottom);
  const row = 1.3 * 0.0383 * W * unitsPerPx;
  const legendY = (i: number) => 10 ** (Math.log10(domain[1]) - (i + 0.3) * row);
  runs.forEach(({ label }, i) => {
    const mine = rows.filter((r) => r.fix === label);
    const dash = DASHES[i % DASHES.length];
    marks.push(Plot.lineY(mine, { x: "layer", y: "value", stroke: "currentColor", strokeWidth: 2.5, strokeDasharray: dash, className: seriesClass(i) }));
    marks.push(Plot.dot(mine, { x: "layer", y: "value", r: 3.5, fill: "currentColor", className: seriesClass(i) }));
    const y = legendY(i);
    marks.push(Plot.line([[H + 0.4, y], [H + 0.8, y]], { stroke: "currentColor", strokeWidth: 2.5, strokeDasharray: dash, className: seriesClass(i) }));
    marks.push(Plot.text([{ x: H + 0.8, y, name: label }], { x: "x", y: "y", text: "name", textAnchor: "start", dx: 6, className: seriesClass(i) }));
  });
  const label =
    `‖∂C₀/∂W‖ of each of the six hidden layers at the start of training, on a log scale, for each fix: ` +
    runs.map(({ label: l, log }) => `${l}: layer 1 ${sig(log.initial.weightGradNorms[0])}, layer ${H} ${sig(log.initial.weightGradNorms[H - 1])}`).join("; ") +
    "." +
    same.map(([a, b]) => ` ${a} starts from the same network as ${b}: the same line.`).join("");
  return renderPlot(
    { width: W, height: HEIGHT, marginTop: M.top, marginRight: M.right, marginBottom: M.bottom, marginLeft: M.left, x: { domain: [0.7, H + 0.3] }, y: { type: "log", domain }, marks },
    { label, className: "plot-profile" },
  );
}
