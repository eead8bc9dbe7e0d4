/**
 * The live trainer's charts as SVG strings (build time and browser); its first-layer weight tiles
 * are in tiles.ts. DOM-free: the element redraws a chart by patching the children of its
 * <svg> (src/islands/patch.ts) with `…Dynamic(points, opts)`, a flat list of leaves (axes, lines,
 * end dots, legend), and sets aria-label to `…Label(points, opts)`.
 *
 * Colours and dashes per layer are those of the learning-speed lesson's Plot charts
 * (src/figures/learning-speed.ts): layer l draws with the classes `plot-series plot-s{l}` (colour
 * from global.css, keyed to `.vg-plot`) and the dash DASHES[l − 1], so layer 2 is the same line in
 * the shipped charts and in the live one. Seven colours and seven dashes: a six-hidden-layer net's
 * seven weight layers (its output included) draw no colour or dash twice, and layer l keeps its
 * look whatever the preset. Layer 1 is solid and, on the per-layer charts (speed and change),
 * thicker (global.css keys that to `.trainer-speed`/`.trainer-change` and `.plot-s1`). The SVG
 * carries `vg-plot plot-vb-560` for those rules and for the house's text size (--vb = 560).
 *
 * With `committed` (the preset's committed run), each chart draws that run faint behind the live
 * lines: the same class and dash per layer plus `trainer-ghost` (global.css), data-layer
 * "committed-<layer>", no end dots, and a legend row. Marks of what to look for (marks.ts): the
 * at-chance plateau on the accuracy chart, the slowest hidden layer on the speed chart.
 */
import { axes, esc, fmt, linePath, niceCeil, num, powerOfTen, scaleLinear, scaleLog, ticks, type Scale } from "../../lib/draw/svg.ts";
import { plateauLeaves, plateauOf, plateauSentence, slowestLayer, slowestLeaf } from "./marks.ts";
import { FLOOR, clampLog, decadeTicks, epochAxisEnd, logDomain, norm, percent, sig } from "./scales.ts";

export { FLOOR, epochAxisEnd, logDomain, sig } from "./scales.ts";

export interface TrainerPoint {
  epoch: number;
  /** 0..1 */
  trainAccuracy: number;
  /** 0..1 */
  testAccuracy: number;
  cost: number;
  /** ‖∂C/∂b^l‖ per weight layer l = 1..L (the last is the output layer). */
  gradNorms: number[];
  /** ‖ΔW^l‖/‖W^l‖ per weight layer since the previous point (0 at epoch 0 and for frozen layers). */
  weightChange: number[];
  /** ‖∂C₀/∂W^l‖ per weight layer (logs written before the fix-* runs lack it). */
  weightGradNorms?: number[];
}

export interface TrainerChartOptions {
  /** The epoch axis runs 0..maxEpoch, and further (to a round number) once a point passes it. */
  maxEpoch: number;
  /** Weight layers L, for the legend before the first point arrives (otherwise read from the points). */
  layers?: number;
  /** The accuracy of one answer for every digit (0..1), drawn as a dashed line on the accuracy chart. */
  oneAnswer?: number;
  /**
   * What the speed chart plots: "bias", ‖∂C/∂b‖ (Nielsen's measure, the default), or "weight", ‖∂C₀/∂W‖
   * (with batch normalisation the biases have no effect and their gradient is 0).
   */
  measure?: "bias" | "weight";
  /** The preset's committed run: drawn faint behind the live lines, on the same axes (domains cover both); empty: none. */
  committed?: readonly TrainerPoint[];
}

/** Stroke pattern per layer, as in src/figures/learning-speed.ts (a test keeps the two equal). */
export const DASHES = ["none", "10 5", "1 5", "12 4 1 4", "18 6", "3 3 9 3", "7 3 1 3 1 3"];
/** Series colours in global.css (.plot-s1 … .plot-s7), as in src/figures/learning-speed.ts. */
export const SERIES_COLOURS = 7;
/** Classes of layer l (1-based): the learning-speed charts' series classes. */
export const layerClass = (l: number) => `plot-series plot-s${((l - 1) % SERIES_COLOURS) + 1}`;
const layerDash = (l: number) => DASHES[(l - 1) % DASHES.length];

/** Geometry in viewBox units; the right margin holds the legend at a phone's font size (about 21 units). */
export const CHART = { w: 560, h: 300, m: { top: 40, right: 150, bottom: 64, left: 64 } };
const PHONE_EM = 0.0383 * CHART.w;
const LEGEND_ROW = 1.3 * PHONE_EM;
const SVG_CLASS = "figure-svg vg-plot plot-vb-560";

const xScale = (end: number) => scaleLinear([0, end], [CHART.m.left, CHART.w - CHART.m.right]);
const yRange: [number, number] = [CHART.h - CHART.m.bottom, CHART.m.top];

// ---------------------------------------------------------------------------------------------
// The shared drawing: flat leaves only (patchSvgChildren updates them in place).

interface Series {
  /** Colour and dash of layer `style` (1-based). */
  style: number;
  epochs: number[];
  /** Already in the y scale's units; NaN is a gap. */
  values: number[];
  layer: string;
}
interface Legend {
  text: string;
  style?: number;
  ref?: boolean;
  ghost?: boolean;
}

function lineAttrs(style: number, extra = ""): string {
  return `class="${layerClass(style)}${extra}" stroke="currentColor" stroke-width="2.5" stroke-dasharray="${layerDash(style)}" stroke-linecap="round" stroke-linejoin="round"`;
}

/** `under`: marks behind everything drawn (the plateau band); `over`: marks in front (the slowest label). */
function chartLeaves(o: { x: Scale; y: Scale; xTicks: number[]; yTicks: number[]; yFormat: (v: number) => string; yLabel: string; series: Series[]; ghosts?: Series[]; legend: Legend[]; ref?: number; under?: string; over?: string }): string {
  const axisGroup = axes({ x: o.x, y: o.y, xTicks: o.xTicks, yTicks: o.yTicks, xLabel: "epoch", yLabel: o.yLabel, yFormat: o.yFormat });
  let s = axisGroup.slice(axisGroup.indexOf(">") + 1, -"</g>".length) + (o.under ?? "");
  if (o.ref !== undefined) {
    const Y = fmt(o.y(o.ref));
    s += `<line x1="${fmt(o.x.range[0])}" x2="${fmt(o.x.range[1])}" y1="${Y}" y2="${Y}" class="ref"/>`;
  }
  // The committed run first (behind), faint, without end dots.
  for (const sr of o.ghosts ?? []) {
    s += `<path d="${linePath(sr.epochs.length, (i) => o.x(sr.epochs[i]), (i) => o.y(sr.values[i]))}" ${lineAttrs(sr.style, " trainer-ghost")} fill="none" data-layer="committed-${sr.layer}"/>`;
  }
  for (const sr of o.series) {
    const n = sr.epochs.length;
    s += `<path d="${linePath(n, (i) => o.x(sr.epochs[i]), (i) => o.y(sr.values[i]))}" ${lineAttrs(sr.style)} fill="none" data-layer="${sr.layer}"/>`;
  }
  // The latest value of each line as a dot: a single point is visible, and the eye finds "now".
  for (const sr of o.series) {
    const i = sr.epochs.length - 1;
    if (i < 0 || !Number.isFinite(sr.values[i])) continue;
    s += `<circle cx="${fmt(o.x(sr.epochs[i]))}" cy="${fmt(o.y(sr.values[i]))}" r="4" class="${layerClass(sr.style)}" fill="currentColor" data-layer="${sr.layer}"/>`;
  }
  s += o.over ?? "";
  // Swatch 16 units, text 20 units in: "one answer" (about 5.1 em) ends inside the viewBox at a phone's 21-unit font.
  const x0 = CHART.w - CHART.m.right + 6;
  o.legend.forEach((e, k) => {
    const Y = fmt(CHART.m.top + 8 + k * LEGEND_ROW);
    s += e.ref
      ? `<line x1="${x0}" x2="${x0 + 16}" y1="${Y}" y2="${Y}" class="ref"/>`
      : e.ghost
        ? `<line x1="${x0}" x2="${x0 + 16}" y1="${Y}" y2="${Y}" class="ghost-key trainer-ghost" stroke="currentColor" stroke-width="2.5"/>`
        : `<line x1="${x0}" x2="${x0 + 16}" y1="${Y}" y2="${Y}" ${lineAttrs(e.style!)}/>`;
    s += `<text x="${x0 + 20}" y="${Y}" dy="0.32em" class="legend">${esc(e.text)}</text>`;
  });
  return s;
}

const svg = (cls: string, label: string, inner: string) =>
  `<svg viewBox="0 0 ${CHART.w} ${CHART.h}" class="${SVG_CLASS} ${cls}" role="img" aria-label="${esc(label)}">${inner}</svg>`;

const weightLayers = (points: readonly TrainerPoint[], opts: TrainerChartOptions) => (points.length ? points[0].gradNorms.length : opts.committed?.length ? opts.committed[0].gradNorms.length : opts.layers ?? 0);
const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
const layerList = (values: string[]) => values.map((v, i) => `layer ${i + 1} ${v}`).join(", ");
const past = (opts: TrainerChartOptions) => opts.committed ?? [];
/** The epoch axis's end, covering the live points and the committed run. */
const axisEnd = (points: readonly TrainerPoint[], opts: TrainerChartOptions) => epochAxisEnd([...points, ...past(opts)], opts.maxEpoch);
/** The legend row for the committed run ("committed", about 4.6 em: inside the viewBox at a phone's font, as "one answer"). */
const ghostRow = (opts: TrainerChartOptions): Legend[] => (opts.committed?.length ? [{ text: "committed", ghost: true }] : []);
/** The labels' sentence about the committed run's last point, in the words used for the live one. */
const committedSentence = (epoch: number, values: string) => ` The committed run (faint) ended at epoch ${epoch}: ${values}.`;

// ---------------------------------------------------------------------------------------------
// ‖∂C/∂b‖ (or ‖∂C₀/∂W‖) per hidden layer: how fast each layer learns.

const speedName = (opts: TrainerChartOptions) => (opts.measure === "weight" ? "‖∂C₀/∂W‖" : "‖∂C/∂b‖");
const NONE: number[] = [];
const speedOf = (opts: TrainerChartOptions) => (p: TrainerPoint) => (opts.measure === "weight" ? (p.weightGradNorms ?? NONE) : p.gradNorms);

/** Each hidden layer's line through `points`, in the log axis's units. */
function speedSeries(points: readonly TrainerPoint[], opts: TrainerChartOptions, hidden: number[]): Series[] {
  const epochs = points.map((p) => p.epoch);
  const of = speedOf(opts);
  return hidden.map((l) => ({ style: l, epochs, values: points.map((p) => clampLog(of(p)[l - 1])), layer: String(l) }));
}

/** Hidden layer by hidden layer at p, as the label says it: "layer 1 0.010, layer 2 0.10; last/first 10×[; slowest: layer 1]". */
function speedWords(p: TrainerPoint, h: number, opts: TrainerChartOptions, markSlowest: boolean): string {
  const g = speedOf(opts)(p).slice(0, h);
  const ratio = h > 1 && g[0] >= FLOOR && Number.isFinite(g[h - 1]) ? `; last/first ${sig(g[h - 1] / g[0])}×` : "";
  const slow = markSlowest ? slowestLayer(g.map(clampLog)) : null;
  return `${layerList(g.map(norm))}${ratio}${slow === null ? "" : `; slowest: layer ${slow}`}`;
}

export function speedDynamic(points: readonly TrainerPoint[], opts: TrainerChartOptions): string {
  const hidden = range(1, weightLayers(points, opts) - 1);
  const series = speedSeries(points, opts, hidden);
  const ghosts = opts.committed?.length ? speedSeries(opts.committed, opts, range(1, weightLayers(opts.committed, opts) - 1)) : [];
  const domain = logDomain([...series, ...ghosts].flatMap((s) => s.values));
  const end = axisEnd(points, opts);
  const [x, y] = [xScale(end), scaleLog(domain, yRange)];
  // The slowest hidden layer at the latest live point, else at the committed run's last.
  const marked = points.length ? series : ghosts;
  const slow = slowestLayer(marked.map((sr) => sr.values.at(-1) ?? NaN));
  const over = slow === null ? "" : slowestLeaf(slow, `plot-s${(slow - 1) % SERIES_COLOURS + 1}`, x(marked[slow - 1].epochs.at(-1)!), y(marked[slow - 1].values.at(-1)!), { left: CHART.m.left, bottom: yRange[0] }, PHONE_EM);
  return chartLeaves({
    x, y, xTicks: ticks(0, end, 5), yTicks: decadeTicks(domain), yFormat: powerOfTen,
    yLabel: `${speedName(opts)} (log scale)`, series, ghosts, legend: [...hidden.map((l) => ({ text: `layer ${l}`, style: l })), ...ghostRow(opts)], over,
  });
}

export function speedLabel(points: readonly TrainerPoint[], opts: TrainerChartOptions): string {
  const h = weightLayers(points, opts) - 1;
  const head = `${speedName(opts)} of each hidden layer against epoch, on a log scale.`;
  const c = opts.committed?.at(-1);
  const hc = opts.committed ? weightLayers(opts.committed, opts) - 1 : 0;
  const then = c && hc >= 1 ? committedSentence(c.epoch, speedWords(c, hc, opts, !points.length)) : "";
  if (h < 1) return `${head} ${points.length || c ? "The network has no hidden layer." : "Nothing measured yet."}`;
  if (!points.length) return `${head} Nothing measured yet.${then}`;
  const p = points[points.length - 1];
  return `${head} Epoch ${p.epoch}: ${speedWords(p, h, opts, true)}.${then}`;
}

export const speedSvg = (points: readonly TrainerPoint[], opts: TrainerChartOptions) => svg("trainer-speed", speedLabel(points, opts), speedDynamic(points, opts));

// ---------------------------------------------------------------------------------------------
// ‖ΔW‖/‖W‖ per weight layer: how much each layer's weights moved since the previous measurement.

/** Points after epoch 0 (before any step nothing has changed) and the layers that never moved (frozen). */
function changes(points: readonly TrainerPoint[], L: number) {
  const moved = points.filter((p) => p.epoch > 0);
  const frozen = moved.length ? range(1, L).filter((l) => moved.every((p) => p.weightChange[l - 1] === 0)) : [];
  return { moved, frozen, drawn: range(1, L).filter((l) => !frozen.includes(l)) };
}

const layerName = (l: number, L: number) => (l === L ? "output" : `layer ${l}`);

const changeSeries = (moved: readonly TrainerPoint[], drawn: number[]): Series[] =>
  drawn.map((l) => ({ style: l, epochs: moved.map((p) => p.epoch), values: moved.map((p) => clampLog(p.weightChange[l - 1])), layer: String(l) }));
const changeWords = (p: TrainerPoint, drawn: number[], L: number) => drawn.map((l) => `${l === L ? `layer ${l} (output)` : `layer ${l}`} ${norm(p.weightChange[l - 1])}`).join(", ") || "every layer is frozen";

/** The live run's and the committed run's changes; before a live epoch, the live lines are the committed run's (a layer it froze is not drawn). */
function bothChanges(points: readonly TrainerPoint[], opts: TrainerChartOptions) {
  const L = weightLayers(points, opts);
  const live = changes(points, L);
  const Lc = opts.committed?.length ? opts.committed[0].weightChange.length : 0;
  const old = changes(past(opts), Lc);
  if (!live.moved.length && old.moved.length) live.drawn = live.drawn.filter((l) => !old.frozen.includes(l));
  return { L, Lc, live, old };
}

export function changeDynamic(points: readonly TrainerPoint[], opts: TrainerChartOptions): string {
  const { L, live, old } = bothChanges(points, opts);
  const series = changeSeries(live.moved, live.drawn);
  const ghosts = changeSeries(old.moved, old.drawn);
  const domain = logDomain([...series, ...ghosts].flatMap((s) => s.values));
  const end = axisEnd(points, opts);
  // Every line drawn has its row: the live layers and any the committed run moved that the live run froze.
  const rows = [...new Set([...live.drawn, ...(old.moved.length ? old.drawn : [])])].sort((a, b) => a - b);
  return chartLeaves({
    x: xScale(end), y: scaleLog(domain, yRange), xTicks: ticks(0, end, 5), yTicks: decadeTicks(domain), yFormat: powerOfTen,
    yLabel: "‖ΔW‖/‖W‖ (log scale)", series, ghosts, legend: [...rows.map((l) => ({ text: layerName(l, Math.max(L, l)), style: l })), ...ghostRow(opts)],
  });
}

export function changeLabel(points: readonly TrainerPoint[], opts: TrainerChartOptions): string {
  const { L, Lc, live, old } = bothChanges(points, opts);
  const { moved, frozen, drawn } = live;
  const head = "How far each weight layer moved since the previous measurement, ‖ΔW‖/‖W‖, against epoch, on a log scale.";
  const c = old.moved.at(-1);
  const then = c ? committedSentence(c.epoch, changeWords(c, old.drawn, Lc)) : "";
  if (!moved.length) return `${head} No training epoch measured yet.${then}`;
  const p = moved[moved.length - 1];
  const still = frozen.length ? ` ${frozen.length === 1 ? `Layer ${frozen[0]} is frozen` : `Layers ${frozen.join(", ")} are frozen`}: ${frozen.length === 1 ? "its weights never change" : "their weights never change"}, so ${frozen.length === 1 ? "it is" : "they are"} not drawn.` : "";
  return `${head} Epoch ${p.epoch}: ${changeWords(p, drawn, L)}.${still}${then}`;
}

export const changeSvg = (points: readonly TrainerPoint[], opts: TrainerChartOptions) => svg("trainer-change", changeLabel(points, opts), changeDynamic(points, opts));

// ---------------------------------------------------------------------------------------------
// Training and test accuracy.

const pct = (v: number) => (Number.isFinite(v) ? 100 * Math.min(1, Math.max(0, v)) : NaN);

const accuracySeries = (points: readonly TrainerPoint[]): Series[] => {
  const epochs = points.map((p) => p.epoch);
  return [
    { style: 1, epochs, values: points.map((p) => pct(p.trainAccuracy)), layer: "train" },
    { style: 2, epochs, values: points.map((p) => pct(p.testAccuracy)), layer: "test" },
  ];
};
const accuracyWords = (p: TrainerPoint) => `training ${percent(p.trainAccuracy)}, test ${percent(p.testAccuracy)}`;

export function accuracyDynamic(points: readonly TrainerPoint[], opts: TrainerChartOptions): string {
  const end = axisEnd(points, opts);
  const x = xScale(end);
  const legend: Legend[] = [{ text: "training", style: 1 }, { text: "test", style: 2 }];
  if (opts.oneAnswer !== undefined) legend.push({ text: "one answer", ref: true });
  const plateau = plateauOf(points, opts.committed, opts.oneAnswer);
  return chartLeaves({
    x, y: scaleLinear([0, 100], yRange), xTicks: ticks(0, end, 5), yTicks: [0, 25, 50, 75, 100], yFormat: (v) => String(v),
    yLabel: "accuracy (%)", series: accuracySeries(points), ghosts: accuracySeries(past(opts)).filter((sr) => sr.epochs.length), legend: [...legend, ...ghostRow(opts)],
    ref: opts.oneAnswer === undefined ? undefined : pct(opts.oneAnswer), under: plateau ? plateauLeaves(plateau, x, yRange[1], yRange[0], PHONE_EM) : "",
  });
}

export function accuracyLabel(points: readonly TrainerPoint[], opts: TrainerChartOptions): string {
  const head = "Training and test accuracy against epoch.";
  const ref = opts.oneAnswer === undefined ? "" : ` The dashed line at ${percent(opts.oneAnswer)} is the accuracy of giving one answer for every digit.`;
  const c = opts.committed?.at(-1);
  const then = c ? committedSentence(c.epoch, accuracyWords(c)) : "";
  const plateau = plateauOf(points, opts.committed, opts.oneAnswer);
  const marks = `${ref}${plateau ? plateauSentence(plateau) : ""}`;
  if (!points.length) return `${head} Nothing measured yet.${then}${marks}`;
  const p = points[points.length - 1];
  return `${head} Epoch ${p.epoch}: ${accuracyWords(p)}.${then}${marks}`;
}

export const accuracySvg = (points: readonly TrainerPoint[], opts: TrainerChartOptions) => svg("trainer-accuracy", accuracyLabel(points, opts), accuracyDynamic(points, opts));
