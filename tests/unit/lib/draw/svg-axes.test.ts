/**
 * What the shared SVG helpers put on screen: axes (grid lines and tick labels where the scale says,
 * labels placed from the axes), thinned lines and dots (what is dropped and what never is), and the
 * numbers figures print. Read back from the SVG strings, not compared with them.
 */
import { describe, expect, it } from "vitest";
import { axes, dotsPath, linePath, logTicks, niceCeil, num, pathData, powerOfTen, scaleLinear, scaleLog, ticks } from "../../../../src/lib/draw/svg.ts";
import { circles, elements, pathCommands as vertices } from "../../../support/svg-read.ts";

describe("axes", () => {
  const x = scaleLinear([0, 10], [50, 450]);
  // SVG y grows downwards: the larger value sits at the top (range reversed).
  const y = scaleLinear([0, 1], [300, 20]);
  const svg = axes({ x, y, xTicks: [0, 2.5, 10], yTicks: [0, 0.5, 1], xLabel: "step k", yLabel: "cost <C>" });
  const lines = elements(svg, "line");
  const texts = elements(svg, "text");

  it("draws a vertical grid line and a label under the axis at every x tick", () => {
    const grid = lines.filter((l) => l.attrs.class === "grid" && l.attrs.x1 === l.attrs.x2);
    expect(grid.map((l) => Number(l.attrs.x1))).toEqual([50, 150, 450]);
    for (const l of grid) expect([Number(l.attrs.y1), Number(l.attrs.y2)]).toEqual([20, 300]);
    const labels = texts.filter((t) => t.attrs["text-anchor"] === "middle" && t.attrs.dy === "1.2em");
    expect(labels.map((t) => [Number(t.attrs.x), Number(t.attrs.y), t.text])).toEqual([
      [50, 300, "0"],
      [150, 300, "2.5"],
      [450, 300, "10"],
    ]);
  });

  it("draws a horizontal grid line and a label left of the axis at every y tick", () => {
    const grid = lines.filter((l) => l.attrs.class === "grid" && l.attrs.y1 === l.attrs.y2);
    expect(grid.map((l) => Number(l.attrs.y1))).toEqual([300, 160, 20]);
    for (const l of grid) expect([Number(l.attrs.x1), Number(l.attrs.x2)]).toEqual([50, 450]);
    const labels = texts.filter((t) => t.attrs["text-anchor"] === "end");
    expect(labels.map((t) => [Number(t.attrs.x), Number(t.attrs.y), t.text])).toEqual([
      [50, 300, "0"],
      [50, 160, "0.5"],
      [50, 20, "1"],
    ]);
    expect(labels.every((t) => t.attrs.dx.startsWith("-"))).toBe(true);
  });

  it("draws the two axes along the bottom and the left of the plot", () => {
    const axisLines = lines.filter((l) => l.attrs.class === "axis").map((l) => [l.attrs.x1, l.attrs.y1, l.attrs.x2, l.attrs.y2].map(Number));
    expect(axisLines).toEqual([
      [50, 300, 450, 300],
      [50, 20, 50, 300],
    ]);
  });

  it("centres the x label under the axis and puts the y label above the plot, escaped", () => {
    const labels = texts.filter((t) => t.attrs.class === "label");
    expect(labels.map((t) => [Number(t.attrs.x), Number(t.attrs.y), t.attrs["text-anchor"], t.text])).toEqual([
      [250, 300, "middle", "step k"],
      [50, 20, "start", "cost &lt;C&gt;"],
    ]);
    // Below the tick labels, and above the top of the plot.
    expect(parseFloat(labels[0].attrs.dy)).toBeGreaterThan(1.2);
    expect(parseFloat(labels[1].attrs.dy)).toBeLessThan(0);
  });

  it("draws no y label when it is empty, and uses the given formats", () => {
    const bare = axes({ x, y, xTicks: [5], yTicks: [0.25], xLabel: "x", yLabel: "", format: (v) => `x=${v}`, yFormat: (v) => `${v * 100}%` });
    const t = elements(bare, "text");
    expect(t.map((e) => e.text)).toEqual(["x=5", "25%", "x"]);
    const onlyX = axes({ x, y, xTicks: [5], yTicks: [0.25], xLabel: "x", yLabel: "", format: (v) => `<${v}>` });
    expect(elements(onlyX, "text").map((e) => e.text)).toEqual(["&lt;5&gt;", "&lt;0.25&gt;", "x"]);
    expect(bare.startsWith("<g")).toBe(true);
    expect(bare.endsWith("</g>")).toBe(true);
  });

  it("reads the same whichever way round the y range is given", () => {
    const up = axes({ x, y: scaleLinear([0, 1], [20, 300]), xTicks: [0], yTicks: [], xLabel: "", yLabel: "" });
    const grid = elements(up, "line").find((l) => l.attrs.class === "grid")!;
    expect([Number(grid.attrs.y1), Number(grid.attrs.y2)]).toEqual([20, 300]);
    expect(elements(up, "text")[0].attrs.y).toBe("300");
  });
});

describe("pathData and linePath thinning", () => {
  it("keeps every point when minGap is 0, even repeated ones", () => {
    const pts: [number, number][] = [[0, 0], [0, 0], [1, 1]];
    expect(vertices(pathData(pts)).length).toBe(3);
  });

  it("drops a point only when it is closer than minGap in both x and y, and never the last", () => {
    const pts: [number, number][] = [[0, 0], [0.3, 0.3], [0.3, 5], [5, 5.2], [5.1, 5.3]];
    for (const d of [pathData(pts, 1), linePath(pts.length, (i) => pts[i][0], (i) => pts[i][1], 1)]) {
      expect(vertices(d).map((v) => [v.x, v.y])).toEqual([[0, 0], [0.3, 5], [5, 5.2], [5.1, 5.3]]);
    }
  });

  it("keeps a point exactly minGap away", () => {
    const pts: [number, number][] = [[0, 0], [1, 0], [2, 0.5], [3, 0.5]];
    expect(vertices(pathData(pts, 1)).length).toBe(4);
    expect(vertices(linePath(4, (i) => pts[i][0], (i) => pts[i][1], 1)).length).toBe(4);
  });

  it("starts a new piece after a non-finite point, even right next to the last point drawn", () => {
    const pts: [number, number][] = [[0, 0], [5, 5], [NaN, 1], [5.1, 5.1], [9, 9]];
    for (const d of [pathData(pts, 1), linePath(pts.length, (i) => pts[i][0], (i) => pts[i][1], 1)]) {
      expect(vertices(d).map((v) => v.cmd + v.x)).toEqual(["M0", "L5", "M5.1", "L9"]);
    }
  });

  it("thins the first points of a long creeping series but keeps its end", () => {
    const n = 1000;
    const d = linePath(n, (i) => i / 1000, (i) => 0);
    const v = vertices(d);
    expect(v[0]).toEqual({ cmd: "M", x: 0, y: 0 });
    expect(v.at(-1)).toEqual({ cmd: "L", x: 1, y: 0 });
    expect(v.length).toBeLessThan(5);
  });
});

describe("dotsPath", () => {
  it("draws a circle of radius r centred on each point", () => {
    const c = circles(dotsPath([[10, 20], [40, 25.5]], 3));
    expect(c).toEqual([
      { x: 10, y: 20, r: 3 },
      { x: 40, y: 25.5, r: 3 },
    ]);
  });

  it("skips non-finite points and dots hidden under the last one drawn (closer than minGap in x and y)", () => {
    const c = circles(dotsPath([[0, 0], [NaN, 4], [0.5, 0.5], [0.5, 9], [Infinity, 2], [3, 9]], 2, 1));
    expect(c.map((p) => [p.x, p.y])).toEqual([[0, 0], [0.5, 9], [3, 9]]);
  });

  it("keeps a dot exactly minGap away", () => {
    expect(circles(dotsPath([[0, 0], [1, 1]], 1, 1)).length).toBe(2);
  });
});

describe("numbers in figures", () => {
  it("names the infinities and NaN", () => {
    expect([num(Infinity), num(-Infinity), num(NaN)]).toEqual(["∞", "−∞", "undefined"]);
  });

  it("switches to powers of ten below 10^−digits and from a million, with digits − 1 decimals (at least 1)", () => {
    expect(num(0.01, 2)).toBe("0.01");
    expect(num(0.0099, 2)).toBe("9.9 × 10⁻³");
    expect(num(999_999, 0)).toBe("999999");
    expect(num(1e6, 0)).toBe("1.0 × 10⁶");
    expect(num(-1.23456e7, 3)).toBe("−1.23 × 10⁷");
    expect(num(0, 3)).toBe("0.000");
  });

  it("writes every exponent digit as a superscript", () => {
    expect([1e-1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e-10].map(powerOfTen)).toEqual([
      "10⁻¹", "10²", "10³", "10⁴", "10⁵", "10⁶", "10⁷", "10⁸", "10⁹", "10⁻¹⁰",
    ]);
    expect([powerOfTen(1), powerOfTen(10)]).toEqual(["1", "10"]);
  });
});

describe("scales and ticks at their edges", () => {
  it("refuses an empty linear domain and a log domain that touches zero, by name", () => {
    expect(() => scaleLinear([2, 2], [0, 1])).toThrow("scaleLinear: empty domain");
    expect(() => scaleLog([1, 0], [0, 1])).toThrow("scaleLog: domain must be positive");
    expect(scaleLog([0.1, 10], [0, 100])(1)).toBeCloseTo(50, 12);
  });

  it("gives one tick for an empty or reversed interval and includes an end that is a tick", () => {
    expect(ticks(3, 3)).toEqual([3]);
    expect(ticks(5, 1)).toEqual([5]);
    expect(ticks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceCeil(5)).toBe(5);
    expect(niceCeil(5.0001)).toBe(10);
  });

  it("includes decades at both ends of a log axis, within rounding", () => {
    expect(logTicks(1, 1000)).toEqual([1, 10, 100, 1000]);
    expect(logTicks(0.001 * (1 + 1e-12), 1 - 1e-12)).toEqual([0.001, 0.01, 0.1, 1]);
    expect(logTicks(2, 900)).toEqual([10, 100]);
  });
});
