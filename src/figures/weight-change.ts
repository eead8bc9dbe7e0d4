/**
 * The "weight-change" chart of <PlotFigure>: how far each weight layer moved in each logged epoch,
 * ‖ΔW^l‖/‖W^l‖ since the previous logged epoch (the log's epochs[i].weightChange), on a log y axis,
 * one line per layer (hidden layers, then the output layer), with its numbers table and text alternative.
 * A layer that never moves (frozen: 0 at every epoch) cannot sit on a log axis: it is left out and named.
 *
 * learning-speed.ts imports this file for plotFigure and this file imports its helpers: nothing here
 * may use them at module level (only inside functions), so either module can be loaded first.
 */
import * as Plot from "@observablehq/plot";
import { powerOfTen } from "../lib/draw/svg.ts";
import { renderPlot } from "./plot-render.ts";
import {
  DASHES, H, M, W, endLabels, logDomain, powersOfTen, seriesClass, sig, xAxis, yTitle, type ChartLog, type DataTable,
} from "./learning-speed.ts";

export interface WeightChangeLayer {
  /** "hidden layer 1", …, "output layer". */
  name: string;
  /** The line-end label: "layer 1", …, "output". */
  short: string;
  /** [epoch, ‖ΔW‖/‖W‖] for every logged epoch (epoch 0 has none: nothing has moved yet). */
  points: [number, number][];
  /** 0 at every logged epoch: the layer is not drawn. */
  frozen: boolean;
}

/** Every weight layer's ‖ΔW‖/‖W‖ per logged epoch. */
export function weightChangeSeries(log: ChartLog): WeightChangeLayer[] {
  const L = log.architecture.length - 1;
  const values = log.epochs.map((e) => e.weightChange);
  return Array.from({ length: L }, (_, l) => {
    const points = log.epochs.map((e, i): [number, number] => [e.epoch, values[i][l]]);
    return {
      name: l === L - 1 ? "output layer" : `hidden layer ${l + 1}`,
      short: l === L - 1 ? "output" : `layer ${l + 1}`,
      points,
      frozen: points.every(([, v]) => v === 0),
    };
  });
}

export function weightChangeTable(log: ChartLog): DataTable {
  const layers = weightChangeSeries(log);
  return {
    caption: `‖ΔW‖/‖W‖ of each weight layer since the previous logged epoch, ${log.title} (0: frozen, the layer never moves)`,
    columns: ["epoch", ...layers.map((s) => s.name)],
    rows: log.epochs.map((e, i) => [String(e.epoch), ...layers.map((s) => (s.frozen ? "0: frozen" : sig(s.points[i][1], 3)))]),
  };
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/** "hidden layer 2: 1.9 at epoch 1, 0.089 at epoch 30, largest 1.9 (epoch 1)". */
function layerWords(s: WeightChangeLayer): string {
  if (s.frozen) return `${s.name}: 0 at every epoch (frozen; no line, since a log scale has no 0)`;
  const [[e0, v0], [e1, v1]] = [s.points[0], s.points.at(-1)!];
  const [eMax, vMax] = s.points.reduce((a, b) => (b[1] > a[1] ? b : a));
  const zeros = s.points.filter(([, v]) => v === 0).map(([e]) => e);
  return `${s.name}: ${sig(v0)} at epoch ${e0}, ${sig(v1)} at epoch ${e1}, largest ${sig(vMax)} (epoch ${eMax})` +
    (zeros.length ? `, 0 at epoch${zeros.length > 1 ? "s" : ""} ${zeros.join(", ")} (gaps in the line)` : "");
}

/** ‖ΔW‖/‖W‖ of each weight layer against epoch, log y, one line per layer that moves. */
export function weightChangeChart(log: ChartLog): string {
  const layers = weightChangeSeries(log);
  const drawn = layers.map((s, l) => ({ ...s, style: l })).filter((s) => !s.frozen);
  if (drawn.length === 0) throw new Error(`weight-change: every weight layer of public/runs/${log.id}/log.json is frozen (weightChange 0): nothing to draw on a log scale`);
  const domain = logDomain(drawn.flatMap((s) => s.points.map(([, v]) => v)).filter((v) => v > 0));
  const lastEpoch = log.epochs.at(-1)!.epoch;
  const ends = drawn.map((s) => s.points.filter(([, v]) => v > 0).at(-1)!);
  const labels = endLabels(drawn.map((s, i) => ({ name: s.short, x: lastEpoch, y: ends[i][1] })), Math.log10, (u) => 10 ** u, domain);
  const marks: Plot.Markish[] = [
    Plot.gridY(powersOfTen(domain), { className: "plot-grid" }),
    Plot.axisY({ ticks: powersOfTen(domain), tickFormat: powerOfTen, label: null, className: "plot-axis" }),
    yTitle("‖ΔW‖/‖W‖ (log scale)", M),
    xAxis("epoch", M.bottom),
  ];
  drawn.forEach((s, i) => {
    // A zero in a moving layer is a gap: Plot breaks a line at an undefined y.
    const rows = s.points.map(([epoch, v]) => ({ epoch, value: v > 0 ? v : NaN }));
    marks.push(Plot.lineY(rows, { x: "epoch", y: "value", stroke: "currentColor", strokeWidth: 2.5, strokeDasharray: DASHES[s.style % DASHES.length], className: seriesClass(s.style) }));
    marks.push(Plot.text([labels[i]], { x: "x", y: "y", text: "name", textAnchor: "start", dx: 8, className: seriesClass(s.style) }));
  });
  const label =
    `How far each weight layer of ${log.title} moved since the previous logged epoch, ‖ΔW‖/‖W‖, epochs ${log.epochs[0].epoch} to ${lastEpoch}, on a log scale. ` +
    `${cap(layers.map(layerWords).join("; "))}.`;
  return renderPlot(
    { width: W, height: H, marginTop: M.top, marginRight: M.right, marginBottom: M.bottom, marginLeft: M.left, x: { domain: [0, lastEpoch] }, y: { type: "log", domain }, marks },
    { label, className: "plot-weight-change" },
  );
}
