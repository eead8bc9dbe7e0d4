/**
 * The distances loader's committed output (public/derived/distances/distances.json), checked
 * WITHOUT src/lib/analysis/distances.ts: plain loops over the shipped digits and the committed model
 * recompute the full leave-one-out 1-NN accuracy for the raw pixels and the random 30-unit layer,
 * and the ratio percentiles on a seeded random sample of pairs; the collided pair is the
 * invisible-pixels lesson's; the manifest matches the loader and its inputs.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import loader, { DIGITS } from "../../scripts/derived/loaders/distances.ts";
import { checkDerived, uncoveredImports } from "../../scripts/derived/store.ts";
import { loadShippedDigits } from "../../scripts/mnist-source.ts";
import { readModel } from "../../scripts/runs/store.ts";
import { parseDistances, type DistancesData } from "../../src/figures/distances.ts";
import { mulberry32 } from "../../src/lib/rng.ts";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const FILE = join(ROOT, "public/derived/distances/distances.json");
const data: DistancesData = parseDistances(JSON.parse(readFileSync(FILE, "utf8")));
const rep = (id: string) => data.representations.find((r) => r.id === id)!;

/** The first 2,000 test digits as float64 in [0, 1] (the loader's own scaling: byte / 255 in float32). */
async function testDigits() {
  const d = await loadShippedDigits(join(ROOT, "public/data/mnist-10k.bin.gz"));
  const px = 784;
  const off = d.trainCount;
  const x = new Float64Array(DIGITS * px);
  for (let i = 0; i < DIGITS * px; i++) x[i] = Math.fround(d.pixels[off * px + i] / 255);
  return { x, labels: d.labels.slice(off, off + DIGITS) };
}

/** Sigmoid activations of a [784, k] first layer, by plain loops. */
function layer(x: Float64Array, n: number, w: Float32Array, b: Float32Array, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      let z = b[j];
      for (let p = 0; p < 784; p++) z += x[i * 784 + p] * w[p * k + j];
      out[i * k + j] = 1 / (1 + Math.exp(-z));
    }
  }
  return out;
}

function dist(f: Float64Array, d: number, i: number, j: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += (f[i * d + c] - f[j * d + c]) ** 2;
  return Math.sqrt(s);
}

/** Leave-one-out 1-NN accuracy by the definition: for each i, scan every j ≠ i, keep the first smallest. */
function nearestNeighbourAccuracy(f: Float64Array, d: number, labels: Uint8Array, n: number): number {
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let who = -1;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const s = dist(f, d, i, j);
      if (s < best) {
        best = s;
        who = j;
      }
    }
    if (labels[who] === labels[i]) correct++;
  }
  return correct / n;
}

describe("the distances loader's output", async () => {
  const { x, labels } = await testDigits();
  const model = await readModel(join(ROOT, "public/runs/frozen-first-layer/model-initial"));
  const random30 = layer(x, DIGITS, model.weights[0], model.biases[0], 30);

  it("covers the first 2,000 test digits and every pair of different labels", () => {
    expect(data.digits).toBe(2000);
    let pairs = 0;
    for (let i = 0; i < DIGITS; i++) for (let j = i + 1; j < DIGITS; j++) if (labels[i] !== labels[j]) pairs++;
    expect(data.pairs).toBe(pairs);
    expect(data.allPairs).toBe((2000 * 1999) / 2);
  });

  it("raw pixels: the full leave-one-out 1-NN accuracy, recomputed by plain loops", () => {
    const acc = nearestNeighbourAccuracy(x, 784, labels, DIGITS);
    expect(rep("pixels").nearestNeighbour).toBe(acc);
    expect(rep("pixels").nearestNeighbourCorrect).toBe(Math.round(acc * DIGITS));
    // f = x: every ratio is exactly 1.
    expect(rep("pixels").ratio).toEqual({ p5: 1, p50: 1, p95: 1 });
  });

  it("random 30: the full leave-one-out 1-NN accuracy, recomputed by plain loops from the committed model", () => {
    expect(rep("random-30").nearestNeighbour).toBe(nearestNeighbourAccuracy(random30, 30, labels, DIGITS));
  });

  it("random 30 is full-3-hidden's initial first layer too, weight for weight", async () => {
    const full = await readModel(join(ROOT, "public/runs/full-3-hidden/model-initial"));
    expect(Buffer.from(full.weights[0].buffer).equals(Buffer.from(model.weights[0].buffer))).toBe(true);
    expect(Array.from(full.biases[0])).toEqual(Array.from(model.biases[0]));
  });

  /**
   * The percentiles, against a seeded random sample of m = 20,000 different-label pairs (drawn with
   * replacement). Tolerance: if q is the population's p-quantile, the number of sampled ratios ≤ q is
   * Binomial(m, F(q)) with F(q) within 1/1.8 million of p (nearest rank). So q lies between the
   * sample's order statistics of ranks m·p ∓ 5·√(m·p·(1 − p)) except with probability < 1e-6 (the
   * seed is fixed, so the test is deterministic). For p = 0.5 that is ±354 ranks of 20,000; the
   * bracket is ≈ ±1% of the median for random 30, far tighter than the effects the lesson reports.
   */
  const M = 20_000;
  const bracket = (sorted: number[], p: number) => {
    const sd = Math.sqrt(M * p * (1 - p));
    return [sorted[Math.max(0, Math.floor(M * p - 5 * sd) - 1)], sorted[Math.min(M - 1, Math.ceil(M * p + 5 * sd) - 1)]];
  };
  const sample = (f: Float64Array, d: number) => {
    const r = mulberry32(2024);
    const out: number[] = [];
    while (out.length < M) {
      const i = Math.floor(r() * DIGITS);
      const j = Math.floor(r() * DIGITS);
      if (labels[i] === labels[j]) continue;
      out.push(dist(f, d, i, j) / dist(x, 784, i, j));
    }
    return out.sort((a, b) => a - b);
  };

  it("random 30: the 5th, 50th and 95th percentiles of r lie in their binomial brackets from a seeded sample", () => {
    const s = sample(random30, 30);
    const r = rep("random-30");
    for (const [p, v] of [[0.05, r.ratio.p5], [0.5, r.ratio.p50], [0.95, r.ratio.p95]] as const) {
      const [lo, hi] = bracket(s, p);
      expect(v, `p${p * 100}`).toBeGreaterThanOrEqual(lo);
      expect(v, `p${p * 100}`).toBeLessThanOrEqual(hi);
    }
    expect(r.relative.p5).toBeCloseTo(r.ratio.p5 / r.ratio.p50, 5);
    expect(r.relative.p95).toBeCloseTo(r.ratio.p95 / r.ratio.p50, 5);
    // No sampled pair undercuts the reported smallest ratio, and that pair's ratio is what it says.
    expect(s[0]).toBeGreaterThanOrEqual(r.closestPair.ratio * (1 - 1e-5));
    const c = r.closestPair;
    expect(dist(random30, 30, c.i, c.j) / dist(x, 784, c.i, c.j)).toBeCloseTo(c.ratio, 6);
    expect([labels[c.i], labels[c.j]]).toEqual(c.labels);
  });

  it("trained 30: its percentiles too (the same check, the trained model)", async () => {
    const trained = await readModel(join(ROOT, "public/runs/full-3-hidden/model-final"));
    const s = sample(layer(x, DIGITS, trained.weights[0], trained.biases[0], 30), 30);
    const r = rep("trained-30");
    for (const [p, v] of [[0.05, r.ratio.p5], [0.5, r.ratio.p50], [0.95, r.ratio.p95]] as const) {
      const [lo, hi] = bracket(s, p);
      expect(v, `p${p * 100}`).toBeGreaterThanOrEqual(lo);
      expect(v, `p${p * 100}`).toBeLessThanOrEqual(hi);
    }
  });

  it("the collided pair is the invisible-pixels lesson's pair, with its ratio recomputed", () => {
    const facts = JSON.parse(readFileSync(join(ROOT, "public/derived/invisible-pixels/facts.json"), "utf8"));
    const c = data.collidedPair;
    expect([c.i, c.j]).toEqual([facts.pair.i, facts.pair.j]);
    expect(c.labels).toEqual(facts.pair.labels);
    const r = dist(random30, 30, c.i, c.j) / dist(x, 784, c.i, c.j);
    const mine = c.byRepresentation.find((b) => b.id === "random-30")!;
    expect(mine.ratio).toBeCloseTo(r, 6);
    // Both numbers are rounded to 6 significant figures in the JSON: compare relatively.
    expect(Math.abs(mine.relative / (r / rep("random-30").ratio.p50) - 1)).toBeLessThan(2e-6);
    expect(c.pixelDistance).toBeCloseTo(dist(x, 784, c.i, c.j), 4);
  });

  it("the random layers' weighted inputs spread as the χ² prediction says (within 0.02), their medians within 3%", () => {
    for (const id of ["random-30", "random-100", "random-300", "random-1000"]) {
      const r = rep(id);
      expect(Math.abs(r.linear!.relative.p5 - r.predicted!.p5), id).toBeLessThan(0.02);
      expect(Math.abs(r.linear!.relative.p95 - r.predicted!.p95), id).toBeLessThan(0.02);
      expect(Math.abs(r.linear!.ratio.p50 / r.predicted!.linearMedian - 1), id).toBeLessThan(0.03);
    }
  });

  it("lists every local module it imports, and its committed output is up to date", async () => {
    const file = join(ROOT, "scripts/derived/loaders/distances.ts");
    expect(await uncoveredImports(ROOT, file, loader.inputs)).toEqual([]);
    expect(loader.inputs.some((i) => i.endsWith("log.json"))).toBe(false);
    expect(await checkDerived({ id: "distances", file }, { root: ROOT, inputs: loader.inputs })).toEqual({ id: "distances", ok: true });
  });
});
