/**
 * The contour demo's figures read back against the library: contour vertices are mapped
 * from screen units to (x, y) and must lie on a·x² + y² = level; arrows start and end at the
 * iterates of the library's descent; the gradient arrow is perpendicular to the contour on
 * screen and points uphill; the distance chart's vertices are (k, |x_k|) and (k, |y_k|) on
 * its log scale.
 */
import { describe, expect, it } from "vitest";
import { altText, boundText, chartSeries, chartSvg, contoursSvg, levels, mainSvg, pathSvg, run, stepAxisEnd, summary } from "../../../../src/islands/contour/figure.ts";
import { DEFAULTS, OPTIMIZER_LABELS, type ContourSettings } from "../../../../src/islands/contour/settings.ts";
import { asVectorCost, descend, quadraticStabilityBound, type Descent } from "../../../../src/lib/toy-math/optimizers.ts";
import { quadratic } from "../../../../src/lib/toy-math/quadratic.ts";
import { num } from "../../../../src/lib/draw/svg.ts";
import { svgLabel as label, texts, toSuperscript, vertices } from "../../../support/svg-read.ts";

// Main figure: viewBox 520 × 420, margins top 30, right 12, bottom 56, left 50:
// x ∈ [−1.2, 1.2] → [50, 508], y ∈ [−2, 2] → [364, 30].
const X = (x: number) => 50 + ((x + 1.2) / 2.4) * 458;
const Y = (y: number) => 364 - ((y + 2) / 4) * 334;
const xOf = (px: number) => -1.2 + ((px - 50) / 458) * 2.4;
const yOf = (py: number) => -2 + ((364 - py) / 334) * 4;
// Chart: viewBox 520 × 300, margins top 30, right 44, bottom 56, left 50: k ∈ [0, end] → [50, 476],
// log10 distance ∈ [−8, 3] → [244, 30].
const kOf = (px: number, end: number) => ((px - 50) / 426) * end;
const lgOf = (py: number) => -8 + ((244 - py) / 214) * 11;

const nums = (s: string) => [...s.matchAll(/-?[\d.]+(?:e-?\d+)?/g)].map((m) => Number(m[0]));
const attr = (svg: string, cls: string, name: string) => new RegExp(`<[^>]*${name}="([^"]*)"[^>]*class="${cls}"|<[^>]*class="${cls}"[^>]*${name}="([^"]*)"`).exec(svg);
const pathD = (svg: string, cls: string) => new RegExp(`<path d="([^"]*)" class="${cls}"`).exec(svg)![1];
const s0 = (o: Partial<ContourSettings> = {}): ContourSettings => ({ ...DEFAULTS, ...o });

describe("contour marks: the run", () => {
  it("is the library's descent on a·x² + y² from (x0, y0), stopped 1000 out, tolerance 0.001", () => {
    for (const s of [s0(), s0({ optimizer: "adam", eta: 0.05, a: 30, x0: -0.5, y0: 1 }), s0({ optimizer: "momentum", eta: 0.002, steps: 40 })]) {
      expect(run(s)).toEqual(descend(asVectorCost(quadratic(s.a)), [s.x0, s.y0], { optimizer: s.optimizer, eta: s.eta, steps: s.steps, bound: 1e3, tolerance: 1e-3 }));
    }
    const far = run(s0({ eta: 0.5, steps: 300 }));
    expect(far.status).toBe("diverged");
    expect(far.points.length).toBeLessThan(20);
  });
});

describe("contour marks: the contour lines", () => {
  it("are 14 levels from 0.02 to the cost at the view's corner, spaced by one ratio", () => {
    for (const a of [1, 100, 1000]) {
      const lv = levels(a);
      expect(lv).toHaveLength(14);
      expect(lv[0]).toBeCloseTo(0.02, 12);
      expect(lv[13]).toBeCloseTo(a * 1.44 + 4, 9);
      const q = lv[1] / lv[0];
      for (let i = 1; i < 14; i++) expect(lv[i] / lv[i - 1]).toBeCloseTo(q, 9);
    }
  });
  it("draw each level as a closed ellipse of 100 vertices on a·x² + y² = level", () => {
    for (const a of [1, 25, 400]) {
      const svg = contoursSvg(a);
      const paths = [...svg.matchAll(/<path d="([^"]*)Z" class="contour"\/>/g)].map((m) => m[1]);
      expect(paths).toHaveLength(14);
      expect(svg).toBe(paths.map((d) => `<path d="${d}Z" class="contour"/>`).join(""));
      levels(a).forEach((c, i) => {
        const v = vertices(paths[i]);
        expect(v).toHaveLength(100);
        expect(paths[i].startsWith("M")).toBe(true);
        // The first vertex is (√(c/a), 0): on the x axis, right of the minimum.
        expect(xOf(v[0][0])).toBeCloseTo(Math.sqrt(c / a), 2);
        expect(yOf(v[0][1])).toBeCloseTo(0, 2);
        for (const [px, py] of v) {
          const x = xOf(px);
          const y = yOf(py);
          // Screen rounding is 0.005 px: relative error of the level is small unless the ellipse is tiny.
          expect(Math.abs(a * x * x + y * y - c)).toBeLessThan(0.02 * c + 1e-3);
        }
        // The widest vertex in y reaches √c: the ellipse's y semi-axis.
        expect(Math.max(...v.map(([, py]) => yOf(py)))).toBeCloseTo(Math.sqrt(c), 2);
      });
    }
  });
});

describe("contour marks: the descent path", () => {
  function arrows(svg: string) {
    const shafts = pathD(svg, "step");
    const heads = pathD(svg, "step-head");
    const sh = [...shafts.matchAll(/M([\d.-]+),([\d.-]+)L([\d.-]+),([\d.-]+)/g)].map((m) => m.slice(1).map(Number));
    const hd = [...heads.matchAll(/M([\d.-]+),([\d.-]+)L([\d.-]+),([\d.-]+)L([\d.-]+),([\d.-]+)Z/g)].map((m) => m.slice(1).map(Number));
    expect(shafts).toBe(sh.map((a) => `M${a[0]},${a[1]}L${a[2]},${a[3]}`).join(""));
    expect(heads).toBe(hd.map((a) => `M${a[0]},${a[1]}L${a[2]},${a[3]}L${a[4]},${a[5]}Z`).join(""));
    return { sh, hd, count: Number(/class="step" data-count="(\d+)"/.exec(svg)![1]) };
  }
  function check(s: ContourSettings) {
    const r = run(s);
    const svg = pathSvg(s, r, "f");
    const { sh, hd, count } = arrows(svg);
    // The steps long enough to see (1.5 px) get an arrow, in order.
    const visible: [number[], number[]][] = [];
    for (let k = 0; k + 1 < r.points.length; k++) {
      const a = r.points[k];
      const b = r.points[k + 1];
      if (Math.hypot(X(b[0]) - X(a[0]), Y(b[1]) - Y(a[1])) >= 1.5) visible.push([a, b]);
    }
    expect(count).toBe(visible.length);
    expect(sh).toHaveLength(count);
    expect(hd).toHaveLength(count);
    visible.forEach(([a, b], i) => {
      const [x1, y1, bx, by] = sh[i];
      const [tx, ty, lx, ly, rx, ry] = hd[i];
      // The shaft starts at iterate k, the head's tip is iterate k + 1.
      expect(xOf(x1)).toBeCloseTo(a[0], 3);
      expect(yOf(y1)).toBeCloseTo(a[1], 3);
      expect(xOf(tx)).toBeCloseTo(b[0], 3);
      expect(yOf(ty)).toBeCloseTo(b[1], 3);
      const len = Math.hypot(X(b[0]) - X(a[0]), Y(b[1]) - Y(a[1]));
      const size = Math.min(7, len * 0.6);
      // The shaft stops at the head's base, `size` back from the tip along the step.
      expect(Math.hypot(tx - bx, ty - by)).toBeCloseTo(size, 1);
      expect(Math.hypot(bx - x1, by - y1)).toBeCloseTo(len - size, 1);
      // The base corners sit either side of the shaft's end, 0.45·size away, across the step.
      expect((lx + rx) / 2).toBeCloseTo(bx, 1);
      expect((ly + ry) / 2).toBeCloseTo(by, 1);
      expect(Math.hypot(lx - bx, ly - by)).toBeCloseTo(0.45 * size, 1);
      expect(Math.abs((lx - bx) * (tx - bx) + (ly - by) * (ty - by))).toBeLessThan(0.05 * size * size + 0.05);
    });
    // The end marker is on the last iterate.
    const end = /<circle cx="([\d.-]+)" cy="([\d.-]+)" r="4" class="end"\/>/.exec(svg)!;
    const last = r.points[r.points.length - 1];
    expect(Number(end[1])).toBeCloseTo(X(last[0]), 1);
    expect(Number(end[2])).toBeCloseTo(Y(last[1]), 1);
    return { r, svg, count };
  }
  it("puts an arrow on every visible step, from iterate k to k + 1, for every optimizer", () => {
    const a = check(s0());
    expect(a.count).toBeGreaterThan(10);
    expect(check(s0({ optimizer: "momentum", eta: 0.004, steps: 30, x0: -1, y0: -1.5 })).count).toBeGreaterThan(5);
    expect(check(s0({ optimizer: "adam", eta: 0.1, steps: 25, a: 10 })).count).toBeGreaterThan(5);
    // Short steps are left out: tiny η makes sub-pixel steps.
    const tiny = check(s0({ a: 1, eta: 1e-4, steps: 20 }));
    expect(tiny.count).toBe(0);
  });
  it("draws short arrows with heads 0.6 of their length, long ones with 7-unit heads", () => {
    const { r } = check(s0({ a: 1, eta: 0.02, steps: 5 }));
    expect(r.points.length).toBe(6);
    check(s0({ a: 1, eta: 0.4, steps: 3, x0: 1, y0: -1.8 }));
  });
  it("marks a diverging run's last iterate and clips nothing out of the data", () => {
    const { svg } = check(s0({ eta: 0.0105, steps: 120 }));
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
  it("draws the gradient at the start: perpendicular to the contour on screen, 56 long, uphill", () => {
    for (const s of [s0(), s0({ a: 3, x0: -0.9, y0: 0.4 }), s0({ a: 700, x0: 0.05, y0: -1.7 }), s0({ x0: 0, y0: 1 }), s0({ x0: -1, y0: 0 })]) {
      const svg = pathSvg(s, run(s), "fig");
      const m = /<line x1="([\d.-]+)" y1="([\d.-]+)" x2="([\d.-]+)" y2="([\d.-]+)" class="gradient" marker-end="url\(#fig-ghead\)"\/>/.exec(svg)!;
      const [x1, y1, x2, y2] = m.slice(1).map(Number);
      expect(x1).toBeCloseTo(X(s.x0), 1);
      expect(y1).toBeCloseTo(Y(s.y0), 1);
      expect(Math.hypot(x2 - x1, y2 - y1)).toBeCloseTo(56, 1);
      // Screen tangent of a·x² + y² = c at (x0, y0): the data tangent (y0, −a·x0) scaled per axis.
      const tx = s.y0 * (458 / 2.4);
      const ty = -s.a * s.x0 * (-334 / 4);
      expect(Math.abs((x2 - x1) * tx + (y2 - y1) * ty) / (56 * Math.hypot(tx, ty))).toBeLessThan(0.005);
      // Uphill: a small move along the arrow raises the cost.
      const q = quadratic(s.a);
      const e = 0.01;
      expect(q.value(xOf(x1 + e * (x2 - x1)), yOf(y1 + e * (y2 - y1)))).toBeGreaterThan(q.value(s.x0, s.y0));
      // The contour through the start: 160 vertices on a·x² + y² = C(x0, y0).
      const ring = vertices(/<path d="([^"]*)Z" class="contour-here"\/>/.exec(svg)![1]);
      expect(ring).toHaveLength(160);
      const c = q.value(s.x0, s.y0);
      for (const [px, py] of ring) expect(Math.abs(s.a * xOf(px) ** 2 + yOf(py) ** 2 - c)).toBeLessThan(0.02 * c + 1e-3);
      expect(svg.indexOf('class="contour-here"')).toBeLessThan(svg.indexOf('class="gradient"'));
    }
  });
  it("draws no gradient and no contour through the start at the minimum, and none when hidden", () => {
    const s = s0({ x0: 0, y0: 0 });
    const svg = pathSvg(s, run(s), "f");
    expect(svg).not.toContain("gradient");
    expect(svg).not.toContain("contour-here");
    expect(svg.endsWith('r="4" class="end"/>')).toBe(true);
    const off = s0({ showGradient: false });
    const o = pathSvg(off, run(off), "f");
    expect(o).not.toContain("gradient");
    expect(o).not.toContain("contour-here");
    expect(o.endsWith('class="end"/>')).toBe(true);
  });
});

describe("contour marks: the whole figure", () => {
  it("has axes, clip, arrowhead marker, contours, path and the start handle", () => {
    const s = s0({ x0: -0.3, y0: 1.2 });
    const r = run(s);
    const svg = mainSvg(s, r, "cf");
    expect(svg.startsWith('<svg viewBox="0 0 520 420" class="figure-svg contour-svg" font-size="13" role="img" aria-label="')).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(label(svg)).toBe(altText(s, r));
    expect(svg).toContain('<clipPath id="cf-clip"><rect x="50" y="30" width="458" height="334"/></clipPath>');
    expect(svg).toContain('<marker id="cf-ghead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" class="gradient-head"/></marker>');
    expect(svg).toContain(`<g clip-path="url(#cf-clip)"><g data-role="contours">${contoursSvg(s.a)}</g><g data-role="path">${pathSvg(s, r, "cf")}</g></g>`);
    const h = /<circle data-role="handle" cx="([\d.-]+)" cy="([\d.-]+)" r="8" class="handle" tabindex="-1" aria-hidden="true"\/>/.exec(svg)!;
    expect(xOf(Number(h[1]))).toBeCloseTo(-0.3, 3);
    expect(yOf(Number(h[2]))).toBeCloseTo(1.2, 3);
    const t = texts(svg);
    expect(t).toContain("x — a later-layer weight (steep)");
    expect(t).toContain("y — an early-layer weight (flat)");
    // Tick labels: x from −1.2 to 1.2 and y from −2 to 2.
    const tickNums = t.map((v) => Number(v.replace("−", "-"))).filter((v) => Number.isFinite(v));
    expect(Math.min(...tickNums)).toBeLessThanOrEqual(-1);
    expect(Math.max(...tickNums)).toBeGreaterThanOrEqual(2);
  });
  it("says in its text alternative what it shows: a, the optimizer, the start and the outcome", () => {
    for (const s of [s0(), s0({ optimizer: "adam", a: 12.4, x0: -0.456, y0: 1.234 }), s0({ optimizer: "preconditioned" })]) {
      const r = run(s);
      const alt = altText(s, r);
      expect(alt).toContain(`${num(s.a, 0)}x² + y²`);
      expect(alt).toContain(OPTIMIZER_LABELS[s.optimizer].toLowerCase());
      expect(alt).toContain(`(${num(s.x0, 2)}, ${num(s.y0, 2)})`);
      expect(alt.endsWith(summary(s, r))).toBe(true);
      expect(altText(s, r, "SAID")).toMatch(/\. SAID$/);
    }
    expect(altText(s0({ optimizer: "adam", a: 12.4, x0: -0.456, y0: 1.234 }), run(s0({ optimizer: "adam", a: 12.4, x0: -0.456, y0: 1.234 })))).toContain("12x² + y²");
  });
});

describe("contour marks: the distance chart", () => {
  function check(s: ContourSettings, r: Descent) {
    const end = stepAxisEnd(s.steps);
    const ser = chartSeries(s, r);
    const clampLg = (v: number) => Math.log10(Math.min(1e3, Math.max(1e-8, Math.abs(v))));
    for (const i of [0, 1] as const) {
      const v = vertices(i === 0 ? ser.x : ser.y);
      expect(v.length).toBeGreaterThan(1);
      expect((i === 0 ? ser.x : ser.y).startsWith("M")).toBe(true);
      let prev = -1;
      for (const [px, py] of v) {
        const k = Math.round(kOf(px, end));
        expect(kOf(px, end)).toBeCloseTo(k, 1);
        expect(k).toBeGreaterThan(prev);
        prev = k;
        expect(lgOf(py)).toBeCloseTo(clampLg(r.points[k][i]), 1);
      }
      // The first and last iterates are always there.
      expect(Math.round(kOf(v[0][0], end))).toBe(0);
      expect(Math.round(kOf(v[v.length - 1][0], end))).toBe(r.points.length - 1);
      const lab = i === 0 ? ser.labelX : ser.labelY;
      expect(kOf(lab[0] - 6, end)).toBeCloseTo(r.points.length - 1, 6);
      expect(lgOf(lab[1])).toBeCloseTo(clampLg(r.points[r.points.length - 1][i]), 6);
    }
    const svg = chartSvg(s, r);
    expect(svg.startsWith(`<svg viewBox="0 0 520 300" class="figure-svg contour-chart" font-size="13" role="img" aria-label="`)).toBe(true);
    expect(svg).toContain(`data-axis="${end}">`);
    expect(svg).toContain(`<path d="${ser.x}" class="series-x" data-role="series-x"/><path d="${ser.y}" class="series-y" data-role="series-y"/>`);
    const lx = /<text x="([\d.-]+)" y="([\d.-]+)" dy="0.32em" class="series-x" data-role="label-x">\|xₖ\|<\/text>/.exec(svg)!;
    const ly = /<text x="([\d.-]+)" y="([\d.-]+)" dy="0.32em" class="series-y" data-role="label-y">\|yₖ\|<\/text>/.exec(svg)!;
    expect(Number(lx[1])).toBeCloseTo(ser.labelX[0], 1);
    expect(Number(lx[2])).toBeCloseTo(ser.labelX[1], 1);
    expect(Number(ly[1])).toBeCloseTo(ser.labelY[0], 1);
    expect(Number(ly[2])).toBeCloseTo(ser.labelY[1], 1);
    expect(label(svg)).toBe(ser.alt);
    expect(svg.endsWith("</text></svg>")).toBe(true);
    const t = texts(svg);
    expect(t).toContain("step k");
    expect(t).toContain("distance (log)");
    for (const p of ["10⁻⁸", "10⁻⁶", "10⁻⁴", "10⁻²", "1", "10²"]) expect(t).toContain(p);
    for (const p of ["10⁻⁷", "10⁻⁵", "10³"]) expect(t).not.toContain(p);
    expect(t).toContain(String(end));
    expect(t).toContain("0");
    return ser;
  }
  it("plots |x_k| and |y_k| step by step on the log axis for a converging run", () => {
    const s = s0({ steps: 137 });
    const r = run(s);
    expect(stepAxisEnd(137)).toBeGreaterThanOrEqual(137);
    check(s, r);
    const last = r.points[r.points.length - 1];
    expect(chartSeries(s, r).alt).toBe(
      `Distance from the minimum along each axis, step by step, on a log scale: after ${r.points.length - 1} steps |x| = ${num(Math.abs(last[0]), 3)} and |y| = ${num(Math.abs(last[1]), 3)}.`,
    );
  });
  it("clamps zero distances to the chart's floor 10⁻⁸ and plots a diverging run up to where it was stopped", () => {
    const s = s0({ x0: 0, y0: 1, steps: 50 });
    const r = run(s);
    const ser = check(s, r);
    for (const [, py] of vertices(ser.x)) expect(lgOf(py)).toBeCloseTo(-8, 2);
    const d = s0({ a: 1000, eta: 0.0015, steps: 300 });
    const rd = run(d);
    const sd = check(d, rd);
    // The run is stopped before a distance passes the chart's top (10³), so the last one is plotted as it is.
    expect(lgOf(sd.labelX[1])).toBeCloseTo(Math.log10(819.2), 6);
    // The step axis stays at the round number above the chosen steps, not the steps run.
    expect(chartSvg(d, rd)).toContain(`data-axis="${stepAxisEnd(300)}"`);
    expect(stepAxisEnd(0)).toBe(stepAxisEnd(1));
    expect(stepAxisEnd(1)).toBeGreaterThanOrEqual(1);
  });
  it("plots every optimizer's run", () => {
    check(s0({ optimizer: "adam", eta: 0.02, steps: 90 }), run(s0({ optimizer: "adam", eta: 0.02, steps: 90 })));
    check(s0({ optimizer: "momentum", eta: 0.005, steps: 200 }), run(s0({ optimizer: "momentum", eta: 0.005, steps: 200 })));
  });
});

describe("contour marks: the bound beside the η slider", () => {
  it("gives each optimizer's stability bound and where η sits against it", () => {
    expect(boundText(s0({ a: 100, eta: 0.009 }))).toBe(`stability bound 1/a = ${num(0.01, 4)} (η is below it)`);
    expect(boundText(s0({ a: 100, eta: 0.01 }))).toBe(`stability bound 1/a = ${num(0.01, 4)} (η is exactly at it)`);
    expect(boundText(s0({ a: 100, eta: 0.02 }))).toBe(`stability bound 1/a = ${num(0.01, 4)} (η is above it: diverges)`);
    const mb = quadraticStabilityBound("momentum", 100)!;
    expect(mb).toBeCloseTo(0.019, 12);
    expect(boundText(s0({ optimizer: "momentum", eta: 0.01 }))).toBe(`stability bound (1 + μ)/a = ${num(mb, 4)} (η is below it)`);
    expect(boundText(s0({ optimizer: "momentum", eta: mb }))).toBe(`stability bound (1 + μ)/a = ${num(mb, 4)} (η is exactly at it)`);
    expect(boundText(s0({ optimizer: "momentum", eta: 0.05 }))).toBe(`stability bound (1 + μ)/a = ${num(mb, 4)} (η is above it: diverges)`);
    expect(boundText(s0({ optimizer: "preconditioned", eta: 0.5 }))).toBe("stability bound 1, whatever a is (η is below it)");
    expect(boundText(s0({ optimizer: "preconditioned", eta: 1 }))).toBe("stability bound 1, whatever a is (η is exactly at it)");
    expect(boundText(s0({ optimizer: "adam" }))).toBe("Adam has no fixed bound: its steps are about η long in every direction");
  });
});

// The readout's wording has its own tests (contour-view.test.ts); these check only the numbers and
// facts it must carry, which a reader compares with the figure.
describe("contour marks: the facts in the readout", () => {
  const growth = (v: number) => {
    const e = Math.floor(Math.log10(v));
    return v < 1000 ? num(v, 1) : `${(v / 10 ** e).toFixed(1)} × 10${toSuperscript(e)}`;
  };
  it("gives the step at which a run came within 0.001, and none when it did not", () => {
    const s = s0({ optimizer: "adam", eta: 0.05, steps: 300 });
    const r = run(s);
    expect(r.arrivedAt).not.toBeNull();
    expect(summary(s, r)).toContain(`step ${r.arrivedAt}.`);
    expect(summary(s, r)).toContain(`after ${r.points.length - 1} steps`);
    const short = s0({ optimizer: "adam", eta: 0.05, steps: 5 });
    const rs = run(short);
    expect(rs.arrivedAt).toBeNull();
    expect(summary(short, rs)).not.toContain("0.001");
    expect(summary(short, rs).endsWith(`y = ${num(rs.points[5][1], 3)}.`)).toBe(true);
    expect(summary(short, rs)).toContain(`x = ${num(rs.points[5][0], 3)}, y = ${num(rs.points[5][1], 3)}.`);
  });
  it("says when momentum diverged, after how many steps, and names its bound", () => {
    const s = s0({ optimizer: "momentum", eta: 0.05, steps: 300 });
    const r = run(s);
    expect(r.status).toBe("diverged");
    const said = summary(s, r);
    expect(said).toContain("diverged");
    expect(said).toContain(`after ${r.points.length - 1} steps`);
    expect(said).toContain(num(quadraticStabilityBound("momentum", 100)!, 4));
    expect(said).not.toContain("kept growing");
    const ok = s0({ optimizer: "momentum", eta: 0.005 });
    expect(summary(ok)).not.toContain("diverged");
  });
  it("gives plain GD's growth of |x| above the bound, as a plain number or a power of ten", () => {
    for (const steps of [5, 80]) {
      const s = s0({ eta: 0.0105, steps, x0: 0.1 });
      const r = run(s);
      expect(r.status).not.toBe("diverged");
      const said = summary(s, r);
      expect(said).toContain(`factor of ${growth(1.1 ** steps)}`);
      expect(said).toContain("|x|");
      expect(said).not.toContain("|y| has");
    }
    // Starting on the valley floor x = 0, nothing grows: the readout gives y's last value.
    const s = s0({ eta: 0.0105, steps: 50, x0: 0 });
    const r = run(s);
    const said = summary(s, r);
    expect(said).toContain(`y = ${num(r.points[50][1], 3)}`);
    expect(said).not.toContain("factor of");
    // Above the bound and stopped: says how many steps it ran.
    const d = s0({ eta: 0.05, steps: 300 });
    const rd = run(d);
    expect(rd.status).toBe("diverged");
    expect(summary(d, rd)).toContain(`after ${rd.points.length - 1} steps`);
  });
  it("gives the shrink factors of x and y below the bound, 'more than 10¹⁵' past that", () => {
    // a = 100, η = 0.009: |1 − 2ηa| = 0.8, |1 − 2η| = 0.982.
    const s = s0({ steps: 300 });
    const said = summary(s, run(s));
    expect(said).toContain("more than 10¹⁵");
    expect(said).toContain(growth(1 / 0.982 ** 300));
    expect(said).toContain(num(0.982, 4));
    expect(said).toContain(num(0.8, 4));
    // a = 10, η = 0.04: |1 − 2ηa| = 0.2, |1 − 2η| = 0.92, after 100 steps y has shrunk by 4.2 × 10³.
    const t = s0({ a: 10, eta: 0.04, steps: 100 });
    const st = summary(t, run(t));
    expect(st).toContain(growth(1 / 0.92 ** 100));
    expect(growth(1 / 0.92 ** 100)).toMatch(/ × 10³$/);
    // a = 10, η = 0.05: x lands on 0 in one step, a factor beyond any number.
    const u = s0({ a: 10, eta: 0.05, steps: 20 });
    expect(summary(u, run(u))).toContain("more than 10¹⁵");
    // Between 1/(a + 1) and 1/a x is the slower one: its factor is the smaller number.
    const v = s0({ a: 10, eta: 0.095, steps: 30 });
    const sv = summary(v, run(v));
    expect(sv).toContain(growth(1 / 0.9 ** 30));
    expect(sv).toContain(`x = ${num(run(v).points[30][0], 3)}`);
  });
  it("says where η sits against the bound 1/a for plain GD", () => {
    expect(summary(s0({ eta: 0.009 }))).toContain("below");
    expect(summary(s0({ eta: 0.01 }))).toContain("exactly at");
    expect(summary(s0({ eta: 0.0105, steps: 3 }))).toContain("above the stability bound");
    expect(summary(s0({ eta: 0.0105, steps: 3 }))).not.toContain("below");
    expect(summary(s0({ eta: 0.0105, steps: 3 }))).not.toContain("exactly at");
  });
});
