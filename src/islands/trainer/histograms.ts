/**
 * The live trainer's per-layer histograms of how far the weights moved (DOM-free), small multiples
 * as an SVG string: one row per weight layer l = 1..L, the histogram of x = (W − W₀)/rms(W₀), each
 * weight's change as a share of that layer's typical initial weight, so that layers of different
 * sizes and initial scales compare. All rows share one symmetric domain ±D and the same bins, so a
 * learning layer spreads out over the bins while a frozen or stalled one stays one bar at 0.
 *
 * As figure.ts's charts: the element patches the children of the <svg> (src/islands/patch.ts) with
 * histogramDynamic(layers), a flat list of leaves (no <g>) whose count depends only on L (bars of
 * no weights are drawn 0 high), so a new epoch updates attributes in place; it sets aria-label to
 * histogramLabel(layers) and the viewBox height to histogramHeight(L). Bars take layer l's series
 * colour (layerClass(l)); global.css's `.trainer-hist` rules style the rest.
 */
import { esc, fmt, niceCeil, scaleLinear } from "../../lib/draw/svg.ts";
import { literal, MINUS, percent } from "../../lib/draw/format.ts";
import { CHART, layerClass } from "./figure.ts";

export interface HistogramLayer {
  /** The layer's weights when the run started. */
  w0: Float32Array;
  /** Its weights now (same length). */
  w: Float32Array;
  frozen?: boolean;
}

export interface LayerChange {
  /** rms(W₀): the layer's typical initial weight. */
  rms0: number;
  /** Median of |W − W₀|/rms(W₀). */
  median: number;
  /** Share of the weights that moved less than STILL·rms(W₀). */
  still: number;
  frozen: boolean;
  /** Whether any weight changed at all. */
  moved: boolean;
}

/** Bins per row: odd, so one bin is centred on 0 (where a frozen layer's weights all fall). */
export const BINS = 25;
/** The smallest half-width D: at epoch 0 (nothing moved) the axis is ±1%. */
export const MIN_DOMAIN = 0.01;
/** A weight "did not move" below this share of rms(W₀). */
export const STILL = 0.01;

/** Geometry in viewBox units: left margin for "layer 1", right for "median 0.40%"; rows stack. */
export const HIST = { w: CHART.w, row: 44, bar: 36, m: { top: 36, right: 150, bottom: 64, left: 90 } };
export const histogramHeight = (L: number) => HIST.m.top + Math.max(1, L) * HIST.row + HIST.m.bottom;
const SVG_CLASS = "figure-svg vg-plot plot-vb-560 trainer-hist";

const layerName = (l: number, L: number) => (l === L ? "output" : `layer ${l}`);
/** A tick on the ±D axis: "−1%", "+0.5%", "0" (no trailing zeros: D is a 1, 2 or 5 × 10^k). */
const tickText = (t: number) => (t === 0 ? "0" : `${t > 0 ? "+" : MINUS}${literal(Math.abs(100 * t))}%`);

/**
 * Counts of values per bin [edges[k], edges[k+1]) (the last bin also holds its right edge). Values
 * outside the edges are clamped into the end bins (a few large changes past ±D still count, in the
 * outermost bars); NaN is not counted.
 */
export function changeHistogram(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const nb = edges.length - 1;
  if (nb < 1) throw new Error(`changeHistogram: ${edges.length} edges; need at least 2 (one bin)`);
  for (let k = 0; k < nb; k++) if (!(edges[k] < edges[k + 1])) throw new Error(`changeHistogram: edges must increase, but edge ${k} is ${edges[k]} and edge ${k + 1} is ${edges[k + 1]}`);
  const counts = new Array<number>(nb).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    // The last k with edges[k] ≤ v, within 0..nb − 1 (so below edges[0] → 0, at or past edges[nb − 1] → nb − 1).
    let lo = 0;
    let hi = nb - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    counts[lo]++;
  }
  return counts;
}

/** bins + 1 edges from −D to D, symmetric exactly (edge k = D·(2k − bins)/bins). */
export const binEdges = (D: number, bins = BINS) => Array.from({ length: bins + 1 }, (_, k) => (D * (2 * k - bins)) / bins);

const rms = (a: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s / a.length);
};

/** Sorted |values| without NaN. */
function sortedAbs(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[n++] = Math.abs(values[i]);
  // A typed array sorts numerically, in place, several times faster than an array of numbers.
  return out.subarray(0, n).sort();
}

/** x = (W − W₀)/rms(W₀) of layer l (1-based, for the messages). */
export function relativeChange(layer: HistogramLayer, l: number): Float64Array {
  const { w0, w } = layer;
  if (w.length !== w0.length) throw new Error(`histograms: layer ${l} has ${w.length} current weights but ${w0.length} initial ones; pass W and W₀ of the same layer`);
  const r = rms(w0);
  if (!(r > 0)) throw new Error(`histograms: layer ${l}'s initial weights have RMS ${r}, so its change has no scale; pass the weights the run started from`);
  const x = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) x[i] = (w[i] - w0[i]) / r;
  return x;
}

/**
 * The shared half-width D: the largest, over layers, of each layer's 99th percentile of |x|
 * (nearest rank), rounded up to 1, 2 or 5 × 10^k, and at least MIN_DOMAIN. Per layer, not pooled:
 * pooled, the first layer's 23,520 weights would outvote the output layer's 300, whose changes
 * (often the largest) would all fall past ±D.
 */
export function histogramDomain(changes: readonly ArrayLike<number>[]): number {
  return domainOfSorted(changes.map(sortedAbs));
}

function domainOfSorted(sorted: readonly Float64Array[]): number {
  let top = 0;
  for (const a of sorted) if (a.length) top = Math.max(top, a[Math.ceil(0.99 * a.length) - 1]);
  return top > MIN_DOMAIN ? niceCeil(top) : MIN_DOMAIN;
}

/** Per layer: rms(W₀), the median |ΔW|/rms(W₀), the share that moved less than 1% of rms(W₀). */
export function layerChanges(layers: readonly HistogramLayer[]): LayerChange[] {
  return layers.map((layer, i) => summary(layer, relativeChange(layer, i + 1)));
}

function summary(layer: HistogramLayer, x: Float64Array, a = sortedAbs(x)): LayerChange {
  const n = a.length;
  const median = n === 0 ? NaN : n % 2 ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  let still = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]) < STILL) still++;
  return { rms0: rms(layer.w0), median, still: x.length ? still / x.length : 1, frozen: !!layer.frozen, moved: n > 0 && a[n - 1] > 0 };
}

/** Everything a drawing or a label needs, computed once. */
function analyse(layers: readonly HistogramLayer[]) {
  const xs = layers.map((layer, i) => relativeChange(layer, i + 1));
  // Each layer's |x| sorted once: the domain and the medians read the same arrays.
  const sorted = xs.map(sortedAbs);
  const D = domainOfSorted(sorted);
  const edges = binEdges(D);
  return { D, edges, rows: layers.map((layer, i) => ({ ...summary(layer, xs[i], sorted[i]), counts: changeHistogram(xs[i], edges), n: xs[i].length })) };
}

/** What a row says at its right: "frozen", "not moved" or the median change. */
const note = (c: LayerChange) => (c.frozen ? "frozen" : !c.moved ? "not moved" : `median ${percent(c.median, { figures: 2 })}`);

function leaves(a: ReturnType<typeof analyse>): string {
  const L = a.rows.length;
  const { m, w, row, bar } = HIST;
  const x = scaleLinear([-a.D, a.D], [m.left, w - m.right]);
  const bottom = m.top + Math.max(1, L) * row;
  const bw = (x.range[1] - x.range[0]) / BINS;
  let s = `<text x="${m.left}" y="${m.top}" dy="-0.6em" class="label">share of each layer's weights (row by row)</text>`;
  // Always five ticks (−D, −D/2, 0, D/2, D): the leaf count depends on L alone.
  for (const t of [-a.D, -a.D / 2, 0, a.D / 2, a.D]) {
    const X = fmt(x(t));
    s += `<line x1="${X}" x2="${X}" y1="${m.top}" y2="${bottom}" class="${t === 0 ? "ref" : "grid"}"/>`;
    s += `<text x="${X}" y="${bottom}" dy="1.2em" text-anchor="middle">${esc(tickText(t))}</text>`;
  }
  s += `<text x="${fmt((x.range[0] + x.range[1]) / 2)}" y="${bottom}" dy="2.45em" text-anchor="middle" class="label">W − W₀, as % of the layer's initial RMS</text>`;
  a.rows.forEach((r, i) => {
    const l = i + 1;
    const base = m.top + (i + 1) * row;
    // Each row to its own tallest bar: a learning layer's shares are a few % per bin, a frozen one's 100%.
    const top = Math.max(1, ...r.counts);
    s += `<line x1="${fmt(x.range[0])}" x2="${fmt(x.range[1])}" y1="${base}" y2="${base}" class="axis"/>`;
    s += `<text x="${m.left - 8}" y="${base}" dy="-0.4em" text-anchor="end" class="trainer-hist-layer">${esc(layerName(l, L))}</text>`;
    s += `<text x="${w - m.right + 8}" y="${base}" dy="-0.4em" class="trainer-hist-note">${esc(note(r))}</text>`;
    r.counts.forEach((c, k) => {
      // A bin with any weight is at least 1 unit high: a thin tail still shows.
      const h = c ? Math.max(1, (c / top) * bar) : 0;
      s += `<rect x="${fmt(x.range[0] + k * bw + 0.5)}" y="${fmt(base - h)}" width="${fmt(bw - 1)}" height="${fmt(h)}" class="${layerClass(l)}" fill="currentColor" data-layer="${l}" data-share="${r.n ? fmt(c / r.n) : 0}"/>`;
    });
  });
  return s;
}

export const histogramDynamic = (layers: readonly HistogramLayer[]) => leaves(analyse(layers));

function label(a: ReturnType<typeof analyse>): string {
  const L = a.rows.length;
  const head = "How far each weight layer's weights have moved from where the run started, W − W₀, as a share of the layer's typical initial weight (its RMS): one histogram per layer.";
  if (!L) return `${head} No layers yet.`;
  let unit = false;
  const parts = a.rows.map((r, i) => {
    const name = layerName(i + 1, L);
    if (r.frozen) return `${name}: frozen`;
    if (!r.moved) return `${name}: not moved`;
    const said = unit ? percent(r.median, { figures: 2 }) : `median change ${percent(r.median, { figures: 2 })} of its typical initial weight`;
    unit = true;
    return `${name}: ${said}`;
  });
  return `${head} ${parts.join("; ")}.`;
}

export const histogramLabel = (layers: readonly HistogramLayer[]) => label(analyse(layers));

/** The leaves and the label from one analysis (the element draws both at once). */
export function histogramView(layers: readonly HistogramLayer[]): { inner: string; label: string } {
  const a = analyse(layers);
  return { inner: leaves(a), label: label(a) };
}

export function histogramSvg(layers: readonly HistogramLayer[]): string {
  const a = analyse(layers);
  return `<svg viewBox="0 0 ${HIST.w} ${histogramHeight(layers.length)}" class="${SVG_CLASS}" role="img" aria-label="${esc(label(a))}">${leaves(a)}</svg>`;
}
