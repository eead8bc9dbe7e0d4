/** Tiny, DOM-free helpers to write SVG as strings: used at build time and by islands. */
import { num } from "./format.ts";

// Numbers are formatted in format.ts; these three are re-exported for the files that import them from here.
export { measured, num, powerOfTen } from "./format.ts";

export type Scale = ((v: number) => number) & { domain: [number, number]; range: [number, number] };

export function scaleLinear(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d0 === d1) throw new RangeError("scaleLinear: empty domain");
  const f = ((v: number) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  f.domain = domain;
  f.range = range;
  return f;
}

export function scaleLog(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  if (!(d0 > 0 && d1 > 0)) throw new RangeError("scaleLog: domain must be positive");
  const inner = scaleLinear([Math.log10(d0), Math.log10(d1)], range);
  const f = ((v: number) => inner(Math.log10(v))) as Scale;
  f.domain = domain;
  f.range = range;
  return f;
}

/** "Nice" tick values (1, 2, 5 × 10^k steps) covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toFixed(12));
  return out;
}

/** The smallest 1, 2 or 5 × 10^k at or above v: an axis end that changes rarely as v moves. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * mag >= v * (1 - 1e-12)) return +(m * mag).toPrecision(12);
  return 10 * mag;
}

/** Powers of ten inside [lo, hi] for a log axis. */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) out.push(10 ** e);
  return out;
}

/**
 * Path data through the points, breaking the line at non-finite values. Points
 * within minGap pixels of the last one kept are dropped (the line looks the same).
 */
export function pathData(points: ReadonlyArray<readonly [number, number]>, minGap = 0): string {
  let d = "";
  let pen = false;
  let lx = Infinity;
  let ly = Infinity;
  const n = points.length;
  for (let i = 0; i < n; i++) {
    const [x, y] = points[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    if (pen && minGap > 0 && i < n - 1 && Math.abs(x - lx) < minGap && Math.abs(y - ly) < minGap) continue;
    d += `${pen ? "L" : "M"}${fmt(x)},${fmt(y)}`;
    lx = x;
    ly = y;
    pen = true;
  }
  return d;
}

/**
 * Path data for a line through n points given by functions of the index: the same
 * thinning as pathData, without building an array of points first (long series).
 */
export function linePath(n: number, xAt: (i: number) => number, yAt: (i: number) => number, minGap = 0.5): string {
  let d = "";
  let lx = Infinity;
  let ly = Infinity;
  let pen = false;
  for (let i = 0; i < n; i++) {
    const x = xAt(i);
    const y = yAt(i);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    if (pen && i < n - 1 && Math.abs(x - lx) < minGap && Math.abs(y - ly) < minGap) continue;
    d += `${pen ? "L" : "M"}${fmt(x)},${fmt(y)}`;
    lx = x;
    ly = y;
    pen = true;
  }
  return d;
}

/**
 * Many small circles as one path (one DOM node instead of one per dot). Dots
 * closer than minGap pixels to the last one drawn are skipped: they would be
 * hidden under it anyway, and a creeping descent makes thousands of them.
 */
export function dotsPath(points: ReadonlyArray<readonly [number, number]>, r: number, minGap = 1): string {
  let d = "";
  const rr = fmt(r);
  const dd = fmt(2 * r);
  let lx = Infinity;
  let ly = Infinity;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (Math.abs(x - lx) < minGap && Math.abs(y - ly) < minGap) continue;
    lx = x;
    ly = y;
    d += `M${fmt(x - r)},${fmt(y)}a${rr},${rr} 0 1,0 ${dd},0a${rr},${rr} 0 1,0 -${dd},0`;
  }
  return d;
}

/** Short, stable coordinates (two decimals). */
export function fmt(v: number): string {
  return (Math.round(v * 100) / 100).toString();
}

/** Escapes text for SVG/HTML content and attributes. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export interface AxisOptions {
  x: Scale;
  y: Scale;
  xTicks: number[];
  yTicks: number[];
  xLabel: string;
  yLabel: string;
  format?: (v: number) => string;
  yFormat?: (v: number) => string;
}

/**
 * Left and bottom axes with grid lines, as an SVG group string (an empty yLabel
 * draws none). Text is placed in em from the axes, so it keeps its distance at any
 * font size: the figure CSS (src/styles/global.css) makes figure text larger, in
 * the SVG's units, on a narrow screen. The y label sits above the plot, starting at
 * the y axis (clear of the tick labels), so that a narrow figure does not spend its
 * width on a rotated label. A figure leaves room for the text at the largest font it
 * gets: a top margin of about 1.5em and a bottom margin of about 2.8em (x tick
 * labels, then the x label).
 */
export function axes(o: AxisOptions): string {
  const f = o.format ?? ((v: number) => num(v, Number.isInteger(v) ? 0 : 1));
  const yf = o.yFormat ?? f;
  const [x0, x1] = o.x.range;
  const [y0, y1] = o.y.range;
  const bottom = Math.max(y0, y1);
  const top = Math.min(y0, y1);
  let s = `<g class="axes">`;
  for (const t of o.xTicks) {
    const px = fmt(o.x(t));
    s += `<line x1="${px}" x2="${px}" y1="${fmt(top)}" y2="${fmt(bottom)}" class="grid"/>`;
    s += `<text x="${px}" y="${fmt(bottom)}" dy="1.2em" text-anchor="middle">${esc(f(t))}</text>`;
  }
  for (const t of o.yTicks) {
    const py = fmt(o.y(t));
    s += `<line x1="${fmt(x0)}" x2="${fmt(x1)}" y1="${py}" y2="${py}" class="grid"/>`;
    s += `<text x="${fmt(x0)}" y="${py}" dx="-0.4em" dy="0.32em" text-anchor="end">${esc(yf(t))}</text>`;
  }
  s += `<line x1="${fmt(x0)}" x2="${fmt(x1)}" y1="${fmt(bottom)}" y2="${fmt(bottom)}" class="axis"/>`;
  s += `<line x1="${fmt(x0)}" x2="${fmt(x0)}" y1="${fmt(top)}" y2="${fmt(bottom)}" class="axis"/>`;
  s += `<text x="${fmt((x0 + x1) / 2)}" y="${fmt(bottom)}" dy="2.45em" text-anchor="middle" class="label">${esc(o.xLabel)}</text>`;
  if (o.yLabel) s += `<text x="${fmt(x0)}" y="${fmt(top)}" dy="-0.6em" text-anchor="start" class="label">${esc(o.yLabel)}</text>`;
  return s + `</g>`;
}
