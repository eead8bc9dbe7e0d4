/**
 * The loss-plane chart and its words (src/figures/loss-plane.ts, src/islands/plane/figure.ts,
 * src/components/plane-data.ts), against a hand-made plane whose cost is a closed form: every
 * contour vertex, arrow and dot is read back through the axis ticks Plot drew (an oracle that
 * does not use the code's scales) and compared with the formula and the path's numbers.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  compactPath, cornerTable, parsePlanes, pathRows, pathTable, planeChart, planeLabel, planeScales, planeThresholds,
  type Plane, type PlaneGrid, type PlanePath,
} from "../../../../src/figures/loss-plane.ts";
import { sig } from "../../../../src/figures/learning-speed.ts";
import { readPlane } from "../../../../src/components/plane-data.ts";
import { parseRunLog } from "../../../../src/lib/schemas/run-log.ts";
import {
  axisTicks, gridAt, gridReadout, pendingReadout, liveReadout, markerLeaves, nearest, pairText, parsePair, pointName, sigText, toDomain, toRange,
  type GridValues,
} from "../../../../src/islands/plane/figure.ts";
import { subpaths, svgOf } from "../../../support/svg-read.ts";

// ---------------------------------------------------------------------------------------------
// A hand-made plane: the grid the loader uses (−0.25 … 1.25 by 0.025) and a planar cost, which
// the contours' linear interpolation reproduces exactly.

const AXIS = Array.from({ length: 61 }, (_, i) => (i - 10) / 40);
const cost = (a: number, b: number) => 3.3 + 0.4 * a - 2.5 * b;
const acc = (a: number, b: number) => Math.round(1000 * (0.1 + 0.3 * a * a + 0.5 * b)) / 2000;
const CORNER_KEYS = ["0,0", "1,0", "0,1", "1,1"] as const;

function fixture(): { raw: Record<string, unknown>; grid: PlaneGrid; plane: Plane; path: PlanePath; log: Record<string, unknown> } {
  const grid = { alpha: [...AXIS], beta: [...AXIS] };
  const costs = AXIS.flatMap((b) => AXIS.map((a) => cost(a, b)));
  const plane: Plane = {
    run: "nielsen-3-hidden",
    title: "A hand-made plane",
    trainDigits: 1000,
    testDigits: 2000,
    cost: costs,
    accuracy: AXIS.flatMap((b) => AXIS.map((a) => acc(a, b))),
    corners: Object.fromEntries(CORNER_KEYS.map((k) => [k, { cost: cost(+k[0], +k[2]), accuracy: acc(+k[0], +k[2]) }])) as Plane["corners"],
    slopes: Object.fromEntries(CORNER_KEYS.map((k) => [k, { dAlpha: 0.4 + Number(k[0]) * 1e-6, dBeta: -2.5 }])) as Plane["slopes"],
    slopeRatio: { "0,0": 6.25, "0,1→0,0": 1 },
    norms: { delta1: 0.5, deltaRest: 4, initialW1: 15, firstLayerMove: 0.03 },
    range: { costMin: Math.min(...costs), costMax: Math.max(...costs) },
    configHash: "629eaaae2c0f1c3f",
  };
  const n = 101;
  const t = Array.from({ length: n }, (_, i) => i / (n - 1));
  const path: PlanePath = {
    epochs: t.map((_, i) => 5 * i),
    alpha: t.map((x) => x * x),
    beta: t.map((x) => Math.sqrt(x)),
    offPlane: t.map((x) => 0.2 * x * (1 - x)),
    norms: { delta1: 0.5, deltaRest: 4, initial1: 15, initialRest: 9 },
    firstLayerMove: 0.03,
  };
  const raw = { grid, planes: { [plane.run]: plane, other: { ...plane, run: "other" } } };
  // A complete log: the committed one's fields (100 logged epochs) with the hand-made path.
  const committed = JSON.parse(readFileSync(join(process.cwd(), "public/runs/nielsen-3-hidden/log.json"), "utf8"));
  return { raw: structuredClone(raw), grid, plane, path, log: { ...committed, path: structuredClone(path) } };
}

const translate = (el: Element) => {
  const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(el.getAttribute("transform") ?? "")!;
  return [Number(m[1]), Number(m[2])];
};

/**
 * The chart's own axes, read from the tick labels Plot drew: a least-squares line through
 * (label value, pixel) for each axis. Independent of planeScales.
 */
function axesFromTicks(svg: Element): { x: (px: number) => number; y: (px: number) => number; xTicks: number[]; yTicks: number[] } {
  const groups = [...svg.querySelectorAll("g.plot-axis")].filter((g) => g.querySelector("text"));
  const read = (g: Element, dim: 0 | 1) => [...g.querySelectorAll("text")].map((t) => [Number(t.textContent!.replace("−", "-")), translate(t)[dim]]);
  const fit = (pts: number[][]) => {
    const n = pts.length;
    const mp = pts.reduce((s, p) => s + p[1], 0) / n;
    const mv = pts.reduce((s, p) => s + p[0], 0) / n;
    const k = pts.reduce((s, p) => s + (p[1] - mp) * (p[0] - mv), 0) / pts.reduce((s, p) => s + (p[1] - mp) ** 2, 0);
    return (px: number) => mv + k * (px - mp);
  };
  const xs = read(groups.find((g) => g.getAttribute("text-anchor") !== "end")!, 0);
  const ys = read(groups.find((g) => g.getAttribute("text-anchor") === "end")!, 1);
  return { x: fit(xs), y: fit(ys), xTicks: xs.map((p) => p[0]), yTicks: ys.map((p) => p[0]) };
}

describe("planes.json and the run's path, read with the file and field named", () => {
  it("reads a good file", () => {
    const { raw, grid, plane } = fixture();
    const got = parsePlanes(raw, "nielsen-3-hidden");
    expect(got.grid).toEqual(grid);
    expect(got.plane).toEqual(plane);
  });

  it("a missing plane names the file and the command", () => {
    expect(() => parsePlanes(fixture().raw, "full-3-hidden")).toThrow(
      'public/derived/loss-plane/planes.json has no plane for the run "full-3-hidden" (it has nielsen-3-hidden, other). Compute it with: npm run derive -- --only loss-plane',
    );
  });

  it("a bad field, a short grid or an uneven axis names the field", () => {
    const a = fixture().raw as { planes: Record<string, Record<string, unknown>>; grid: { alpha: number[] } };
    a.planes["nielsen-3-hidden"].corners = { ...(a.planes["nielsen-3-hidden"].corners as object), "0,1": { cost: "3.3", accuracy: 0.1 } };
    expect(() => parsePlanes(a, "nielsen-3-hidden")).toThrow(new Error('the field "planes.nielsen-3-hidden.corners.0,1.cost" of public/derived/loss-plane/planes.json is not a number ("3.3")'));
    const b = fixture().raw as { planes: Record<string, { cost: number[] }> };
    b.planes["nielsen-3-hidden"].cost.pop();
    expect(() => parsePlanes(b, "nielsen-3-hidden")).toThrow(
      new Error('the field "planes.nielsen-3-hidden.cost.length" of public/derived/loss-plane/planes.json is not valid (3720): the grid has 61 × 61 = 3721 points, one cost value each'),
    );
    const c = fixture().raw as { grid: { alpha: number[] } };
    c.grid.alpha[5] += 0.01;
    expect(() => parsePlanes(c, "nielsen-3-hidden")).toThrow(
      new Error('the field "grid.alpha[5]" of public/derived/loss-plane/planes.json is not valid (-0.115): a grid axis must be evenly spaced and increasing: from -0.25 to 1.25 in steps of 0.025, this value should be -0.125'),
    );
    const d = fixture().raw as { planes: Record<string, { slopes?: unknown }> };
    delete d.planes["nielsen-3-hidden"].slopes;
    expect(() => parsePlanes(d, "nielsen-3-hidden")).toThrow(new Error('the field "planes.nielsen-3-hidden.slopes" of public/derived/loss-plane/planes.json is missing'));
  });

  it("a log without a path names the run and the command that retrains it; a path is read through the run-log schema", () => {
    const parsePlanePath = (runId: string, json: unknown) => parseRunLog(runId, json).path;
    expect(() => parsePlanePath("nielsen-2-hidden", { title: "x" })).toThrow(
      'public/runs/nielsen-2-hidden/log.json has no "path" (the optimiser\'s path projected onto the loss plane): the run was trained before paths were logged. Retrain it with: npm run pretrain -- --only nielsen-2-hidden',
    );
    const { log, path } = fixture();
    expect(parsePlanePath("x", log)).toEqual(path);
    const short = structuredClone(log) as { path: { beta: number[] } };
    short.path.beta.pop();
    expect(() => parsePlanePath("x", short)).toThrow(new Error('the field "path.beta" of public/runs/x/log.json has 100 entries, but the log has 101 snapshots (epoch 0 and 100 logged epochs)'));
    const text = structuredClone(log) as { path: { norms: { delta1: unknown } } };
    text.path.norms.delta1 = "0.5";
    expect(() => parsePlanePath("x", text)).toThrow(new Error('the field "path.norms.delta1" of public/runs/x/log.json is not a number ("0.5")'));
    const late = structuredClone(log) as { path: { epochs: number[] } };
    late.path.epochs[0] = 1;
    expect(() => parsePlanePath("x", late)).toThrow(new Error('the field "path.epochs[0]" of public/runs/x/log.json is 1, expected 0 (the initial network)'));
  });

  it("the build's reader: a missing planes.json, run or path fails with the file and the command", () => {
    const pub = mkdtempSync(join(tmpdir(), "vg-plane-pub-"));
    const runs = mkdtempSync(join(tmpdir(), "vg-plane-runs-"));
    expect(() => readPlane("nielsen-3-hidden", pub, runs)).toThrow("there is no derived file public/derived/loss-plane/planes.json. Compute it with: npm run derive -- --only loss-plane");
    const { raw, log } = fixture();
    mkdirSync(join(pub, "derived/loss-plane"), { recursive: true });
    writeFileSync(join(pub, "derived/loss-plane/planes.json"), JSON.stringify(raw));
    expect(() => readPlane("nielsen-3-hidden", pub, runs)).toThrow('there is no run "nielsen-3-hidden" (public/runs/nielsen-3-hidden/log.json). Train it with: npm run pretrain -- --only nielsen-3-hidden');
    mkdirSync(join(runs, "nielsen-3-hidden"));
    // A complete log (the committed one's fields) with the hand-made path; then the same without a path.
    const complete = log;
    const noPath = { ...log };
    delete noPath.path;
    writeFileSync(join(runs, "nielsen-3-hidden/log.json"), JSON.stringify(noPath));
    expect(() => readPlane("nielsen-3-hidden", pub, runs)).toThrow(
      new Error('public/runs/nielsen-3-hidden/log.json has no "path" (the optimiser\'s path projected onto the loss plane): the run was trained before paths were logged. Retrain it with: npm run pretrain -- --only nielsen-3-hidden'),
    );
    writeFileSync(join(runs, "nielsen-3-hidden/log.json"), JSON.stringify(complete));
    expect(readPlane("nielsen-3-hidden", pub, runs).path.epochs).toHaveLength(101);
    writeFileSync(join(pub, "derived/loss-plane/planes.json"), "{");
    expect(() => readPlane("nielsen-3-hidden", pub, runs)).toThrow("public/derived/loss-plane/planes.json is not JSON");
  });
});

describe("contour levels", () => {
  it("lie strictly inside the cost's range, evenly spaced in log(C − C_min + δ), δ = range/100", () => {
    const t = planeThresholds(0.3, 8.7, 14);
    expect(t).toHaveLength(14);
    const delta = (8.7 - 0.3) / 100;
    const u = [Math.log(delta), ...t.map((v) => Math.log(v - 0.3 + delta)), Math.log(8.7 - 0.3 + delta)];
    const steps = u.slice(1).map((v, i) => v - u[i]);
    for (const s of steps) expect(s).toBeCloseTo(steps[0], 10);
    expect(t[0]).toBeGreaterThan(0.3);
    expect(t.at(-1)).toBeLessThan(8.7);
    // Denser near the floor than up the walls.
    expect(t[1] - t[0]).toBeLessThan(t[13] - t[12]);
    expect(() => planeThresholds(2, 2)).toThrow("costMax 2 must exceed costMin 2");
  });
});

describe("the chart", () => {
  const { grid, plane, path } = fixture();
  const chart = planeChart(grid, plane, path);
  const svg = svgOf(chart.svg);
  const axes = axesFromTicks(svg);

  it("passes the site's gates: no style, no id, no colour of its own, an image with its text alternative, the same string twice", () => {
    expect(chart.svg).not.toMatch(/<style|\sstyle=|font-size|font-family|\sid=/i);
    expect(chart.svg).not.toMatch(/#[0-9a-f]{3,6}\b|rgb\(/i);
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("class")).toContain("plot-vb-560");
    expect(planeChart(grid, plane, path).svg).toBe(chart.svg);
  });

  it("has ticks at the multiples of 0.25, and the scales it hands the browser are the axes Plot drew", () => {
    expect(axes.xTicks).toEqual([-0.25, 0, 0.25, 0.5, 0.75, 1, 1.25]);
    expect(axes.yTicks).toEqual([-0.25, 0, 0.25, 0.5, 0.75, 1, 1.25]);
    for (const px of [64, 100, 300, 520]) {
      expect(toDomain(chart.scales.x, px)).toBeCloseTo(axes.x(px), 6);
      expect(toDomain(chart.scales.y, px)).toBeCloseTo(axes.y(px), 6);
    }
    expect(chart.scales).toEqual(planeScales(grid));
  });

  it("draws one level line per threshold, each vertex inside the grid on the level the formula gives", () => {
    const lines = [...svg.querySelectorAll("g.plane-level path")];
    expect(lines).toHaveLength(chart.thresholds.length);
    const [a0, a1] = [axes.x(chart.scales.x.range[0]), axes.x(chart.scales.x.range[1])];
    const [b0, b1] = [axes.y(chart.scales.y.range[0]), axes.y(chart.scales.y.range[1])];
    let checked = 0;
    lines.forEach((p, k) => {
      for (const ring of subpaths(p.getAttribute("d")!)) {
        for (const [px, py] of ring) {
          const a = axes.x(px);
          const b = axes.y(py);
          // The polygon closes along the grid's edge; inside, it follows the level.
          if (Math.min(Math.abs(a - a0), Math.abs(a - a1), Math.abs(b - b0), Math.abs(b - b1)) < 0.02) continue;
          expect(cost(a, b)).toBeCloseTo(chart.thresholds[k], 2);
          checked++;
        }
      }
    });
    expect(checked).toBeGreaterThan(100);
  });

  it("shades each level's region C ≥ t: the bands stack, so a point's shade counts the levels below its cost", () => {
    const bands = [...svg.querySelectorAll("g.plane-band")];
    expect(bands).toHaveLength(chart.thresholds.length);
    // The highest corner of this plane is (1.25, −0.25), the lowest (−0.25, 1.25): the top band holds the first, not the second.
    const top = subpaths(bands.at(-1)!.querySelector("path")!.getAttribute("d")!).flat();
    const near = (a: number, b: number) => top.some(([px, py]) => Math.abs(axes.x(px) - a) < 0.05 && Math.abs(axes.y(py) - b) < 0.05);
    expect(near(1.2625, -0.2625)).toBe(true);
    expect(near(-0.2625, 1.2625)).toBe(false);
  });

  it("draws the path as one arrow per logged step, from each point to the next", () => {
    const arrows = [...svg.querySelectorAll("g.plane-path path")];
    expect(arrows).toHaveLength(path.epochs.length - 1);
    arrows.forEach((p, k) => {
      const [shaft] = subpaths(p.getAttribute("d")!);
      expect(axes.x(shaft[0][0])).toBeCloseTo(path.alpha[k], 2);
      expect(axes.y(shaft[0][1])).toBeCloseTo(path.beta[k], 2);
      expect(axes.x(shaft.at(-1)![0])).toBeCloseTo(path.alpha[k + 1], 2);
      expect(axes.y(shaft.at(-1)![1])).toBeCloseTo(path.beta[k + 1], 2);
    });
  });

  it("marks the start (0, 0) and the trained network (1, 1)", () => {
    const dots = [...svg.querySelectorAll("g.plane-ends circle")].map((c) => [axes.x(Number(c.getAttribute("cx"))), axes.y(Number(c.getAttribute("cy")))]);
    expect(dots.map(([a, b]) => [Number(a.toFixed(6)), Number(b.toFixed(6))])).toEqual([[0, 0], [1, 1]]);
    expect([...svg.querySelectorAll("g.plane-ends text")].map((t) => t.textContent)).toEqual(["start", "trained"]);
  });

  it("labels the axes and says in words what it shows, with the corners' costs and the slopes at the start", () => {
    const text = [...svg.querySelectorAll("text")].map((t) => t.textContent);
    expect(text).toContain("α: first layer's share of the move (Δ₁)");
    expect(text).toContain("β: every other layer's share (Δ₊)");
    const label = planeLabel(grid, plane, path);
    expect(label).toContain("α from −0.250 to 1.250, β from −0.250 to 1.250");
    expect(svg.getAttribute("aria-label")).toBe(label);
    for (const k of CORNER_KEYS) expect(label).toContain(`(${k.replace(",", ", ")}) ${sig(cost(+k[0], +k[2]), 3)}`);
    expect(label).toContain(`∂C/∂α = ${sig(0.4)} and ∂C/∂β = ${sig(-2.5)}`);
    expect(label).toContain("101 logged epochs from epoch 0 to 500, from (0.000, 0.000) to (1.000, 1.000)");
    expect(label).toContain(`at most ${sig(0.05)} off the plane`);
  });

  it("compacts path data: 0.1-unit coordinates, straight axis-aligned runs kept only at their ends", () => {
    expect(compactPath("M0,0L0,1L0,2.04L0,3L1.26,3L2,3Z")).toBe("M0,0L0,3L2,3Z");
    expect(compactPath("M0,0L1,1L2,0M5,5L5,5L6,6")).toBe("M0,0L1,1L2,0M5,5L6,6");
  });
});

describe("tables", () => {
  const { plane, path } = fixture();
  it("corners: cost, test accuracy and both slopes, as in planes.json", () => {
    const t = cornerTable(plane);
    expect(t.columns).toEqual(["point (α, β)", "cost C", "test accuracy", "∂C/∂α", "∂C/∂β"]);
    expect(t.rows.map((r) => r[0])).toEqual(["the initial network (0, 0)", "only the first layer trained (1, 0)", "every layer but the first trained (0, 1)", "the trained network (1, 1)"]);
    expect(t.rows[0].slice(1)).toEqual([sig(3.3, 4), "5%", sig(0.4, 3), sig(-2.5, 3)]);
    expect(t.rows[3][1]).toBe(sig(cost(1, 1), 4));
    expect(t.caption).toContain("1,000 training digits");
    expect(t.caption).toContain("2,000 test digits");
  });

  it("path: every 10th of 101 points, said so; all of a short path", () => {
    expect(pathRows(101)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(pathRows(31)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    expect(pathRows(34)).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 33]);
    expect(pathRows(5)).toEqual([0, 1, 2, 3, 4]);
    const t = pathTable(path);
    expect(t.caption).toContain("every 10th of the 101 logged points");
    expect(t.caption).toContain("‖θ − θ(α, β)‖ (for scale: ‖Δ₁‖ = 0.50, ‖Δ₊‖ = 4.0)");
    expect(t.caption).not.toContain("and the last");
    expect(t.rows[1]).toEqual(["50", (0.01).toFixed(3), Math.sqrt(0.1).toFixed(3), sig(0.2 * 0.1 * 0.9, 2)]);
    expect(t.rows.at(-1)).toEqual(["500", "1.000", "1.000", "0"]);
  });
});

describe("the browser's view: the point and the readout", () => {
  const { grid, plane } = fixture();
  const scales = planeScales(grid);
  const g: GridValues = { alpha: grid.alpha, beta: grid.beta, cost: plane.cost, accuracy: plane.accuracy, trainDigits: 1000, testDigits: 2000 };

  it("maps (α, β) to the chart's pixels and back", () => {
    expect(toRange(scales.x, -0.2625)).toBe(64);
    expect(toRange(scales.x, 1.2625)).toBe(520);
    expect(toRange(scales.y, -0.2625)).toBe(496);
    expect(toRange(scales.y, 1.2625)).toBe(40);
    expect(toDomain(scales.x, toRange(scales.x, 0.375))).toBeCloseTo(0.375, 12);
    const m = markerLeaves(scales, { alpha: 0, beta: 1 });
    const cx = Number(/cx="([\d.]+)"/.exec(m)![1]);
    const cy = Number(/cy="([\d.]+)"/.exec(m)![1]);
    expect(cx).toBeCloseTo(64 + (0.2625 / 1.525) * 456, 1);
    expect(cy).toBeCloseTo(496 - (1.2625 / 1.525) * 456, 1);
  });

  it("finds the loader's value at a point (row-major: j·61 + i); elsewhere the readout says the browser computes there", () => {
    expect(pendingReadout({ alpha: 0.75, beta: 0.5 })).toBe(
      "At α = 0.750, β = 0.500: your browser computes C, ∂C/∂α, ∂C/∂β and the test accuracy here once the run's weights and the digits have loaded (they load when you first touch the demo).",
    );
    expect(nearest(grid.alpha, 0.51)).toBe(30);
    for (const [a, b] of [[0, 0], [1, 0], [0.25, 1.25], [-0.25, 0.5]]) {
      expect(gridAt(g, { alpha: a, beta: b })).toEqual({ cost: cost(a, b), accuracy: acc(a, b) });
    }
    expect(parsePair(pairText([-0.2625, 1.2625]), "x")).toEqual([-0.2625, 1.2625]);
    expect(() => parsePair("1", "x domain")).toThrow('the chart\'s x domain "1" is not two different numbers');
  });

  it("ticks and names", () => {
    expect(axisTicks(grid.alpha)).toEqual([-0.25, 0, 0.25, 0.5, 0.75, 1, 1.25]);
    expect(axisTicks([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])).toEqual([0.25, 0.5]);
    expect(pointName(0, 0)).toBe("the initial network");
    expect(pointName(1, 1)).toBe("the trained network");
    expect(pointName(0.5, 1)).toBe("");
    expect(sigText(-1.234e-5)).toBe("−1.23 × 10⁻⁵");
    expect(sigText(3.30471, 4)).toBe("3.305");
  });

  it("readouts: the loader's values before loading; the browser's, with the digits it used", () => {
    expect(gridReadout(g, { alpha: 0, beta: 0 })).toBe(
      "At α = 0.000, β = 0.000 (the initial network): C = 3.300 on the 1,000 training digits and test accuracy 5% on 2,000 test digits, from the loader's grid behind the chart.",
    );
    const p = { cost: 3.30471, dAlpha: -1.234e-5, dBeta: -0.41 };
    expect(liveReadout({ alpha: 0.25, beta: 0.5 }, p, 0.104, { train: 1000, test: 1000, runTrain: 1000, runTest: 2000 })).toBe(
      "At α = 0.250, β = 0.500: C = 3.305, ∂C/∂α = −1.23 × 10⁻⁵, ∂C/∂β = −0.410, test accuracy 10.4%. " +
        "Computed in your browser on the 1,000 training digits this run trained on (the chart's too); the accuracy on the first 1,000 of the 2,000 test digits the chart's accuracy uses.",
    );
    expect(liveReadout({ alpha: 1, beta: 1 }, p, 0.9, { train: 1000, test: 1000, runTrain: 8000, runTest: 2000 })).toContain(
      "on the first 1,000 of the 8,000 training digits this run trained on, so C differs from the chart's, which the loader computed on all 8,000",
    );
  });
});
