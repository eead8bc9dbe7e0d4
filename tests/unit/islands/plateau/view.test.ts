/**
 * The plateau demo's two figures and its words, read back against the library's
 * run: dots and markers are mapped back from screen units to y and the cost along
 * y, the slope chart's vertices to (step, |∂C/∂y|) on its log scale.
 */
import { describe, expect, it } from "vitest";
import {
  PLATEAU_TILT,
  cost,
  profileDynamic,
  profileLabel,
  profileSvg,
  run,
  slopeAlt,
  slopeLine,
  slopeSvg,
  stepAxisEnd,
  summary,
} from "../../../../src/islands/plateau/figure.ts";
import { DEFAULTS, type PlateauSettings } from "../../../../src/islands/plateau/settings.ts";
import { asVectorCost, descend } from "../../../../src/lib/toy-math/optimizers.ts";
import { plateauCost } from "../../../../src/lib/toy-math/quadratic.ts";
import type { Descent } from "../../../../src/lib/toy-math/optimizers.ts";
import { dots, svgLabel as label, texts, vertices } from "../../../support/svg-read.ts";

// Profile: viewBox 560 × 270, margins top 33, right 14, bottom 60, left 46: y ∈ [−2, 9] → [46, 546],
// the cost along y (at x = 0) ∈ [−0.05, 1.1] → [210, 33].
const yOf = (X: number) => -2 + ((X - 46) / 500) * 11;
const cOf = (Y: number) => -0.05 + ((210 - Y) / 177) * 1.15;
const along = (y: number) => cost.value(0, y);
// Slope chart: viewBox 560 × 230, margins top 33, right 30, bottom 60, left 52: step k ∈ [0, end] → [52, 530],
// log10 |∂C/∂y| ∈ [−8, 1] → [170, 33].
const kOf = (X: number, end: number) => ((X - 52) / 478) * end;
const lgOf = (Y: number) => -8 + ((170 - Y) / 137) * 9;

function circle(svg: string, cls: string): [number, number] | null {
  const m = new RegExp(`<circle cx="([\\d.-]+)" cy="([\\d.-]+)" r="6" class="${cls}"/>`).exec(svg);
  return m ? [Number(m[1]), Number(m[2])] : null;
}
const count = (svg: string) => Number(/class="iterate" data-count="(\d+)"/.exec(svg)![1]);
const inView = (r: Descent) => r.points.filter((p) => p[1] >= -2 && p[1] <= 9);

describe("plateau view: the run it draws", () => {
  it("is the library's descent on the plateau with tilt 2·10⁻⁴, from (1, y0)", () => {
    const s: PlateauSettings = { optimizer: "momentum", eta: 0.3, steps: 50, y0: 2 };
    const r = run(s);
    expect(PLATEAU_TILT).toBe(2e-4);
    expect(r).toEqual(descend(asVectorCost(plateauCost({ tilt: 2e-4 })), [1, 2], { optimizer: "momentum", eta: 0.3, steps: 50, bound: 1e3, tolerance: 0.01 }));
    expect(r.points[0]).toEqual([1, 2]);
  });
});

describe("plateau view: the profile", () => {
  it("puts the iterates' y on the cost curve, thinned to one dot per pixel, with start and end markers", () => {
    const s: PlateauSettings = { optimizer: "gd", eta: 0.5, steps: 200, y0: 4 };
    const r = run(s);
    const svg = profileDynamic(r);
    const d = dots(svg);
    expect(count(svg)).toBe(r.points.length);
    expect(d.length).toBeGreaterThan(5);
    expect(d.length).toBeLessThan(r.points.length); // the last ~190 iterates sit on the minimum
    // Every drawn dot is an iterate's (y, cost along y) …
    for (const [X, Y] of d) {
      const y = yOf(X);
      expect(r.points.some((p) => Math.abs(p[1] - y) < 0.02)).toBe(true);
      expect(cOf(Y)).toBeCloseTo(along(y), 1);
    }
    // … consecutive dots are at least a pixel apart on one axis …
    for (let i = 1; i < d.length; i++) expect(Math.max(Math.abs(d[i][0] - d[i - 1][0]), Math.abs(d[i][1] - d[i - 1][1]))).toBeGreaterThanOrEqual(1 - 0.02);
    // … and every iterate lies under a dot (within a pixel both ways).
    for (const p of r.points) {
      const X = 46 + ((p[1] + 2) / 11) * 500;
      const Y = 210 - ((along(p[1]) + 0.05) / 1.15) * 177;
      expect(d.some(([a, b]) => Math.abs(a - X) < 1.02 && Math.abs(b - Y) < 1.02)).toBe(true);
    }
    // The path is nothing but dots (a stray token would make the browser drop the whole path).
    expect(/<path d="([^"]*)" class="iterate"/.exec(svg)![1]).toMatch(/^(M[\d.-]+,[\d.-]+a2\.5,2\.5 0 1,0 5,0a2\.5,2\.5 0 1,0 -5,0)+$/);
    const start = circle(svg, "start")!;
    expect(yOf(start[0])).toBeCloseTo(4, 2);
    expect(cOf(start[1])).toBeCloseTo(along(4), 2);
    const end = circle(svg, "end")!;
    const yEnd = r.points[r.points.length - 1][1];
    expect(yOf(end[0])).toBeCloseTo(yEnd, 2);
    expect(yOf(end[0])).toBeCloseTo(6, 1);
    expect(cOf(end[1])).toBeCloseTo(along(yEnd), 2);
  });

  it("keeps a dot wherever the iterates climb more than a pixel, even when they move less than one sideways", () => {
    // On the wall of the well the curve is steep on screen (about 2 units up per unit across): steps of about
    // 0.8 units across are 1.6 units apart in height, and each needs its own dot.
    const r = run({ optimizer: "gd", eta: 0.03, steps: 300, y0: 4.5 });
    const d = dots(profileDynamic(r));
    for (const p of r.points) {
      const X = 46 + ((p[1] + 2) / 11) * 500;
      const Y = 210 - ((along(p[1]) + 0.05) / 1.15) * 177;
      expect(d.some(([a, b]) => Math.abs(a - X) < 1.02 && Math.abs(b - Y) < 1.02)).toBe(true);
    }
  });

  it("skips iterates outside y ∈ [−2, 9], and the end marker when the run ends outside", () => {
    // Rescaled steps on the shoulders of the well throw y far out: at step 15 it is at about 214.
    const s: PlateauSettings = { optimizer: "preconditioned", eta: 0.9, steps: 15, y0: -2 };
    const r = run(s);
    expect(r.points[15][1]).toBeGreaterThan(9);
    const seen = inView(r);
    expect(seen.length).toBeLessThan(r.points.length);
    const svg = profileDynamic(r);
    expect(count(svg)).toBe(seen.length);
    for (const [X, Y] of dots(svg)) {
      expect(X).toBeGreaterThanOrEqual(46 - 0.01);
      expect(X).toBeLessThanOrEqual(546 + 0.01);
      expect(cOf(Y)).toBeCloseTo(along(yOf(X)), 1);
    }
    expect(circle(svg, "end")).toBeNull();
    expect(svg.endsWith('class="start"/>')).toBe(true);
    // The start y0 = −2 sits on the edge of the axis and is drawn.
    expect(circle(svg, "start")![0]).toBeCloseTo(46, 2);
    expect(dots(svg)[0][0]).toBeCloseTo(46, 2);
  });

  it("draws a run that starts and stays on the far edge y = 9", () => {
    const r = run({ optimizer: "gd", eta: 0.001, steps: 3, y0: 9 });
    const svg = profileDynamic(r);
    expect(count(svg)).toBe(4);
    expect(dots(svg)).toHaveLength(1);
    expect(dots(svg)[0][0]).toBeCloseTo(546, 2);
    expect(circle(svg, "end")![0]).toBeCloseTo(546, 1);
  });

  it("draws the cost along y over the whole axis, labelled, with the text alternative", () => {
    const s = DEFAULTS;
    const r = run(s);
    const svg = profileSvg(s, r);
    expect(svg).toMatch(/^<svg viewBox="0 0 560 270" [^>]*role="img"/);
    expect(svg.endsWith("</svg>")).toBe(true);
    const v = vertices(/<path d="([^"]*)" class="curve"/.exec(svg)![1]);
    expect(v).toHaveLength(301);
    v.forEach(([X, Y], i) => {
      expect(yOf(X)).toBeCloseTo(-2 + (11 * i) / 300, 3);
      expect(cOf(Y)).toBeCloseTo(along(yOf(X)), 3);
    });
    expect(texts(svg)).toEqual(["−2", "0", "2", "4", "6", "8", "0", "0.5", "1", "y — an early-layer weight", "cost along y"]);
    expect(svg).toContain(`<g data-role="profile-dynamic">${profileDynamic(r)}</g>`);
    expect(label(svg)).toBe(profileLabel(s, r));
    expect(profileLabel(s, r)).toBe(
      `The cost along y: level and nearly flat from y = −2 to about y = 3, then a drop into a well at y = 6. ${summary(s, r)}`,
    );
  });
});

describe("plateau view: the slope chart", () => {
  it("plots log10 |∂C/∂y| of every step against k, keeping the first and last step", () => {
    const s: PlateauSettings = { optimizer: "gd", eta: 0.9, steps: 1500, y0: 0 };
    const r = run(s);
    expect(stepAxisEnd(1500)).toBe(2000);
    const v = vertices(slopeLine(s, r));
    expect(v.length).toBeGreaterThan(20);
    expect(v.length).toBeLessThan(r.gradients.length);
    const clamp = (g: number) => Math.log10(Math.min(10, Math.max(1e-8, Math.abs(g))));
    for (const [X, Y] of v) {
      const k = Math.round(kOf(X, 2000));
      // a vertex sits at some step k near X with that step's |∂C/∂y|
      const near = [k - 2, k - 1, k, k + 1, k + 2].filter((j) => j >= 0 && j < r.gradients.length);
      expect(near.some((j) => Math.abs(clamp(r.gradients[j][1]) - lgOf(Y)) < 0.01)).toBe(true);
    }
    expect(kOf(v[0][0], 2000)).toBeCloseTo(0, 5);
    expect(lgOf(v[0][1])).toBeCloseTo(Math.log10(Math.abs(r.gradients[0][1])), 3);
    const n = r.gradients.length - 1;
    expect(kOf(v[v.length - 1][0], 2000)).toBeCloseTo(n, 1);
    // At the minimum the slope is below the chart's floor 10⁻⁸: drawn on the floor, not below it.
    expect(Math.abs(r.gradients[n][1])).toBeLessThan(1e-8);
    expect(lgOf(v[v.length - 1][1])).toBeCloseTo(-8, 3);
    for (const [, Y] of v) expect(lgOf(Y)).toBeLessThanOrEqual(1 + 1e-3);
  });

  it("ends the step axis at a round number at or above the steps, with power-of-ten labels", () => {
    const s: PlateauSettings = { ...DEFAULTS, steps: 1500 };
    const svg = slopeSvg(s, run(s));
    expect(svg).toMatch(/^<svg viewBox="0 0 560 230" [^>]*role="img"/);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(svg).toContain('data-axis="2000"');
    expect(texts(svg)).toEqual(["0", "500", "1000", "1500", "2000", "10⁻⁸", "10⁻⁵", "10⁻²", "10", "step k", "|∂C/∂y| (log)"]);
    expect(svg).toContain(`<path d="${slopeLine(s, run(s))}" class="series-y" data-role="slope-line"/>`);
    expect(label(svg)).toBe(slopeAlt(run(s)));
    expect([1, 7, 300, 3000].map(stepAxisEnd)).toEqual([1, 10, 500, 5000]);
    const one = slopeSvg({ ...DEFAULTS, steps: 1 }, run({ ...DEFAULTS, steps: 1 }));
    expect(one).toContain('data-axis="1"');
    expect(texts(one).slice(0, 6)).toEqual(["0", "0.2", "0.4", "0.6", "0.8", "1"]);
  });

  it("says in words where |∂C/∂y| starts, peaks and ends", () => {
    const r = run(DEFAULTS);
    const g = r.gradients.map((v) => Math.abs(v[1]));
    const peak = Math.max(...g);
    expect(peak).toBeGreaterThan(0.5);
    expect(slopeAlt(r)).toBe(`|∂C/∂y| at each step on a log scale: 0.0024 at the start, largest ${peak.toFixed(4)}, below 10⁻⁸ at the last step.`);
    const flat = run({ optimizer: "gd", eta: 0.1, steps: 1, y0: 9 });
    expect(slopeAlt(flat)).toBe("|∂C/∂y| at each step on a log scale: 0.0345 at the start, largest 0.0348, 0.0348 at the last step.");
    // Started on the minimum: the slope along y is zero throughout.
    const still = run({ optimizer: "gd", eta: 0.9, steps: 300, y0: 6 });
    expect(slopeAlt(still)).toBe("|∂C/∂y| at each step on a log scale: below 10⁻⁸ at the start, largest below 10⁻⁸, below 10⁻⁸ at the last step.");
    for (const [, Y] of vertices(slopeLine({ optimizer: "gd", eta: 0.9, steps: 300, y0: 6 }, still))) expect(lgOf(Y)).toBeCloseTo(-8, 3);
  });
});

describe("plateau view: the readout", () => {
  it("gives the step at which the run reached the minimum", () => {
    const s: PlateauSettings = { optimizer: "adam", eta: 0.1, steps: 3000, y0: 0 };
    const r = run(s);
    expect(r.arrivedAt).toBe(r.points.findIndex((p) => Math.hypot(p[0], p[1] - 6) <= 0.01 || Math.abs(p[1] - 6) <= 0.01 && Math.abs(p[0]) <= 0.01));
    expect(summary(s)).toBe(`At the start |∂C/∂y| = 0.0024. Adam with η = 0.100 reached the minimum (within 0.01) after ${r.arrivedAt} steps.`);
  });
  it("says how far y still is when the run has not arrived", () => {
    const s: PlateauSettings = { optimizer: "gd", eta: 0.1, steps: 1, y0: 9 };
    const r = run(s);
    expect(r.status).toBe("running");
    const y1 = r.points[1][1];
    expect(y1).toBeCloseTo(9 - 0.1 * 0.0345, 3);
    expect(summary(s, r)).toBe(`At the start |∂C/∂y| = 0.0345. Plain gradient descent with η = 0.100: after 1 steps y = 9.00, still 3.00 from the minimum.`);
    expect(summary({ optimizer: "momentum", eta: 0.001, steps: 100, y0: -2 })).toBe(
      "At the start |∂C/∂y| = 0.0032. Momentum (μ = 0.9) with η = 0.001: after 100 steps y = −2.00, still 8.00 from the minimum.",
    );
  });
  it("explains each optimizer's divergence", () => {
    const gd = { optimizer: "gd" as const, eta: 1.5, steps: 100, y0: 0 };
    expect(run(gd).points).toHaveLength(10);
    expect(summary(gd)).toBe(
      "At the start |∂C/∂y| = 0.0024. Plain gradient descent with η = 1.500 diverged after 9 steps: η is above the bound 1/a = 1.00 that the steep x direction sets, so x swings further on every step.",
    );
    expect(summary({ optimizer: "momentum", eta: 2, steps: 100, y0: 0 })).toBe(
      "At the start |∂C/∂y| = 0.0024. Momentum (μ = 0.9) with η = 2.000 diverged after 14 steps: η is above momentum's bound (1 + μ)/a = 1.90, set by the steep x direction.",
    );
    expect(summary({ optimizer: "preconditioned", eta: 0.9, steps: 100, y0: -2 })).toBe(
      "At the start |∂C/∂y| = 0.0032. Preconditioned (rescale each axis) with η = 0.900 diverged after 62 steps: the rescaling divides each step by the curvature along it; a large η overshoots the well, and near its shoulders the curvature is almost zero or negative, so single steps become huge. Rescaling is a perfect fix only where the curvature is positive and known, as in the bowl.",
    );
    // Adam's steps are about η each: it leaves the bound only for an η far beyond the slider.
    expect(summary({ optimizer: "adam", eta: 1e4, steps: 10, y0: 0 })).toBe(
      "At the start |∂C/∂y| = 0.0024. Adam with η = 10000.000 diverged after 0 steps: its steps grew until a coordinate passed 1000.",
    );
  });
});
