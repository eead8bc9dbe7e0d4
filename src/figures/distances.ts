/**
 * What each representation of the test digits does to the distances between them, from
 * public/derived/distances/distances.json (the `distances` data loader): the shape of that file and
 * its check, the tables, and two charts drawn with Observable Plot at build time:
 *  - accuracyChart: leave-one-out 1-nearest-neighbour accuracy per representation (bars);
 *  - spreadChart: per representation, the 5th–95th percentile band of the distance ratio r relative
 *    to its median (thick bar); for the random layers also their weighted inputs z (thin bar) and the
 *    χ² prediction for a Gaussian projection (ticks at its 5th and 95th percentiles).
 * The rows and tables are plain data (unit-tested); the charts are read back through their axes in
 * tests/unit/figures/distances.test.ts.
 */
import * as Plot from "@observablehq/plot";
import { fieldReaders } from "./fields.ts";
import { renderPlot } from "./plot-render.ts";
import type { DataTable } from "./learning-speed.ts";

export interface Band {
  p5: number;
  p95: number;
}
export interface Percentiles extends Band {
  p50: number;
}
export interface PairFact {
  i: number;
  j: number;
  labels: [number, number];
  ratio: number;
  relative: number;
}
export interface Representation {
  id: string;
  label: string;
  dims: number;
  /** Where the representation comes from (a file, a run's model, a study and seed). */
  source: string;
  /** Leave-one-out 1-nearest-neighbour accuracy over the digits (ties: lowest index). */
  nearestNeighbour: number;
  nearestNeighbourCorrect: number;
  /** Percentiles of r = ‖f(x_i) − f(x_j)‖ / ‖x_i − x_j‖ over the pairs of different labels. */
  ratio: Percentiles;
  /** ratio.p5 / ratio.p50 and ratio.p95 / ratio.p50. */
  relative: Band;
  /** Random layers: the same for the weighted inputs z = Wx + b. */
  linear?: { nearestNeighbour: number; ratio: Percentiles; relative: Band };
  /** Random layers: a Gaussian projection to `dims` dimensions, √(q_p/q_0.5) of χ²_dims; overRms √(q_p/dims); linearMedian √q_0.5/√784. */
  predicted?: Band & { overRms: Band; linearMedian: number };
  /** The different-label pair with the smallest r. */
  closestPair: PairFact;
}
export interface DistancesData {
  source: string;
  digits: number;
  /** Pairs with different labels. */
  pairs: number;
  allPairs: number;
  pca: { components: number; seed: number; trainingDigits: number; iterations: number; residual: number; explainedVariance: number };
  chiSquare: { k: number; q05: number; q50: number; q95: number; relative: Band; overRms: Band }[];
  representations: Representation[];
  /** The different-label pair closest in the random-30 activations, and its r in every representation. */
  collidedPair: {
    i: number;
    j: number;
    labels: [number, number];
    pixelDistance: number;
    randomDistance: number;
    byRepresentation: { id: string; ratio: number; relative: number; rank: number }[];
  };
}

export const DISTANCES_FILE = "public/derived/distances/distances.json";
/** The representations every page expects, in the order they are drawn. */
export const REPRESENTATION_IDS = ["pixels", "pca-30", "trained-30", "random-30", "random-100", "random-300", "random-1000"] as const;

/** Checks a parsed distances.json; a missing or wrong field throws naming the file and the field. */
export function parseDistances(raw: unknown, file = DISTANCES_FILE): DistancesData {
  const bad = (path: string, v: unknown) => new Error(`${file}: the field "${path}" is ${v === undefined ? "missing" : `not valid (${JSON.stringify(v)?.slice(0, 80)})`}`);
  const { obj, num } = fieldReaders(bad);
  const whole = (path: string, v: unknown) => {
    const x = num(path, v);
    if (!Number.isInteger(x) || x < 0) throw bad(path, v);
    return x;
  };
  const band = (path: string, v: unknown): Band => {
    const o = obj(path, v);
    const b = { p5: num(`${path}.p5`, o.p5), p95: num(`${path}.p95`, o.p95) };
    if (!(b.p5 <= b.p95)) throw bad(path, v);
    return b;
  };
  const pct = (path: string, v: unknown): Percentiles => {
    const o = obj(path, v);
    const p = { ...band(path, v), p50: num(`${path}.p50`, o.p50) };
    if (!(p.p5 <= p.p50 && p.p50 <= p.p95 && p.p5 > 0)) throw bad(path, v);
    return { p5: p.p5, p50: p.p50, p95: p.p95 };
  };
  const labels = (path: string, v: unknown): [number, number] => {
    if (!Array.isArray(v) || v.length !== 2) throw bad(path, v);
    return [whole(`${path}.0`, v[0]), whole(`${path}.1`, v[1])];
  };
  const root = obj("(top level)", raw);
  if (typeof root.source !== "string") throw bad("source", root.source);
  const pca = obj("pca", root.pca);
  if (!Array.isArray(root.representations) || root.representations.length === 0) throw bad("representations", root.representations);
  const representations = root.representations.map((r, n): Representation => {
    const at = `representations.${n}`;
    const o = obj(at, r);
    for (const key of ["id", "label", "source"]) if (typeof o[key] !== "string" || !o[key]) throw bad(`${at}.${key}`, o[key]);
    const acc = num(`${at}.nearestNeighbour`, o.nearestNeighbour);
    if (acc < 0 || acc > 1) throw bad(`${at}.nearestNeighbour`, acc);
    const cp = obj(`${at}.closestPair`, o.closestPair);
    const out: Representation = {
      id: o.id as string,
      label: o.label as string,
      dims: whole(`${at}.dims`, o.dims),
      source: o.source as string,
      nearestNeighbour: acc,
      nearestNeighbourCorrect: whole(`${at}.nearestNeighbourCorrect`, o.nearestNeighbourCorrect),
      ratio: pct(`${at}.ratio`, o.ratio),
      relative: band(`${at}.relative`, o.relative),
      closestPair: { i: whole(`${at}.closestPair.i`, cp.i), j: whole(`${at}.closestPair.j`, cp.j), labels: labels(`${at}.closestPair.labels`, cp.labels), ratio: num(`${at}.closestPair.ratio`, cp.ratio), relative: num(`${at}.closestPair.relative`, cp.relative) },
    };
    if (o.linear !== undefined) {
      const l = obj(`${at}.linear`, o.linear);
      out.linear = { nearestNeighbour: num(`${at}.linear.nearestNeighbour`, l.nearestNeighbour), ratio: pct(`${at}.linear.ratio`, l.ratio), relative: band(`${at}.linear.relative`, l.relative) };
    }
    if (o.predicted !== undefined) {
      const p = obj(`${at}.predicted`, o.predicted);
      out.predicted = { ...band(`${at}.predicted`, p), overRms: band(`${at}.predicted.overRms`, p.overRms), linearMedian: num(`${at}.predicted.linearMedian`, p.linearMedian) };
    }
    return out;
  });
  const ids = representations.map((r) => r.id);
  for (const id of REPRESENTATION_IDS) if (!ids.includes(id)) throw new Error(`${file}: there is no representation "${id}" (found ${ids.join(", ")})`);
  const cp = obj("collidedPair", root.collidedPair);
  if (!Array.isArray(cp.byRepresentation)) throw bad("collidedPair.byRepresentation", cp.byRepresentation);
  if (!Array.isArray(root.chiSquare)) throw bad("chiSquare", root.chiSquare);
  return {
    source: root.source,
    digits: whole("digits", root.digits),
    pairs: whole("pairs", root.pairs),
    allPairs: whole("allPairs", root.allPairs),
    pca: {
      components: whole("pca.components", pca.components),
      seed: whole("pca.seed", pca.seed),
      trainingDigits: whole("pca.trainingDigits", pca.trainingDigits),
      iterations: whole("pca.iterations", pca.iterations),
      residual: num("pca.residual", pca.residual),
      explainedVariance: num("pca.explainedVariance", pca.explainedVariance),
    },
    chiSquare: root.chiSquare.map((c, n) => {
      const o = obj(`chiSquare.${n}`, c);
      return { k: whole(`chiSquare.${n}.k`, o.k), q05: num(`chiSquare.${n}.q05`, o.q05), q50: num(`chiSquare.${n}.q50`, o.q50), q95: num(`chiSquare.${n}.q95`, o.q95), relative: band(`chiSquare.${n}.relative`, o.relative), overRms: band(`chiSquare.${n}.overRms`, o.overRms) };
    }),
    representations,
    collidedPair: {
      i: whole("collidedPair.i", cp.i),
      j: whole("collidedPair.j", cp.j),
      labels: labels("collidedPair.labels", cp.labels),
      pixelDistance: num("collidedPair.pixelDistance", cp.pixelDistance),
      randomDistance: num("collidedPair.randomDistance", cp.randomDistance),
      byRepresentation: cp.byRepresentation.map((b, n) => {
        const o = obj(`collidedPair.byRepresentation.${n}`, b);
        if (typeof o.id !== "string" || !ids.includes(o.id)) throw bad(`collidedPair.byRepresentation.${n}.id`, o.id);
        return { id: o.id, ratio: num(`collidedPair.byRepresentation.${n}.ratio`, o.ratio), relative: num(`collidedPair.byRepresentation.${n}.relative`, o.relative), rank: num(`collidedPair.byRepresentation.${n}.rank`, o.rank) };
      }),
    },
  };
}

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

export const pct1 = (v: number) => `${(v * 100).toFixed(1)}%`;
export const two = (v: number) => v.toFixed(2);
/** "0.62–1.41"; a zero-width space after the dash lets a narrow table wrap the band onto two lines. */
export const bandText = (b: Band) => `${two(b.p5)}–\u200b${two(b.p95)}`;
export const three = (v: number) => (v >= 0.1 ? v.toFixed(3) : v.toPrecision(3));

/**
 * One row per representation (1-NN, median r, r's 5–95% band ÷ median) and, under each random layer,
 * one for its weighted inputs z with the χ² prediction next to it (the prediction is for the linear part).
 */
export function spreadTable(data: DistancesData): DataTable {
  const rows: string[][] = [];
  for (const r of orderedRows(data)) {
    rows.push([r.label, pct1(r.nearestNeighbour), three(r.ratio.p50), bandText(r.relative), "–"]);
    if (r.linear) rows.push([`${r.label}, z`, pct1(r.linear.nearestNeighbour), three(r.linear.ratio.p50), bandText(r.linear.relative), r.predicted ? bandText(r.predicted) : "–"]);
  }
  return {
    caption: `The ${data.digits.toLocaleString("en-US")} test digits in each representation: leave-one-out 1-nearest-neighbour accuracy; r, the distance between two digits of different labels divided by their distance in pixels (over ${data.pairs.toLocaleString("en-US")} pairs), its median and its 5th–95th percentiles divided by the median. The rows marked z are a random layer's weighted inputs z = Wx + b, before the sigmoid, with the χ² prediction for a random Gaussian projection to as many dimensions`,
    columns: ["digits as", "1-NN", "median r", "r ÷ median 5–95%", "χ² 5–95%"],
    rows,
  };
}

/** A share as a percentage: two significant figures below 10%, whole percent above. */
export const share = (v: number) => `${v * 100 >= 10 ? (v * 100).toFixed(0) : (v * 100).toPrecision(2)}%`;

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
        flat ? "–" : two(p.relative),
        b ? two(b.relative) : "–",
        b ? share(b.rank) : "–",
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
    Plot.text(rows, { x: "nearestNeighbour", y: "label", text: (r: Representation) => pct1(r.nearestNeighbour), textAnchor: "start", dx: 4, className: "plot-series plot-s4 distances-accuracy-value" }),
    yAxis(),
    xAxis("1-nearest-neighbour accuracy (%)", ticks, (v) => String(Math.round(v * 100))),
  ];
  const label =
    `Leave-one-out 1-nearest-neighbour accuracy on the ${data.digits.toLocaleString("en-US")} test digits, each classified by the label of the nearest other digit: ` +
    rows.map((r) => `${r.label} ${pct1(r.nearestNeighbour)}`).join(", ") +
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
    rows.map((r) => `${r.label} ${two(r.relative.p5)} to ${two(r.relative.p95)}` +
      (r.linear ? ` (weighted inputs z ${two(r.linear.relative.p5)} to ${two(r.linear.relative.p95)}` : "") +
      (r.predicted ? `, χ² prediction for ${r.dims.toLocaleString("en-US")} random dimensions ${two(r.predicted.p5)} to ${two(r.predicted.p95)})` : r.linear ? ")" : "")).join("; ") +
    ". A narrow band means the representation keeps the pixel distances in proportion; a wide one squeezes some pairs together and pulls others apart.";
  return renderPlot(frame(marks, { domain: [lo, hi] }, rows.map((r) => r.label)), { label, className: "plot-distances-spread" });
}
