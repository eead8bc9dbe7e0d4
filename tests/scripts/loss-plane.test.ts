/**
 * The loss-plane loader's committed output (public/derived/loss-plane/planes.json) against an
 * independent float64 computation: for each run the network θ₀ + αΔ₁ + βΔ₊ is built parameter by
 * parameter from the shipped weights and run through reference-net.ts (forwardBatch, costOf) on
 * the run's own digits, at the corners and at interior grid points; the stored slopes against
 * central differences of that cost; the norms, config hashes and digit counts against the files.
 * VG_DERIVED_DIR points the test at another derived folder (how a planted bug's output is checked).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import loader from "../../scripts/derived/loaders/loss-plane.ts";
import { checkDerived, uncoveredImports } from "../../scripts/derived/store.ts";
import { readModel } from "../../scripts/runs/store.ts";
import { loadShippedDigits } from "../../scripts/mnist-source.ts";
import { split } from "../../src/lib/mnist/digits.ts";
import { costOf, forwardBatch, type RefNet } from "../../src/lib/nets/reference-net.ts";
import type { NetworkParams } from "../../src/lib/nets/network.ts";
import { PLANE_CORNERS, parsePlanesFile, type PlaneCorner } from "../../src/lib/schemas/derived/loss-plane.ts";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const DERIVED = process.env.VG_DERIVED_DIR ?? join(ROOT, "public/derived");
const RUNS = ["full-3-hidden", "nielsen-3-hidden", "nielsen-2-hidden"];
const OPTS = { activation: "sigmoid" as const, cost: "cross-entropy" as const, lambda: 0 };

const file = parsePlanesFile(JSON.parse(readFileSync(join(DERIVED, "loss-plane/planes.json"), "utf8")));
const { alpha, beta } = file.grid;

/** θ₀ + α(θ_f − θ₀) on layer 1, θ₀ + β(θ_f − θ₀) on every other layer, in float64. */
function interpolated(a0: NetworkParams, af: NetworkParams, a: number, b: number): RefNet {
  const t = (l: number) => (l === 0 ? a : b);
  return {
    sizes: [...a0.sizes],
    weights: a0.weights.map((w, l) => Float64Array.from(w, (v, i) => v + t(l) * (af.weights[l][i] - v))),
    biases: a0.biases.map((w, l) => Float64Array.from(w, (v, i) => v + t(l) * (af.biases[l][i] - v))),
  };
}

const cache = new Map<string, ReturnType<typeof loadRun>>();
const runData = (id: string) => cache.get(id) ?? (cache.set(id, loadRun(id)), cache.get(id)!);

async function loadRun(id: string) {
  const exp = JSON.parse(readFileSync(join(ROOT, "content/experiments", `${id}.json`), "utf8"));
  const digits = await loadShippedDigits();
  const px = digits.rows * digits.cols;
  const take = (s: ReturnType<typeof split>, n: number) => ({ x: Float64Array.from(s.pixels.subarray(0, n * px), (v) => v / 255), labels: Array.from(s.labels.subarray(0, n)) });
  const train = take(split(digits, "train"), exp.data.train);
  const test = take(split(digits, "test"), exp.data.test);
  const a0 = await readModel(join(ROOT, "public/runs", id, "model-initial"));
  const af = await readModel(join(ROOT, "public/runs", id, "model-final"));
  const cost = (a: number, b: number) => {
    const net = interpolated(a0, af, a, b);
    return costOf(net, forwardBatch(net, train.x, OPTS), train.labels, OPTS, train.labels.length);
  };
  const accuracy = (a: number, b: number) => {
    const net = interpolated(a0, af, a, b);
    const out = forwardBatch(net, test.x, OPTS).a.at(-1)!;
    let right = 0;
    test.labels.forEach((y, r) => {
      let best = 0;
      for (let j = 1; j < 10; j++) if (out[r * 10 + j] > out[r * 10 + best]) best = j;
      if (best === y) right++;
    });
    return right / test.labels.length;
  };
  return { exp, a0, af, cost, accuracy };
}

const index = (a: number, b: number) => {
  const i = alpha.indexOf(a);
  const j = beta.indexOf(b);
  if (i < 0 || j < 0) throw new Error(`(${a}, ${b}) is not a grid point`);
  return j * alpha.length + i;
};
/** Stored values have 6 significant digits. */
const close6 = (stored: number, exact: number) => Math.abs(stored - exact) <= 5e-6 * Math.abs(exact) + 1e-12;

describe("the loss-plane loader", () => {
  it("has grid axes from −0.25 to 1.25, evenly spaced, with 0 and 1 on them, and a plane per run", () => {
    for (const axis of [alpha, beta]) {
      expect(axis.length).toBeGreaterThanOrEqual(41);
      expect(axis[0]).toBe(-0.25);
      expect(axis.at(-1)).toBe(1.25);
      expect(axis).toContain(0);
      expect(axis).toContain(1);
      const h = (axis.at(-1)! - axis[0]) / (axis.length - 1);
      axis.forEach((v, i) => expect(v).toBeCloseTo(axis[0] + i * h, 12));
    }
    expect(Object.keys(file.planes).sort()).toEqual([...RUNS].sort());
  });

  for (const id of RUNS) {
    it(`${id}: cost (training digits) and accuracy (test digits) at corners and interior points equal an explicit forward pass; corners are grid values`, async () => {
      const p = file.planes[id];
      const { exp, cost, accuracy } = await runData(id);
      expect([p.run, p.title, p.trainDigits, p.testDigits]).toEqual([id, exp.title, exp.data.train, exp.data.test]);
      expect(p.cost.length).toBe(alpha.length * beta.length);
      expect(p.accuracy.length).toBe(alpha.length * beta.length);
      const points: [number, number][] = [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
        [0.5, 0.25],
        [-0.25, 1.25],
        [1.25, 0.5],
      ];
      for (const [a, b] of points) {
        const k = index(a, b);
        const c = cost(a, b);
        expect(close6(p.cost[k], c), `cost at (${a}, ${b}): stored ${p.cost[k]}, computed ${c}`).toBe(true);
        const acc = accuracy(a, b);
        expect(close6(p.accuracy[k], acc), `accuracy at (${a}, ${b}): stored ${p.accuracy[k]}, computed ${acc}`).toBe(true);
      }
      for (const [a, b] of points.slice(0, 4)) {
        expect(p.corners[`${a},${b}` as PlaneCorner]).toEqual({ cost: p.cost[index(a, b)], accuracy: p.accuracy[index(a, b)] });
      }
      // The trained corner scores what the run's manifest recorded for its shipped weights.
      const manifest = JSON.parse(readFileSync(join(ROOT, "public/runs", id, "manifest.json"), "utf8"));
      expect(p.corners["1,1"].accuracy).toBe(manifest.shippedFinalTestAccuracy);
      expect(p.configHash).toBe(manifest.configHash);
      expect(p.range).toEqual({ costMin: Math.min(...p.cost), costMax: Math.max(...p.cost) });
    });

    it(`${id}: slopes at the corners equal central differences of the explicit cost`, async () => {
      const p = file.planes[id];
      const { cost } = await runData(id);
      const h = 1e-4;
      for (const key of PLANE_CORNERS) {
        const [a, b] = key.split(",").map(Number);
        const fa = (cost(a + h, b) - cost(a - h, b)) / (2 * h);
        const fb = (cost(a, b + h) - cost(a, b - h)) / (2 * h);
        const s = p.slopes[key];
        expect(Math.abs(s.dAlpha - fa), `∂C/∂α at (${key}): stored ${s.dAlpha}, difference quotient ${fa}`).toBeLessThan(1e-4 * Math.abs(fa) + 1e-7);
        expect(Math.abs(s.dBeta - fb), `∂C/∂β at (${key}): stored ${s.dBeta}, difference quotient ${fb}`).toBeLessThan(1e-4 * Math.abs(fb) + 1e-7);
      }
      // The ratios were taken before rounding: equal to those of the rounded slopes within 1e-5.
      const ratio = (x: number, y: number) => Math.abs(x / y);
      expect(Math.abs(p.slopeRatio["0,0"] / ratio(p.slopes["0,0"].dBeta, p.slopes["0,0"].dAlpha) - 1)).toBeLessThan(1e-5);
      expect(Math.abs(p.slopeRatio["0,1→0,0"] / ratio(p.slopes["0,1"].dAlpha, p.slopes["0,0"].dAlpha) - 1)).toBeLessThan(1e-5);
    });

    it(`${id}: norms of Δ₁, Δ₊ and W¹₀ from the shipped weights`, async () => {
      const { a0, af } = await runData(id);
      const sq = (pairs: [ArrayLike<number>, ArrayLike<number> | null][]) =>
        Math.sqrt(pairs.reduce((s, [x, y]) => s + Array.from(x).reduce((t, v, i) => t + (y ? y[i] - v : v) ** 2, 0), 0));
      const L = a0.weights.length;
      const rest: [Float32Array, Float32Array][] = [];
      for (let l = 1; l < L; l++) rest.push([a0.weights[l], af.weights[l]], [a0.biases[l], af.biases[l]]);
      const n = file.planes[id].norms;
      const w1 = sq([[a0.weights[0], null]]);
      expect(close6(n.delta1, sq([[a0.weights[0], af.weights[0]], [a0.biases[0], af.biases[0]]]))).toBe(true);
      expect(close6(n.deltaRest, sq(rest))).toBe(true);
      expect(close6(n.initialW1, w1)).toBe(true);
      expect(close6(n.firstLayerMove, sq([[a0.weights[0], af.weights[0]]]) / w1)).toBe(true);
    });
  }

  it("finds full-3-hidden's first-layer slope hundreds of times below the rest's at θ₀, and over a hundred times steeper once the rest is trained", () => {
    const r = file.planes["full-3-hidden"].slopeRatio;
    expect(r["0,0"]).toBeGreaterThan(100);
    expect(r["0,1→0,0"]).toBeGreaterThan(100);
  });

  it("lists every local module it imports, not the run logs, and its committed output is up to date", async () => {
    const loaderFile = join(ROOT, "scripts/derived/loaders/loss-plane.ts");
    expect(await uncoveredImports(ROOT, loaderFile, loader.inputs)).toEqual([]);
    expect(loader.inputs.filter((i) => i.includes("log.json") || /public\/runs\/[^/]+\/?$/.test(i))).toEqual([]);
    expect(await checkDerived({ id: "loss-plane", file: loaderFile }, { root: ROOT, outDir: DERIVED, inputs: loader.inputs })).toEqual({ id: "loss-plane", ok: true });
  });
});
