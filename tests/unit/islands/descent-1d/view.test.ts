/**
 * The 1-D descent demo's figure and words, read back against the library's run:
 * every mark is mapped back from screen units to (w, C) and compared with the
 * iterates of descend1d and the cost itself.
 */
import { describe, expect, it } from "vitest";
import { ariaLabel, cost, dynamicSvg, figureSvg, run, summary } from "../../../../src/islands/descent-1d/figure.ts";
import { DEFAULTS, type Descent1DSettings } from "../../../../src/islands/descent-1d/settings.ts";
import { descend1d, wellCost, defaultWell } from "../../../../src/lib/toy-math/descent1d.ts";
import { dots, svgLabel, texts, vertices } from "../../../support/svg-read.ts";

// Plot box of the figure (viewBox 640 × 330, margins top 38, right 16, bottom 70, left 52):
// w ∈ [−8, 6] → [52, 624] and C ∈ [−0.05, 1.15] → [260, 38].
const wOf = (X: number) => -8 + ((X - 52) / (624 - 52)) * 14;
const cOf = (Y: number) => -0.05 + ((260 - Y) / (260 - 38)) * 1.2;
const TOL = 0.01; // coordinates are written to 0.01 screen units

const trail = (svg: string) => vertices(/<path d="([^"]*)" class="trail"/.exec(svg)![1]);
function circle(svg: string, cls: string): [number, number] | null {
  const m = new RegExp(`<circle cx="([\\d.-]+)" cy="([\\d.-]+)" r="6" class="${cls}"/>`).exec(svg);
  return m ? [Number(m[1]), Number(m[2])] : null;
}
const count = (svg: string) => Number(/class="iterate" data-count="(\d+)"/.exec(svg)![1]);

describe("1-D descent view: the run it draws", () => {
  it("is the library's run on the default well, with the bound 1000 and the tolerance 0.01", () => {
    const s = { start: -6, eta: 1, steps: 200 };
    expect(run(s)).toEqual(descend1d(wellCost(defaultWell), -6, 1, 200, { bound: 1e3, tolerance: 0.01 }));
    expect(cost.minimum).toBe(2);
    // A start that a bound of 10⁶ would let through: the first step goes to about −6400.
    const r = run({ start: 2.5, eta: 1e4, steps: 50 });
    expect(r.status).toBe("diverged");
    expect(r.iterates).toHaveLength(1);
  });
});

describe("1-D descent view: iterates on the curve", () => {
  it("puts a dot at (w_k, C(w_k)) of every iterate, in order, from the start to the end marker", () => {
    const s: Descent1DSettings = { start: 0, eta: 0.5, steps: 12 };
    const r = run(s);
    const svg = figureSvg(s, r);
    const d = dots(svg);
    expect(count(svg)).toBe(r.iterates.length);
    // Dots closer than 1 unit to the last one drawn are skipped; the ones drawn match iterates in order.
    let k = 0;
    for (const [X, Y] of d) {
      while (k < r.iterates.length && Math.abs(wOf(X) - r.iterates[k].w) > 0.05) k++;
      expect(k).toBeLessThan(r.iterates.length);
      expect(wOf(X)).toBeCloseTo(r.iterates[k].w, 1);
      expect(cOf(Y)).toBeCloseTo(r.iterates[k].cost, 2);
      expect(cOf(Y)).toBeCloseTo(cost.value(wOf(X)), 1);
    }
    expect(d.length).toBeGreaterThan(5);
    expect(wOf(d[0][0])).toBeCloseTo(0, 2);
    const start = circle(svg, "start")!;
    expect(wOf(start[0])).toBeCloseTo(0, 2);
    expect(cOf(start[1])).toBeCloseTo(cost.value(0), 3);
    const end = circle(svg, "end")!;
    const last = r.iterates[r.iterates.length - 1];
    expect(wOf(end[0])).toBeCloseTo(last.w, 2);
    expect(cOf(end[1])).toBeCloseTo(last.cost, 3);
    expect(wOf(end[0])).toBeCloseTo(2, 1);
  });

  it("joins the iterates with a trail that keeps the first and the last", () => {
    const s = { start: -6, eta: 1, steps: 600 };
    const r = run(s);
    const t = trail(dynamicSvg(r));
    const first = r.iterates[0];
    const last = r.iterates[r.iterates.length - 1];
    expect(wOf(t[0][0])).toBeCloseTo(first.w, 2);
    expect(cOf(t[0][1])).toBeCloseTo(first.cost, 3);
    expect(wOf(t[t.length - 1][0])).toBeCloseTo(last.w, 2);
    expect(cOf(t[t.length - 1][1])).toBeCloseTo(last.cost, 3);
    // Thinned (the creep puts hundreds of iterates within a pixel), but never empty of the path's course.
    expect(t.length).toBeLessThan(r.iterates.length);
    expect(t.length).toBeGreaterThan(10);
    for (const [X, Y] of t) expect(cOf(Y)).toBeCloseTo(cost.value(wOf(X)), 1);
  });

  it("leaves out iterates beyond the w axis, and the end marker when the run ends there", () => {
    const s = { start: -2.5, eta: 10, steps: 200 };
    const r = run(s);
    const inside = r.iterates.filter((p) => p.w >= -8 && p.w <= 6);
    expect(inside.length).toBeLessThan(r.iterates.length);
    expect(r.iterates[r.iterates.length - 1].w).toBeGreaterThan(6);
    const svg = dynamicSvg(r);
    expect(count(svg)).toBe(inside.length);
    for (const [X] of [...dots(svg), ...trail(svg)]) {
      expect(X).toBeGreaterThanOrEqual(52 - TOL);
      expect(X).toBeLessThanOrEqual(624 + TOL);
    }
    expect(circle(svg, "end")).toBeNull();
    expect(svg.endsWith('class="start"/>')).toBe(true);
    // Beyond the left end too (η far beyond the slider throws w to about −641).
    const far = run({ start: 1.5, eta: 1000, steps: 50 });
    expect(far.iterates[50].w).toBeLessThan(-8);
    const left = far.iterates.filter((p) => p.w >= -8 && p.w <= 6);
    expect(count(dynamicSvg(far))).toBe(left.length);
    for (const [X] of dots(dynamicSvg(far))) expect(X).toBeGreaterThanOrEqual(52 - TOL);
  });

  it("keeps iterates exactly on either end of the axis", () => {
    for (const start of [-8, 6]) {
      const r = run({ start, eta: 0.01, steps: 3 });
      const svg = dynamicSvg(r);
      expect(count(svg)).toBe(4);
      expect(dots(svg)[0][0]).toBeCloseTo(start === -8 ? 52 : 624, 2);
      expect(circle(svg, "end")).not.toBeNull();
      expect(trail(svg)).toHaveLength(2); // the creep stays under a pixel: first and last only
    }
  });
});

describe("1-D descent view: axes and curve", () => {
  it("draws the cost curve C(w) across the whole w axis", () => {
    const svg = figureSvg(DEFAULTS);
    const d = /<path d="([^"]*)" class="curve"/.exec(svg)![1];
    const v = vertices(d);
    expect(v).toHaveLength(301);
    expect(wOf(v[0][0])).toBeCloseTo(-8, 3);
    expect(wOf(v[300][0])).toBeCloseTo(6, 3);
    v.forEach(([X, Y], i) => {
      expect(wOf(X)).toBeCloseTo(-8 + (14 * i) / 300, 3);
      expect(cOf(Y)).toBeCloseTo(cost.value(wOf(X)), 3);
    });
  });
  it("marks the minimum w = 2 on the axis", () => {
    const svg = figureSvg(DEFAULTS);
    const m = /<line x1="([\d.-]+)" x2="([\d.-]+)" y1="([\d.-]+)" y2="([\d.-]+)" class="min-tick"\/>/.exec(svg)!;
    const [x1, x2, y1, y2] = m.slice(1).map(Number);
    expect(wOf(x1)).toBeCloseTo(2, 3);
    expect(x2).toBe(x1);
    expect(cOf(y1)).toBeCloseTo(0, 3);
    expect(cOf(y2)).toBeCloseTo(-0.05, 3);
  });
  it("labels w from −8 to 6 and the cost 0, 0.5, 1, with both axis titles", () => {
    const svg = figureSvg(DEFAULTS);
    expect(svg).toMatch(/^<svg viewBox="0 0 640 330" [^>]*role="img"/);
    const t = texts(svg);
    expect(t).toEqual(["−8", "−6", "−4", "−2", "0", "2", "4", "6", "0", "0.5", "1", "weight w", "cost C(w)"]);
    expect(svg).toContain('<g data-role="dynamic">');
    expect(svg.endsWith("</svg>")).toBe(true);
  });
});

describe("1-D descent view: words", () => {
  it("gives the figure a text alternative: the well, then the readout", () => {
    const s = DEFAULTS;
    const r = run(s);
    expect(svgLabel(figureSvg(s, r))).toBe(ariaLabel(s, r));
    expect(ariaLabel(s, r)).toBe(`Cost C(w) with a narrow well at w = 2 inside a long, nearly flat stretch. ${summary(s, r)}`);
  });
  it("says when the run reaches the minimum and stays", () => {
    const s = { start: -2, eta: 1, steps: 200 };
    const r = run(s);
    const k = r.iterates.findIndex((p, i) => r.iterates.slice(i).every((q) => Math.abs(q.w - 2) <= 0.01));
    expect(k).toBe(176);
    expect(summary(s)).toBe(`Starting at w₀ = −2.0 the slope is ${"−0.0080"}. With η = 1.00 gradient descent reaches the minimum (within 0.01) after 176 steps.`);
    expect(r.iterates[0].slope).toBeCloseTo(cost.slope(-2), 12);
  });
  it("says when the run passes through the well without staying", () => {
    const s = { start: -7.5, eta: 5, steps: 200 };
    const r = run(s);
    const k = r.iterates.findIndex((p) => Math.abs(p.w - 2) <= 0.01);
    expect(k).toBe(166);
    expect(Math.abs(r.iterates[200].w - 2)).toBeGreaterThan(0.01);
    expect(summary(s, r)).toBe(
      "Starting at w₀ = −7.5 the slope is −0.0190. With η = 5.00 it passes within 0.01 of the minimum at step 166 but the steps are too large to stay in the narrow well: after 200 steps w = −0.19.",
    );
  });
  it("says the steps throw w out of the well when it ends further away than it started", () => {
    const s = { start: -2.5, eta: 10, steps: 200 };
    const last = run(s).iterates[200].w;
    expect(last).toBeCloseTo(6.55, 2);
    expect(summary(s)).toBe(
      `Starting at w₀ = −2.5 the slope is −0.0090. η = 10.00 is too large for the narrow well: the steps throw w out of it, and after 200 steps w = 6.55 is ${(last - 2).toFixed(2)} from the minimum.`,
    );
  });
  it("says how far the run still is when it has barely moved", () => {
    const s = { start: -8, eta: 0.01, steps: 1 };
    expect(summary(s)).toBe("Starting at w₀ = −8.0 the slope is −0.0200. With η = 0.01, after 1 steps w = −8.00, still 10.00 from the minimum.");
    const t = summary({ start: 6, eta: 10, steps: 50 });
    expect(t).toBe(`Starting at w₀ = 6.0 the slope is 0.0080. With η = 10.00, after 50 steps w = 5.64, still 3.64 from the minimum.`);
  });
  it("says the run diverged when a step leaves the bound (η far beyond the slider)", () => {
    const s = { start: 2.5, eta: 1e4, steps: 50 };
    expect(summary(s)).toBe(
      "Starting at w₀ = 2.5 the slope is 0.6436. With η = 10000.00 the steps overshoot the well and grow without bound: gradient descent diverged after 0 steps.",
    );
    expect(figureSvg(s)).not.toMatch(/NaN|Infinity/);
  });
});
