/**
 * The cost over the plane of a run's own training (src/lib/analysis/loss-plane.ts): θ(α, β) = θ₀ + αΔ₁ + βΔ₊,
 * (0, 0) the initial network, (1, 1) the trained one. What the loader computed
 * (public/derived/loss-plane/planes.json) is drawn as filled contours, the optimiser's real path
 * projected onto the plane (public/runs/<id>/log.json "path") as thin arrows over them.
 * Parsing, thresholds, tables and words are plain data (unit-tested); the chart is Observable Plot
 * rendered at build time. The browser never loads this module (it imports Plot).
 */
import * as Plot from "@observablehq/plot";
import { renderPlot } from "./plot-render.ts";
import { num, significant } from "../lib/draw/format.ts";
import { percent, sig, type DataTable } from "./learning-speed.ts";
import { axisTicks, CORNERS, cornerName, type PlaneScales } from "../islands/plane/figure.ts";
import { PLANES_FILE, parsePlanesFile, type PlaneEntry, type PlaneGrid } from "../lib/schemas/derived/loss-plane.ts";
import type { PlanePath } from "../lib/schemas/run-log.ts";

export { PLANES_FILE };
export const PLANES_COMMAND = "npm run derive -- --only loss-plane";

export type CornerKey = (typeof CORNERS)[number];

/** planes.json's grid and one run's plane: the schema's types (src/lib/schemas/derived/loss-plane.ts). */
export type { PlaneGrid, PlanePath };
export type Plane = PlaneEntry;

/** Checks a parsed planes.json with its schema and returns the grid and one run's plane. */
export function parsePlanes(raw: unknown, runId: string): { grid: PlaneGrid; plane: Plane } {
  const { grid, planes } = parsePlanesFile(raw);
  const plane = planes[runId];
  if (plane === undefined) {
    throw new Error(`${PLANES_FILE} has no plane for the run "${runId}" (it has ${Object.keys(planes).join(", ") || "none"}). Compute it with: ${PLANES_COMMAND}`);
  }
  return { grid, plane };
}


// ---------------------------------------------------------------------------------------------
// Contour levels.

/**
 * Contour levels evenly spaced in log(C − C_min + δ), δ = (C_max − C_min)/100: dense near the
 * valley floor, where the cost changes by little, and still several up the steep walls, so that
 * both a flat start and a narrow valley show. Every level lies strictly inside (C_min, C_max).
 */
export function planeThresholds(costMin: number, costMax: number, count = 14): number[] {
  if (!(costMax > costMin)) throw new Error(`planeThresholds: costMax ${costMax} must exceed costMin ${costMin}`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`planeThresholds: count must be a positive whole number, got ${count}`);
  const span = costMax - costMin;
  const delta = span / 100;
  const u0 = Math.log(delta);
  const u1 = Math.log(span + delta);
  return Array.from({ length: count }, (_, k) => costMin - delta + Math.exp(u0 + ((k + 1) / (count + 1)) * (u1 - u0)));
}

// ---------------------------------------------------------------------------------------------
// Geometry of the chart, in viewBox units (global.css: .plot-vb-560).

const W = 560;
const M = { top: 40, right: 40, bottom: 64, left: 64 };
/** A square plot: α and β are in the same units. */
const SIDE = W - M.left - M.right;
const H = SIDE + M.top + M.bottom;

/** Axis domains: the grid and half a cell beyond, where the contour cells end. */
function extent(axis: number[]): [number, number] {
  const h = (axis[axis.length - 1] - axis[0]) / (axis.length - 1);
  return [axis[0] - h / 2, axis[axis.length - 1] + h / 2];
}

/** The chart's scales: what Plot draws with and what the browser maps the point through. */
export function planeScales(grid: PlaneGrid): PlaneScales {
  return {
    x: { domain: extent(grid.alpha), range: [M.left, W - M.right] },
    y: { domain: extent(grid.beta), range: [H - M.bottom, M.top] },
  };
}

export interface PlaneChart {
  svg: string;
  scales: PlaneScales;
  thresholds: number[];
}

/** The chart's text alternative: what it shows, with the corner costs and the slopes at the start. */
export function planeLabel(grid: PlaneGrid, plane: Plane, path: PlanePath): string {
  const c = plane.corners;
  const s = plane.slopes["0,0"];
  const last = path.alpha.length - 1;
  return (
    `Contours of the cost C over the plane of ${plane.title}'s training, α along the first layer's move and β along every other layer's, ` +
    `α from ${num(grid.alpha[0], 3)} to ${num(grid.alpha[grid.alpha.length - 1], 3)}, β from ${num(grid.beta[0], 3)} to ${num(grid.beta[grid.beta.length - 1], 3)}; the stronger the shading, the higher the cost. The cost at the corners: ` +
    CORNERS.map((k) => `${cornerName(k)} (${k.replace(",", ", ")}) ${sig(c[k].cost, 3)}`).join("; ") +
    `. At the start ∂C/∂α = ${sig(s.dAlpha)} and ∂C/∂β = ${sig(s.dBeta)}. ` +
    `The arrows are the optimiser's path, ${path.epochs.length} logged epochs from epoch 0 to ${path.epochs[last]}, ` +
    `from (${num(path.alpha[0], 3)}, ${num(path.beta[0], 3)}) to (${num(path.alpha[last], 3)}, ${num(path.beta[last], 3)}), ` +
    `at most ${sig(Math.max(...path.offPlane))} off the plane.`
  );
}

export function planeChart(grid: PlaneGrid, plane: Plane, path: PlanePath): PlaneChart {
  const scales = planeScales(grid);
  const thresholds = planeThresholds(plane.range.costMin, plane.range.costMax);
  const [ax1, ax2] = scales.x.domain;
  const [by1, by2] = scales.y.domain;
  const raster = { x1: ax1, x2: ax2, y1: by1, y2: by2, width: grid.alpha.length, height: grid.beta.length, interpolate: "none" as const, smooth: true };
  const ticksA = axisTicks(grid.alpha);
  const ticksB = axisTicks(grid.beta);
  const segments = path.epochs.slice(1).map((_, k) => ({ x1: path.alpha[k], y1: path.beta[k], x2: path.alpha[k + 1], y2: path.beta[k + 1] }));
  const marks: Plot.Markish[] = [
    // Each level's region C ≥ t, filled faintly: the shading stacks, darker where the cost is higher.
    ...thresholds.map((t) => Plot.contour(plane.cost, { ...raster, thresholds: [t], fill: "currentColor", fillOpacity: 0.045, stroke: "none", className: "plane-band" })),
    Plot.contour(plane.cost, { ...raster, thresholds, stroke: "currentColor", strokeWidth: 0.75, fill: "none", className: "plane-level" }),
    Plot.ruleX([0, 1], { stroke: "currentColor", strokeDasharray: "3 3", className: "plot-grid plane-unit" }),
    Plot.ruleY([0, 1], { stroke: "currentColor", strokeDasharray: "3 3", className: "plot-grid plane-unit" }),
    Plot.axisX({ ticks: ticksA, tickFormat: (d: number) => significant(d, 3), label: "α: first layer's share of the move (Δ₁)", labelAnchor: "center", labelArrow: "none", labelOffset: M.bottom - 8, className: "plot-axis" }),
    Plot.axisY({ ticks: ticksB, tickFormat: (d: number) => significant(d, 3), label: null, className: "plot-axis" }),
    Plot.text(["β: every other layer's share (Δ₊)"], { frameAnchor: "top-left", textAnchor: "start", lineAnchor: "top", dx: 4 - M.left, dy: 8 - M.top, className: "plot-axis-title" }),
    Plot.arrow(segments, { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: "currentColor", strokeWidth: 1.25, headLength: 5, className: "plot-series plot-s2 plane-path" }),
    Plot.dot([{ a: 0, b: 0, name: "start" }, { a: 1, b: 1, name: "trained" }], { x: "a", y: "b", r: 4, fill: "currentColor", stroke: "none", className: "plot-series plot-s2 plane-ends" }),
    Plot.text([{ a: 0, b: 0, name: "start" }, { a: 1, b: 1, name: "trained" }], { x: "a", y: "b", text: "name", textAnchor: "start", dx: 7, dy: 12, className: "plot-series plot-s2 plane-ends" }),
  ];
  const svg = compactPaths(renderPlot(
    { width: W, height: H, marginTop: M.top, marginRight: M.right, marginBottom: M.bottom, marginLeft: M.left, x: { domain: scales.x.domain, range: scales.x.range }, y: { domain: scales.y.domain, range: scales.y.range }, marks },
    { label: planeLabel(grid, plane, path), className: "plot-plane" },
  ));
  return { svg, scales, thresholds };
}

/**
 * Smaller path data for polylines (M/L/Z only): coordinates to 0.1 of a viewBox unit, and the
 * middle points of straight horizontal or vertical runs dropped (contour polygons walk the
 * grid's edge one cell at a time). The drawing is the same to the eye; the page is lighter.
 */
export function compactPath(d: string): string {
  const round = (v: number) => Math.round(v * 10) / 10;
  const out: string[] = [];
  for (const sub of d.split(/(?=M)/)) {
    const closed = /Z\s*$/.test(sub);
    const pts = [...sub.matchAll(/(-?[\d.]+(?:e-?\d+)?)[ ,](-?[\d.]+(?:e-?\d+)?)/g)].map((m) => [round(Number(m[1])), round(Number(m[2]))] as [number, number]);
    const kept = pts.filter((p, i) => {
      if (i === 0 || i === pts.length - 1) return true;
      const [a, b] = [pts[i - 1], pts[i + 1]];
      if (p[0] === a[0] && p[1] === a[1]) return false;
      return !((a[0] === p[0] && p[0] === b[0]) || (a[1] === p[1] && p[1] === b[1]));
    });
    if (kept.length) out.push(`M${kept.map((p) => `${p[0]},${p[1]}`).join("L")}${closed ? "Z" : ""}`);
  }
  return out.join("");
}

/** compactPath on every path of the SVG whose data is a polyline. */
export const compactPaths = (svg: string): string => svg.replace(/ d="([MLZ\d.,e\s-]+)"/g, (_, d: string) => ` d="${compactPath(d)}"`);

// ---------------------------------------------------------------------------------------------
// Tables.

export function cornerTable(plane: Plane): DataTable {
  return {
    caption: `${plane.title}: the cost on ${plane.trainDigits.toLocaleString("en-US")} training digits, the test accuracy on ${plane.testDigits.toLocaleString("en-US")} test digits and the two slopes at the corners of the unit square`,
    columns: ["point (α, β)", "cost C", "test accuracy", "∂C/∂α", "∂C/∂β"],
    rows: CORNERS.map((k) => [`${cornerName(k)} (${k.replace(",", ", ")})`, sig(plane.corners[k].cost, 4), percent(plane.corners[k].accuracy), sig(plane.slopes[k].dAlpha, 3), sig(plane.slopes[k].dBeta, 3)]),
  };
}

/** Which logged path points the table lists: all of up to `most`, else every k-th (k as small as keeps to `most`), and always the last. */
export function pathRows(n: number, most = 11): number[] {
  if (n <= most) return Array.from({ length: n }, (_, i) => i);
  const every = Math.ceil((n - 1) / (most - 1));
  const out: number[] = [];
  for (let i = 0; i < n - 1; i += every) out.push(i);
  out.push(n - 1);
  return out;
}

const ordinal = (k: number) => `${k}${k % 100 >= 11 && k % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][k % 10] ?? "th"}`;

export function pathTable(path: PlanePath): DataTable {
  const rows = pathRows(path.epochs.length);
  const all = rows.length === path.epochs.length;
  const every = rows.length > 1 ? rows[1] - rows[0] : 1;
  return {
    caption:
      `The optimiser's path projected onto the plane: α and β of each logged epoch and its distance from the plane, ‖θ − θ(α, β)‖ ` +
      `(for scale: ‖Δ₁‖ = ${sig(path.norms.delta1)}, ‖Δ₊‖ = ${sig(path.norms.deltaRest)})` +
      (all ? "" : `; every ${ordinal(every)} of the ${path.epochs.length} logged points${(path.epochs.length - 1) % every ? ", and the last" : ""}`),
    columns: ["epoch", "α", "β", "off the plane"],
    rows: rows.map((i) => [String(path.epochs[i]), num(path.alpha[i], 3), num(path.beta[i], 3), path.offPlane[i] === 0 ? "0" : sig(path.offPlane[i], 2)]),
  };
}
