/**
 * Reading back what a page in the browser shows: the data coordinates of a point on a figure, from
 * the axis' own tick labels (numbers are read with shown() from svg-read.ts).
 */
import type { Locator } from "playwright-core";
import { shown } from "./svg-read.ts";

export interface AxisMap {
  /** Data x of an SVG x coordinate, read off the x axis' tick labels. */
  x(px: number): number;
  /** Data y of an SVG y coordinate (log10 of it on a log axis), read off the y axis' tick labels. */
  y(py: number): number;
  /** The values the y axis' tick labels show (log10 of them on a log axis), top to bottom as drawn. */
  yTicks: number[];
}

/**
 * Inverts the axes drawn by src/lib/draw/svg.ts axes() inside `svg`: tick labels centred under
 * the x axis, right-aligned left of the y axis. With `logY`, y() returns log10 of the value.
 */
export async function axisMap(svg: Locator, opts: { logY?: boolean } = {}): Promise<AxisMap> {
  const ticks = await svg.evaluate((el) =>
    [...el.querySelectorAll("g.axes > text:not(.label)")].map((t) => ({
      text: t.textContent!,
      anchor: t.getAttribute("text-anchor"),
      x: Number(t.getAttribute("x")),
      y: Number(t.getAttribute("y")),
    })),
  );
  const fit = (pairs: [number, number][]) => {
    const [[p0, v0], [p1, v1]] = [pairs[0], pairs.at(-1)!];
    if (pairs.length < 2 || p0 === p1) throw new Error("an axis needs two tick labels");
    return (p: number) => v0 + ((p - p0) / (p1 - p0)) * (v1 - v0);
  };
  const xs = ticks.filter((t) => t.anchor === "middle").map((t) => [t.x, shown(t.text)] as [number, number]);
  const ys = ticks.filter((t) => t.anchor === "end").map((t) => [t.y, opts.logY ? Math.log10(shown(t.text)) : shown(t.text)] as [number, number]);
  return { x: xs.length > 1 ? fit(xs) : () => NaN, y: fit(ys), yTicks: ys.map(([, v]) => v) };
}
