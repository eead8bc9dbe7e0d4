/**
 * What each representation of the test digits does to the distances between them, from
 * public/derived/distances/distances.json (the `distances` data loader; its shape and check are
 * src/lib/schemas/derived/distances.ts, re-exported here): the tables, and two charts drawn with
 * Observable Plot at build time:
 *  - accuracyChart: leave-one-out 1-nearest-neighbour accuracy per representation (bars);
 *  - spreadChart: per representation, the 5th–95th percentile band of the distance ratio r relative
 *    to its median (thick bar); for the random layers also their weighted inputs z (thin bar) and the
 *    χ² prediction for a Gaussian projection (ticks at its 5th and 95th percentiles).
 * The rows and tables are plain data (unit-tested); the charts are read back through their axes in
 * tests/unit/figures/distances.test.ts.
 */
import * as Plot from "@observablehq/plot";
import { REPRESENTATION_IDS, type Band, type DistancesData, type Representation } from "../lib/schemas/derived/distances.ts";
import { measured, num, percent } from "../lib/draw/format.ts";
import { renderPlot } from "./plot-render.ts";
import type { DataTable } from "./learning-speed.ts";

export { DISTANCES_FILE, REPRESENTATION_IDS, parseDistances } from "../lib/schemas/derived/distances.ts";
export type { Band, DistancesData, PairFact, Percentiles, Representation } from "../lib/schemas/derived/distances.ts";

/** The representations in drawing order (REPRESENTATION_IDS first, any others after). */
export function orderedRows(data: DistancesData): Representation[] {
  const rank = (id: string) => {
    const i = (REPRESENTATION_IDS as readonly string[]).indexOf(id);
    return i < 0 ? REPRESENTATION_IDS.length : i;
  };
  return [...data.representations].sort((a, b) => rank(a.id) - rank(b.id));
}

// ---------------------------------------------------------------------------------------------
// Words and tables.

// Numbers are formatted by src/lib/draw/format.ts: accuracies as measured(v, 1, true) ("90.3%"), ratios as
// num(v, 2), median r as num(v, 3, { figures: 3 }) ("0.856", but "0.0421") and shares as percent(v, { figures: 2 }).

/** "0.62–1.41"; a zero-width space after the dash lets a narrow table wrap the band onto two lines. */
export const bandText = (b: Band) => `${num(b.p5, 2)}–\u200b${num(b.p95, 2)}`;

/**
 * One row per representation (1-NN, median r, r's 5–95% band ÷ median) and, under each random layer,
 * one for its weighted inputs z with the χ² prediction next to it (the prediction is for the linear part).
 */
export function spreadTable(data: DistancesData): DataTable {
  const rows: string[][] = [];
  for (const r of orderedRows(data)) {
    rows.push([r.label, measured(r.nearestNeighbour, 1, true), num(r.ratio.p50, 3, { figures: 3 }), bandText(r.relative), "–"]);
    if (r.linear) rows.push([`${r.label}, z`, measured(r.linear.nearestNeighbour, 1, true), num(r.linear.ratio.p50, 3, { figures: 3 }), bandText(r.linear.relative), r.predicted ? bandText(r.predicted) : "–"]);
  }
  return {
    caption: `The ${data.digits.toLocaleString("en-US")} test digits in each representation: leave-one-out 1-nearest-neighbour accuracy; r, the distance between two digits of different labels divided by their distance in pixels (over ${data.pairs.toLocaleString("en-US")} pairs), its median and its 5th–95th percentiles divided by the median. The rows marked z are a random layer's weighted inputs z = Wx + b, before the sigmoid, with the χ² prediction for a random Gaussian projection to as many dimensions`,
    columns: ["digits as", "1-NN", "median r", "r ÷ median 5–95%", "χ² 5–95%"],
    rows,
  };
}

/** One row per representation: its own closest pair relative to the median, and the collided pair's. */
export function pairsTable(data: DistancesData): DataTable {
  const c = data.collidedPair;
  return {
    caption: `The pair each representation brings closest relative to its pixel distance (its r ÷ the median r), and the pair the lesson shows (test digits #${c.i}, a ${c.labels[0]}, and #${c.j}, a ${c.labels[1]}: the closest in the random layer's activations): its r ÷ median and the share of pairs with an r as small or smaller`,
    columns: ["digits as", "closest pair", "its r ÷ median", `#${c.i} & #${c.j}: r ÷ median`, "pairs with r ≤ it"],
    rows: orderedRows(data).map((r) => {
      const b = c.byRepresentation.find((x) => x.id === r.id);
      const p = r.closestPair;
      const flat = r.relative.p5 === 1 && r.relative.p95 === 1;
      return [
        r.label,
        flat ? "every r is the same" : `#${p.i} (${p.labels[0]}) & #${p.j} (${p.labels[1]})`,
        flat ? "–" : num(p.relative, 2),
        b ? num(b.relative, 2) : "–",
        b ? percent(b.rank, { figures: 2 }) : "–",
      ];
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Charts.

/** Geometry, in viewBox units (global.css: .plot-vb-560). */
export const CHART = { width: 560, height: 340, margin: { top: 16, right: 64, bottom: 62, left: 172 } } as const;

const frame = (marks: Plot.Markish[], x: Plot.ScaleOptions, domain: string[]): Plot.PlotOptions => ({
  width: CHART.width,
  height: CHART.height,
  marginTop: CHART.margin.top,
  marginRight: CHART.margin.right,
  marginBottom: CHART.margin.bottom,
  marginLeft: CHART.margin.left,
  x,
  y: { type: "band", domain, padding: 0.15 },
  marks,
});

const yAxis = () => Plot.axisY({ label: null, tickSize: 0, className: "plot-axis" });
const xAxis = (label: string, ticks: number[], format: (v: number) => string) =>
  Plot.axisX({ ticks, tickFormat: format, label, labelAnchor: "center", labelArrow: "none", labelOffset: CHART.margin.bottom - 12, className: "plot-axis" });

/** Leave-one-out 1-NN accuracy per representation, as horizontal bars from 0 to 100%. */
export function accuracyChart(data: DistancesData): string {
  const rows = orderedRows(data);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const marks: Plot.Markish[] = [
    Plot.gridX(ticks, { className: "plot-grid" }),
    Plot.barX(rows, { x1: 0, x2: "nearestNeighbour", y: "label", fill: "currentColor", className: "plot-series plot-s1 distances-accuracy" }),
    Plot.text(rows, { x: "nearestNeighbour", y: "label", text: (r: Representation) => measured(r.nearestNeighbour, 1, true), textAnchor: "start", dx: 4, className: "plot-series plot-s4 distances-accuracy-value" }),
    yAxis(),
    xAxis("1-nearest-neighbour accuracy (%)", ticks, (v) => num(v * 100, 0)),
  ];
  const label =
    `Leave-one-out 1-nearest-neighbour accuracy on the ${data.digits.toLocaleString("en-US")} test digits, each classified by the label of the nearest other digit: ` +
    rows.map((r) => `${r.label} ${measured(r.nearestNeighbour, 1, true)}`).join(", ") +
    ".";
  return renderPlot(frame(marks, { domain: [0, 1] }, rows.map((r) => r.label)), { label, className: "plot-distances-accuracy" });
}

/** The x domain of the spread chart: every band and prediction and 1, out to the next 0.1. */
export function spreadDomain(data: DistancesData): [number, number] {
  const all = data.representations.flatMap((r) => [r.relative.p5, r.relative.p95, ...(r.linear ? [r.linear.relative.p5, r.linear.relative.p95] : []), ...(r.predicted ? [r.predicted.p5, r.predicted.p95] : []), 1]);
  return [Math.max(0, Math.floor(Math.min(...all) * 10 - 1e-9) / 10), Math.ceil(Math.max(...all) * 10 + 1e-9) / 10];
}

/** Per representation the 5–95% band of r ÷ median (thick), of z's (thin, random layers) and the χ² prediction's (ticks). */
export function spreadChart(data: DistancesData): string {
  const rows = orderedRows(data);
  const [lo, hi] = spreadDomain(data);
  const step = hi - lo > 1.2 ? 0.5 : 0.25;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step) ticks.push(Number(t.toFixed(2)));
  const random = rows.filter((r) => r.linear);
  const predicted = rows.filter((r) => r.predicted);
  const ticksAt = predicted.flatMap((r) => [{ label: r.label, x: r.predicted!.p5 }, { label: r.label, x: r.predicted!.p95 }]);
  const marks: Plot.Markish[] = [
    Plot.gridX(ticks, { className: "plot-grid" }),
    Plot.ruleX([1], { stroke: "currentColor", strokeDasharray: "4 3", className: "plot-axis distances-median" }),
    // The measured band (a point-wide bar where the band is a point, as for the pixels themselves).
    Plot.barX(rows, { x1: (r: Representation) => r.relative.p5, x2: (r: Representation) => Math.max(r.relative.p95, r.relative.p5 + 0.004), y: "label", insetTop: 2, insetBottom: 15, fill: "currentColor", className: "plot-series plot-s1 distances-band" }),
    Plot.barX(random, { x1: (r: Representation) => r.linear!.relative.p5, x2: (r: Representation) => r.linear!.relative.p95, y: "label", insetTop: 19, insetBottom: 4, fill: "currentColor", className: "plot-series plot-s2 distances-linear" }),
    Plot.tickX(ticksAt, { x: "x", y: "label", strokeWidth: 2.5, stroke: "currentColor", insetTop: 15, className: "plot-series plot-s4 distances-predicted" }),
    yAxis(),
    xAxis("r ÷ its median: 5th to 95th percentile", ticks, (v) => String(v)),
  ];
  const label =
    `For each representation, the distance between two test digits of different labels divided by their distance in pixels, r, relative to its median: the 5th to the 95th percentile over ${data.pairs.toLocaleString("en-US")} pairs. ` +
    rows.map((r) => `${r.label} ${num(r.relative.p5, 2)} to ${num(r.relative.p95, 2)}` +
      (r.linear ? ` (weighted inputs z ${num(r.linear.relative.p5, 2)} to ${num(r.linear.relative.p95, 2)}` : "") +
      (r.predicted ? `, χ² prediction for ${r.dims.toLocaleString("en-US")} random dimensions ${num(r.predicted.p5, 2)} to ${num(r.predicted.p95, 2)})` : r.linear ? ")" : "")).join("; ") +
    ". A narrow band means the representation keeps the pixel distances in proportion; a wide one squeezes some pairs together and pulls others apart.";
  return renderPlot(frame(marks, { domain: [lo, hi] }, rows.map((r) => r.label)), { label, className: "plot-distances-spread" });
}
