/**
 * The null space of a first layer (src/lib/analysis/null-space.ts): a hand-made 3 × 2 layer
 * worked out by hand, Cholesky against a closed form, and the shipped random layer
 * of full-3-hidden checked against an independent projection (modified Gram–Schmidt
 * on W's columns, written here).
 */
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { cholesky, choleskySolve, gram, norm, nullSpaceChange, nullSpaceProjector, times, transposeTimes } from "../../../../src/lib/analysis/null-space.ts";
import { decodeLayersModel, WEIGHTS_FILE, type ModelJson } from "../../../../src/lib/nets/layers-model.ts";
import { firstLayerOf } from "../../../../src/lib/analysis/pixels.ts";
import { mulberry32 } from "../../../../src/lib/rng.ts";

const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** W = [[1, 0], [0, 1], [1, 1]]: 3 inputs, 2 units, row-major [3 × 2]. */
const tiny = { nIn: 3, nOut: 2, weights: [1, 0, 0, 1, 1, 1] };

describe("a hand-made 3 × 2 layer", () => {
  it("Wᵀx and Wc by hand", () => {
    expect([...transposeTimes(tiny, [1, 2, 3])]).toEqual([4, 5]); // (x1 + x3, x2 + x3)
    expect([...times(tiny, [2, -1])]).toEqual([2, -1, 1]); // (c1, c2, c1 + c2)
    expect([...gram(tiny)]).toEqual([2, 1, 1, 2]);
  });

  it("v = d − W(WᵀW)⁻¹Wᵀd, worked out by hand", () => {
    // d = (1, 0, 0): Wᵀd = (1, 0); WᵀW = [[2, 1], [1, 2]], its inverse (1/3)[[2, −1], [−1, 2]];
    // c = (2/3, −1/3); Wc = (2/3, −1/3, 1/3); v = d − Wc = (1/3, 1/3, −1/3).
    const { v, c } = nullSpaceProjector(tiny)([1, 0, 0]);
    expect(c[0]).toBeCloseTo(2 / 3, 14);
    expect(c[1]).toBeCloseTo(-1 / 3, 14);
    [1 / 3, 1 / 3, -1 / 3].forEach((want, i) => expect(v[i]).toBeCloseTo(want, 14));
    expect(maxAbs(transposeTimes(tiny, v))).toBeLessThan(1e-14);
    // The null space is the line through (1, 1, −1): a change along it is kept whole,
    // a change in the column space (here W·(1, 2) = (1, 2, 3)) vanishes.
    [0.5, 0.5, -0.5].forEach((want, i) => expect(nullSpaceChange(tiny, [0.5, 0.5, -0.5])[i]).toBeCloseTo(want, 14));
    expect(maxAbs(nullSpaceChange(tiny, [1, 2, 3]))).toBeLessThan(1e-14);
  });
});

describe("Cholesky", () => {
  it("matches the closed form of a 2 × 2 and solves A c = b", () => {
    // [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]].
    const l = cholesky([4, 2, 2, 3], 2);
    expect(l[0]).toBe(2);
    expect(l[1]).toBe(0);
    expect(l[2]).toBe(1);
    expect(l[3]).toBeCloseTo(Math.SQRT2, 15);
    // 4c1 + 2c2 = 8, 2c1 + 3c2 = 8  →  c = (1, 2).
    const c = choleskySolve(l, [8, 8]);
    expect(c[0]).toBeCloseTo(1, 14);
    expect(c[1]).toBeCloseTo(2, 14);
  });

  it("solves a random symmetric positive definite 30 × 30 system", () => {
    const rand = mulberry32(7);
    const n = 30;
    const b = Array.from({ length: n * n }, () => rand() - 0.5);
    // A = BᵀB + I is symmetric positive definite.
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += b[k * n + i] * b[k * n + j];
      a[i * n + j] = s;
    }
    const want = Array.from({ length: n }, () => rand() - 0.5);
    const rhs = Array.from({ length: n }, (_, i) => want.reduce((s, w, j) => s + a[i * n + j] * w, 0));
    const got = choleskySolve(cholesky(a, n), rhs);
    expect(maxAbs(got.map((g, i) => g - want[i]))).toBeLessThan(1e-12);
  });

  it("refuses a matrix that is not positive definite, and a layer whose columns are dependent", () => {
    expect(() => cholesky([1, 2, 2, 1], 2)).toThrow(/not positive definite \(pivot 1/);
    expect(() => cholesky([1, 2, 3], 2)).toThrow(/3 values for a 2 × 2 matrix/);
    expect(() => nullSpaceProjector({ nIn: 3, nOut: 2, weights: [1, 2, 1, 2, 1, 2] })).toThrow(/linearly dependent/);
    expect(() => nullSpaceChange(tiny, [1, 2])).toThrow(/needs 3 values, got 2/);
    expect(() => gram({ nIn: 3, nOut: 2, weights: [1, 2] })).toThrow(/2 weights for 3 inputs × 2 units/);
  });
});

/** An orthonormal basis of W's columns by modified Gram–Schmidt (nIn × nOut, column by column), and R with W = QR. */
function gramSchmidt(w: ArrayLike<number>, nIn: number, nOut: number): { q: Float64Array[]; r: Float64Array } {
  const q: Float64Array[] = [];
  const r = new Float64Array(nOut * nOut);
  for (let j = 0; j < nOut; j++) {
    const col = Float64Array.from({ length: nIn }, (_, i) => w[i * nOut + j]);
    // Twice, for orthogonality to rounding (the second pass adds to R what the first missed).
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < nIn; i++) dot += q[k][i] * col[i];
        r[k * nOut + j] += dot;
        for (let i = 0; i < nIn; i++) col[i] -= dot * q[k][i];
      }
    }
    const n = Math.hypot(...col);
    r[j * nOut + j] = n;
    q.push(col.map((x) => x / n));
  }
  return { q, r };
}

describe("the shipped random first layer (full-3-hidden/model-initial)", async () => {
  const dir = join(process.cwd(), "public/runs/full-3-hidden/model-initial");
  const net = decodeLayersModel(JSON.parse(await readFile(join(dir, "model.json"), "utf8")) as ModelJson, new Uint8Array(await readFile(join(dir, WEIGHTS_FILE))));
  const layer = firstLayerOf(net);
  const project = nullSpaceProjector(layer);
  // Two real digits' difference (sample-digits.bin, gzipped: 24-byte header, then the labels, then the pixels).
  const sample = new Uint8Array(gunzipSync(await readFile(join(process.cwd(), "public/derived/invisible-pixels/sample-digits.bin"))));
  const count = new DataView(sample.buffer, sample.byteOffset).getUint32(8, true);
  const image = (k: number) => Array.from(sample.subarray(24 + count + 784 * k, 24 + count + 784 * (k + 1)), (p) => p / 255);
  const [a, b] = [image(60), image(29)];
  const d = b.map((x, i) => x - a[i]);
  const rand = mulberry32(3);
  const noise = Array.from({ length: 784 }, () => rand() - 0.5);

  it("is 784 × 30", () => {
    expect([layer.nIn, layer.nOut]).toEqual([784, 30]);
  });

  it.each([
    ["two digits' difference", d],
    ["uniform noise", noise],
  ])("v of %s: Wᵀv = 0 to 1e-10, d − v = W·c for the c of an independent least-squares fit, and projecting v again gives v", (_, d) => {
    const { v, c } = project(d);
    expect(maxAbs(transposeTimes(layer, v))).toBeLessThan(1e-10);
    // Independently: Q R = W by Gram–Schmidt; the least-squares c solves R c = Qᵀd.
    const { q, r } = gramSchmidt(layer.weights, 784, 30);
    const qd = q.map((col) => col.reduce((s, x, i) => s + x * d[i], 0));
    const cOwn = new Float64Array(30);
    for (let j = 29; j >= 0; j--) {
      let s = qd[j];
      for (let k = j + 1; k < 30; k++) s -= r[j * 30 + k] * cOwn[k];
      cOwn[j] = s / r[j * 30 + j];
    }
    const wc = Array.from({ length: 784 }, (_, i) => cOwn.reduce((s, cj, j) => s + layer.weights[i * 30 + j] * cj, 0));
    expect(maxAbs(d.map((x, i) => x - v[i] - wc[i]))).toBeLessThan(1e-10);
    expect(maxAbs(Array.from(c, (x, j) => x - cOwn[j]))).toBeLessThan(1e-8);
    // The closest such vector: no vector of the null space is nearer to d. Moving v along
    // another null-space direction (a second projection of noise) only adds distance.
    const other = project(Array.from({ length: 784 }, (_, i) => Math.sin(i))).v;
    const dist = (x: ArrayLike<number>) => norm(Array.from(x, (xi, i) => d[i] - xi));
    for (const eps of [1e-3, -1e-3, 0.1]) expect(dist(Array.from(v, (x, i) => x + eps * other[i]))).toBeGreaterThan(dist(v));
    const again = project(v).v;
    expect(maxAbs(again.map((x, i) => x - v[i]))).toBeLessThan(1e-12);
  });

  it("a change already in the column space is invisible through and through: its v is 0", () => {
    const c = Array.from({ length: 30 }, (_, j) => Math.cos(j));
    expect(maxAbs(project(times(layer, c)).v)).toBeLessThan(1e-12);
  });
});
