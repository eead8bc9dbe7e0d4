import { describe, expect, it } from "vitest";
import {
  BN_EPSILON,
  adamState,
  adamUpdate,
  backpropBatch,
  batchCost,
  biasGradNorms,
  cloneRefNet,
  forwardBatch,
  hasSkip,
  layerwiseRatios,
  layerwiseUpdate,
  refNetFrom,
  sgdUpdate,
  updateRunningStats,
  weightGradNorms,
  type Activation,
  type RefGrads,
  type RefNet,
  type RefOptions,
} from "../../../../src/lib/nets/reference-net.ts";
import { backprop, biasGradientNorms, exampleCost, type CostKind } from "../../../../src/lib/nets/mlp.ts";
import { initialNetwork, type NetworkParams } from "../../../../src/lib/nets/network.ts";
import { gaussian, mulberry32 } from "../../../../src/lib/rng.ts";
import { sigmoid } from "../../../../src/lib/toy-math/sigmoid.ts";

const ACTS: Activation[] = ["sigmoid", "tanh", "relu"];
const N_TRAIN = 50;

function makeNet(sizes: number[], seed: number, batchNorm = false): RefNet {
  const net = refNetFrom(initialNetwork(sizes, { weights: "xavier", biases: "gaussian" }, seed), batchNorm);
  if (batchNorm) {
    // γ and β away from their initial 1 and 0, so that the tests see them used.
    const normal = gaussian(mulberry32(seed + 1000));
    net.gamma!.forEach((g) => g.forEach((_, j) => (g[j] = 1 + 0.3 * normal())));
    net.beta!.forEach((b) => b.forEach((_, j) => (b[j] = 0.3 * normal())));
  }
  return net;
}

function makeBatch(m: number, n0: number, nOut: number, seed: number) {
  const rand = mulberry32(seed);
  const x = Float64Array.from({ length: m * n0 }, () => rand());
  const labels = Array.from({ length: m }, (_, r) => r % nOut);
  return { x, labels };
}

const rows = (a: Float64Array, n: number) => Array.from({ length: a.length / n }, (_, r) => a.subarray(r * n, (r + 1) * n));

/**
 * Relative error of an analytic derivative against a numeric one. A central difference at
 * step 1e-6 of a cost C ≈ 3 resolves no better than a few ulp(C)/2h ≈ 1e-9 (measured: the
 * worst |analytic − numeric| of a correct gradient here is 1.1e-9 whatever its size), so
 * derivatives below 2e-3 are held to an absolute 2e-9 instead.
 */
const relErr = (a: number, n: number) => Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), 2e-3);

/**
 * Central differences (step 1e-6) of the train-mode batch cost with respect to every
 * entry of every W, b, γ, β and of the input x; returns the largest relative error.
 */
function fdMaxError(net: RefNet, x: Float64Array, labels: number[], opts: RefOptions): number {
  const g = backpropBatch(net, x, labels, opts, N_TRAIN);
  const h = 1e-6;
  let worst = 0;
  const probe = (arr: Float64Array, grad: Float64Array) => {
    for (let i = 0; i < arr.length; i++) {
      const keep = arr[i];
      arr[i] = keep + h;
      const up = batchCost(net, x, labels, opts, N_TRAIN);
      arr[i] = keep - h;
      const down = batchCost(net, x, labels, opts, N_TRAIN);
      arr[i] = keep;
      worst = Math.max(worst, relErr(grad[i], (up - down) / (2 * h)));
    }
  };
  net.weights.forEach((w, l) => probe(w, g.dW[l]));
  net.biases.forEach((b, l) => probe(b, g.db[l]));
  g.dGamma.forEach((dg, l) => probe(net.gamma![l], dg));
  g.dBeta.forEach((dbeta, l) => probe(net.beta![l], dbeta));
  probe(x, g.dA[0]);
  return worst;
}

/**
 * Smallest |y| over the hidden layers: ReLU tests need every pre-activation away from the
 * kink at 0 (a nudge of 1e-6 moves any y here by far less than 5e-5).
 */
function minAbsHiddenY(net: RefNet, x: Float64Array, opts: RefOptions): number {
  const fw = forwardBatch(net, x, opts, "train");
  return Math.min(...fw.y.slice(0, -1).flatMap((y) => Array.from(y, Math.abs)));
}

describe("reference net without batch norm or skips is mlp.ts averaged over the batch", () => {
  for (const cost of ["cross-entropy", "quadratic"] as CostKind[]) {
    it(`dW, db and the cost equal the mean of mlp.ts backprop (${cost})`, () => {
      const sizes = [6, 5, 4, 3];
      const net = makeNet(sizes, 7);
      const { x, labels } = makeBatch(5, 6, 3, 3);
      const opts: RefOptions = { activation: "sigmoid", cost, lambda: 0 };
      const g = backpropBatch(net, x, labels, opts, N_TRAIN);
      const asParams = net as unknown as NetworkParams;
      const sumW = net.weights.map((w) => new Float64Array(w.length));
      const sumB = net.biases.map((b) => new Float64Array(b.length));
      let c = 0;
      rows(x, 6).forEach((xr, r) => {
        const e = backprop(asParams, xr, labels[r], cost);
        e.weights.forEach((w, l) => w.forEach((v, i) => (sumW[l][i] += v / 5)));
        e.biases.forEach((b, l) => b.forEach((v, i) => (sumB[l][i] += v / 5)));
      });
      const fw = forwardBatch(net, x, opts);
      rows(fw.a[3], 3).forEach((aL, r) => (c += exampleCost(cost, aL, labels[r]) / 5));
      sumW.forEach((w, l) => w.forEach((v, i) => expect(Math.abs(g.dW[l][i] - v)).toBeLessThan(1e-12)));
      sumB.forEach((b, l) => b.forEach((v, i) => expect(Math.abs(g.db[l][i] - v)).toBeLessThan(1e-12)));
      expect(g.cost).toBeCloseTo(c, 13);
    });
  }

  it("biasGradNorms equals mlp.ts biasGradientNorms; weightGradNorms is the Frobenius norm of dW", () => {
    const net = makeNet([6, 5, 4, 3], 11);
    const { x, labels } = makeBatch(4, 6, 3, 5);
    const opts: RefOptions = { activation: "sigmoid", cost: "cross-entropy", lambda: 0 };
    const ref = biasGradientNorms(net as unknown as NetworkParams, rows(x, 6), labels, "cross-entropy");
    biasGradNorms(net, x, labels, opts).forEach((v, l) => expect(v).toBeCloseTo(ref[l], 13));
    const g = backpropBatch(net, x, labels, opts, 1);
    weightGradNorms(net, x, labels, opts).forEach((v, l) => expect(v).toBeCloseTo(Math.hypot(...g.dW[l]), 13));
  });
});

describe("every gradient against central finite differences", () => {
  const sizes = [6, 5, 5, 5, 3]; // layers 2 and 3 are 5 → 5, so they carry skips when residual is on
  const configs: { name: string; batchNorm: boolean; residual: boolean }[] = [
    { name: "plain", batchNorm: false, residual: false },
    { name: "batch norm", batchNorm: true, residual: false },
    { name: "residual", batchNorm: false, residual: true },
    { name: "batch norm + residual", batchNorm: true, residual: true },
  ];
  for (const activation of ACTS) {
    for (const c of configs) {
      it(`${activation}, ${c.name}: dW, db, dγ, dβ and ∂C/∂x within 1e-6 relative`, () => {
        const net = makeNet(sizes, 21, c.batchNorm);
        const { x, labels } = makeBatch(6, 6, 3, 9);
        const opts: RefOptions = { activation, cost: "cross-entropy", lambda: 0, batchNorm: c.batchNorm, residual: c.residual };
        if (activation === "relu") expect(minAbsHiddenY(net, x, opts)).toBeGreaterThan(5e-5);
        expect(forwardBatch(net, x, opts).skip).toEqual([false, c.residual, c.residual, false]);
        expect(fdMaxError(net, x, labels, opts)).toBeLessThan(1e-6);
      });
    }
  }
  for (const cost of ["cross-entropy", "quadratic"] as CostKind[]) {
    for (const activation of ACTS) {
      it(`λ = 0.7, ${cost}, ${activation}, batch norm + residual: within 1e-6 relative`, () => {
        const net = makeNet(sizes, 33, true);
        const { x, labels } = makeBatch(5, 6, 3, 13);
        const opts: RefOptions = { activation, cost, lambda: 0.7, batchNorm: true, residual: true };
        if (activation === "relu") expect(minAbsHiddenY(net, x, opts)).toBeGreaterThan(5e-5);
        expect(fdMaxError(net, x, labels, opts)).toBeLessThan(1e-6);
      });
    }
  }

  it("the L2 term is (λ/2n)Σ‖W‖² over weights only and adds (λ/n)W to dW", () => {
    const net = makeNet(sizes, 5, true);
    const { x, labels } = makeBatch(4, 6, 3, 2);
    const base: RefOptions = { activation: "tanh", cost: "cross-entropy", lambda: 0, batchNorm: true };
    const reg = { ...base, lambda: 2 };
    const sq = net.weights.reduce((s, w) => s + w.reduce((t, v) => t + v * v, 0), 0);
    expect(batchCost(net, x, labels, reg, N_TRAIN) - batchCost(net, x, labels, base, N_TRAIN)).toBeCloseTo((2 / (2 * N_TRAIN)) * sq, 13);
    const g0 = backpropBatch(net, x, labels, base, N_TRAIN);
    const g2 = backpropBatch(net, x, labels, reg, N_TRAIN);
    g2.dW.forEach((w, l) => w.forEach((v, i) => expect(v - g0.dW[l][i]).toBeCloseTo((2 / N_TRAIN) * net.weights[l][i], 14)));
    g2.db.forEach((b, l) => b.forEach((v, i) => expect(v).toBe(g0.db[l][i])));
    g2.dGamma.forEach((b, l) => b.forEach((v, i) => expect(v).toBe(g0.dGamma[l][i])));
  });

  it("ReLU has slope 0 at 0: a first layer with W = 0, b = 0 gets no gradient", () => {
    const net = makeNet([6, 5, 4, 3], 3);
    net.weights[0].fill(0);
    net.biases[0].fill(0);
    const { x, labels } = makeBatch(4, 6, 3, 1);
    const g = backpropBatch(net, x, labels, { activation: "relu", cost: "cross-entropy", lambda: 0 }, N_TRAIN);
    expect(Math.hypot(...g.dW[0], ...g.db[0])).toBe(0);
    expect(Math.hypot(...g.dW[2])).toBeGreaterThan(0);
  });
});

describe("batch normalisation", () => {
  const sizes = [6, 5, 4, 3];
  const opts: RefOptions = { activation: "sigmoid", cost: "cross-entropy", lambda: 0, batchNorm: true };

  it("train mode: each hidden unit's ẑ has batch mean 0 and biased variance σ²/(σ² + ε) = 1/(1 + ε/σ²)", () => {
    const net = makeNet(sizes, 4, true);
    const m = 7;
    const { x } = makeBatch(m, 6, 3, 8);
    const fw = forwardBatch(net, x, opts, "train");
    for (let l = 1; l <= 2; l++) {
      const n = sizes[l];
      const z = fw.z[l - 1];
      const zHat = fw.zHat[l - 1]!;
      for (let j = 0; j < n; j++) {
        const col = (a: Float64Array) => Array.from({ length: m }, (_, r) => a[r * n + j]);
        const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
        const biasedVar = (v: number[]) => mean(v.map((t) => (t - mean(v)) ** 2));
        const s2 = biasedVar(col(z));
        expect(Math.abs(mean(col(zHat)))).toBeLessThan(1e-14);
        expect(biasedVar(col(zHat))).toBeCloseTo(1 / (1 + BN_EPSILON / s2), 13);
        expect(fw.variance[l - 1]![j]).toBeCloseTo(s2, 14);
      }
      // y = γ ẑ + β
      expect(fw.y[l - 1][n + 1]).toBeCloseTo(net.gamma![l - 1][1] * zHat[n + 1] + net.beta![l - 1][1], 14);
    }
    expect(fw.zHat[2]).toBeNull(); // the output layer is never normalised
  });

  it("∂C/∂b of a normalised layer is 0 up to rounding (< 1e-12 of ‖∂C/∂W‖)", () => {
    for (const activation of ACTS) {
      const net = makeNet(sizes, 12, true);
      const { x, labels } = makeBatch(8, 6, 3, 4);
      const g = backpropBatch(net, x, labels, { ...opts, activation }, N_TRAIN);
      for (const l of [0, 1]) {
        expect(Math.hypot(...g.db[l]) / Math.hypot(...g.dW[l])).toBeLessThan(1e-12);
        expect(Math.hypot(...g.dW[l])).toBeGreaterThan(1e-6);
      }
      expect(Math.hypot(...g.db[2])).toBeGreaterThan(1e-3); // the output layer keeps its bias gradient
    }
  });

  it("running statistics after one update and inference with them equal the closed form", () => {
    const net = makeNet(sizes, 15, true);
    const { x } = makeBatch(6, 6, 3, 6);
    const fw = forwardBatch(net, x, opts, "train");
    updateRunningStats(net, fw);
    for (let l = 0; l < 2; l++) {
      fw.mean[l]!.forEach((mu, j) => expect(net.runningMean![l][j]).toBeCloseTo(0.1 * mu, 15));
      fw.variance[l]!.forEach((s2, j) => expect(net.runningVar![l][j]).toBeCloseTo(0.9 + 0.1 * s2, 15));
    }
    // Inference on other inputs, by hand: y = γ (z − μ_run)/√(σ²_run + ε) + β, a = σ(y), layer by layer.
    const { x: x2 } = makeBatch(3, 6, 3, 99);
    const inf = forwardBatch(net, x2, opts, "inference");
    rows(x2, 6).forEach((xr, r) => {
      let a = Array.from(xr);
      for (let l = 0; l < 3; l++) {
        const nIn = sizes[l];
        const nOut = sizes[l + 1];
        const next: number[] = [];
        for (let j = 0; j < nOut; j++) {
          let z = net.biases[l][j];
          for (let i = 0; i < nIn; i++) z += a[i] * net.weights[l][i * nOut + j];
          const y = l < 2 ? (net.gamma![l][j] * (z - 0.1 * fw.mean[l]![j])) / Math.sqrt(0.9 + 0.1 * fw.variance[l]![j] + BN_EPSILON) + net.beta![l][j] : z;
          next.push(sigmoid(y));
        }
        a = next;
      }
      a.forEach((v, j) => expect(inf.a[3][r * 3 + j]).toBeCloseTo(v, 14));
    });
    // Inference treats each row on its own: one row alone gives the same outputs.
    const alone = forwardBatch(net, x2.subarray(6, 12), opts, "inference");
    alone.a[3].forEach((v, j) => expect(v).toBe(inf.a[3][3 + j]));
    // …while train mode does not (the batch statistics differ).
    expect(forwardBatch(net, x2, opts, "train").a[3][0]).not.toBeCloseTo(inf.a[3][0], 6);
  });

  it("makes the train-mode output invariant to scaling a layer's W by c > 0, up to the ε in √(σ² + ε); without it the output moves", () => {
    const rand = mulberry32(77);
    for (let trial = 0; trial < 20; trial++) {
      const activation = ACTS[trial % 3];
      const net = makeNet([6, 8, 8, 3], 100 + trial, true);
      const { x } = makeBatch(10, 6, 3, 200 + trial);
      const l = trial % 2; // hidden layer 1 or 2
      const n = 8;
      const c = 0.2 + 5 * rand();
      const o = { ...opts, activation, residual: trial % 4 < 2 };
      const fw = forwardBatch(net, x, o, "train");
      const scaled = cloneRefNet(net);
      scaled.weights[l].forEach((v, i) => (scaled.weights[l][i] = c * v));
      const fs = forwardBatch(scaled, x, o, "train");
      // z − μ scales by c (b cancels), σ² by c², so ẑ' = ẑ · c√(σ² + ε)/√(c²σ² + ε): 1 as ε → 0.
      fw.zHat[l]!.forEach((v, k) => {
        const s2 = fw.variance[l]![k % n];
        const ratio = (c * Math.sqrt(s2 + BN_EPSILON)) / Math.sqrt(c * c * s2 + BN_EPSILON);
        expect(fs.zHat[l]![k]).toBeCloseTo(v * ratio, 12);
        // ratio² − 1 = (c² − 1) ε/(c²σ² + ε), and |ratio − 1| ≤ |ratio² − 1|.
        expect(Math.abs(ratio - 1)).toBeLessThanOrEqual((Math.abs(c * c - 1) * BN_EPSILON) / (c * c * s2 + BN_EPSILON));
      });
      fs.a[3].forEach((v, i) => expect(Math.abs(v - fw.a[3][i])).toBeLessThan(1e-3)); // measured ≤ 2.1e-4
      const plainBefore = forwardBatch(net, x, { ...o, batchNorm: false }, "train").a[3];
      const plainAfter = forwardBatch(scaled, x, { ...o, batchNorm: false }, "train").a[3];
      const bnMove = Math.max(...fs.a[3].map((v, i) => Math.abs(v - fw.a[3][i])));
      const plainMove = Math.max(...plainAfter.map((v, i) => Math.abs(v - plainBefore[i])));
      expect(plainMove).toBeGreaterThan(20 * bnMove); // measured: at least 90×, over these 20 draws
    }
  });

  it("refNetFrom starts γ at 1, β at 0, μ_run at 0 and σ²_run at 1, one per hidden unit", () => {
    const net = refNetFrom(initialNetwork([4, 3, 2, 5], { weights: "he", biases: "zero" }, 1), true);
    expect(net.gamma!.map((g) => Array.from(g))).toEqual([[1, 1, 1], [1, 1]]);
    expect(net.beta!.map((g) => Array.from(g))).toEqual([[0, 0, 0], [0, 0]]);
    expect(net.runningMean!.map((g) => Array.from(g))).toEqual([[0, 0, 0], [0, 0]]);
    expect(net.runningVar!.map((g) => Array.from(g))).toEqual([[1, 1, 1], [1, 1]]);
  });
});

describe("residual connections", () => {
  it("skip only on hidden layers l ≥ 2 whose width equals the previous layer's (never layer 1, never the output)", () => {
    const sizes = [5, 5, 5, 4, 4, 4];
    const o = { residual: true };
    expect([1, 2, 3, 4, 5].map((l) => hasSkip(sizes, l, o))).toEqual([false, true, false, true, false]);
    expect([1, 2, 3, 4, 5].map((l) => hasSkip(sizes, l, { residual: false }))).toEqual([false, false, false, false, false]);
    const net = makeNet(sizes, 2);
    const { x } = makeBatch(3, 5, 4, 2);
    expect(forwardBatch(net, x, { activation: "tanh", cost: "quadratic", lambda: 0, residual: true }).skip).toEqual([false, true, false, true, false]);
  });

  it("with W = 0 and b = 0 in a tanh skip layer, a^l = a^{l−1} exactly and ∂C/∂a^{l−1} = ∂C/∂a^l (the identity path alone)", () => {
    const sizes = [6, 5, 5, 3];
    const net = makeNet(sizes, 8);
    net.weights[1].fill(0);
    net.biases[1].fill(0);
    const { x, labels } = makeBatch(4, 6, 3, 3);
    const opts: RefOptions = { activation: "tanh", cost: "cross-entropy", lambda: 0, residual: true };
    const fw = forwardBatch(net, x, opts);
    expect(Array.from(fw.a[2])).toEqual(Array.from(fw.a[1]));
    const g = backpropBatch(net, x, labels, opts, N_TRAIN);
    expect(Array.from(g.dA[1])).toEqual(Array.from(g.dA[2]));
    expect(Math.hypot(...g.dA[1])).toBeGreaterThan(1e-3);
    // Without the skip, a zero layer passes no gradient down at all.
    const plain = backpropBatch(net, x, labels, { ...opts, residual: false }, N_TRAIN);
    expect(Math.hypot(...plain.dA[1], ...plain.dW[0])).toBe(0);
  });

  for (const batchNorm of [false, true]) {
    it(`∂C/∂a^{l−1} of a skip layer (identity path included) matches central differences${batchNorm ? " (with batch norm)" : ""}`, () => {
      const sizes = [6, 5, 5, 5, 3];
      const net = makeNet(sizes, 19, batchNorm);
      const { x, labels } = makeBatch(5, 6, 3, 17);
      const opts: RefOptions = { activation: "tanh", cost: "cross-entropy", lambda: 0, residual: true, batchNorm };
      const g = backpropBatch(net, x, labels, opts, N_TRAIN);
      const fw = forwardBatch(net, x, opts);
      for (const l of [2, 3]) {
        const aPrev = fw.a[l - 1].slice();
        // The cost as a function of a^{l−1}, fed in at layer l.
        const h = 1e-6;
        for (let i = 0; i < aPrev.length; i++) {
          const keep = aPrev[i];
          aPrev[i] = keep + h;
          const up = batchCost(net, aPrev, labels, opts, N_TRAIN, "train", l);
          aPrev[i] = keep - h;
          const down = batchCost(net, aPrev, labels, opts, N_TRAIN, "train", l);
          aPrev[i] = keep;
          expect(relErr(g.dA[l - 1][i], (up - down) / (2 * h))).toBeLessThan(1e-6);
        }
        // Feeding a^{l−1} in at layer l reproduces the whole network's cost.
        expect(batchCost(net, aPrev, labels, opts, N_TRAIN, "train", l)).toBeCloseTo(g.cost, 14);
      }
    });
  }
});

/** A hand-made network and gradient: one 2×1 weight matrix, a bias. */
function tiny(gw: number[], gb: number[]): { net: RefNet; grads: RefGrads } {
  return {
    net: { sizes: [2, 1], weights: [Float64Array.from([0.5, -0.25])], biases: [Float64Array.from([0.125])] },
    grads: { dW: [Float64Array.from(gw)], db: [Float64Array.from(gb)], dGamma: [], dBeta: [], dA: [], cost: 0 },
  };
}

describe("updates", () => {
  it("SGD: θ ← θ − η g for W, b, γ and β", () => {
    const net = makeNet([6, 5, 4, 3], 1, true);
    const { x, labels } = makeBatch(4, 6, 3, 1);
    const opts: RefOptions = { activation: "relu", cost: "cross-entropy", lambda: 0.3, batchNorm: true };
    const g = backpropBatch(net, x, labels, opts, N_TRAIN);
    const next = cloneRefNet(net);
    sgdUpdate(next, g, 0.5);
    next.weights.forEach((w, l) => w.forEach((v, i) => expect(v).toBe(net.weights[l][i] - 0.5 * g.dW[l][i])));
    next.biases.forEach((w, l) => w.forEach((v, i) => expect(v).toBe(net.biases[l][i] - 0.5 * g.db[l][i])));
    next.gamma!.forEach((w, l) => w.forEach((v, i) => expect(v).toBe(net.gamma![l][i] - 0.5 * g.dGamma[l][i])));
    next.beta!.forEach((w, l) => w.forEach((v, i) => expect(v).toBe(net.beta![l][i] - 0.5 * g.dBeta[l][i])));
    // A small step lowers the cost.
    const small = cloneRefNet(net);
    sgdUpdate(small, g, 1e-3);
    expect(batchCost(small, x, labels, opts, N_TRAIN)).toBeLessThan(g.cost);
  });

  it("Adam's first step moves every parameter by η g/(|g| + ε) = η·sign(g) up to ε", () => {
    const net = makeNet([6, 5, 4, 3], 2, true);
    const { x, labels } = makeBatch(4, 6, 3, 2);
    const g = backpropBatch(net, x, labels, { activation: "tanh", cost: "cross-entropy", lambda: 0.1, batchNorm: true }, N_TRAIN);
    const next = cloneRefNet(net);
    const state = adamState(next);
    const eta = 0.01;
    adamUpdate(state, next, g, eta);
    const check = (before: Float64Array[], after: Float64Array[], grad: Float64Array[]) =>
      after.forEach((w, l) =>
        w.forEach((v, i) => {
          const gi = grad[l][i];
          const step = before[l][i] - v;
          expect(step).toBeCloseTo((eta * gi) / (Math.abs(gi) + 1e-8), 15);
          if (Math.abs(gi) > 1e-6) expect(Math.abs(step - eta * Math.sign(gi))).toBeLessThan((eta * 1e-8) / Math.abs(gi) + 1e-16);
        }),
      );
    check(net.weights, next.weights, g.dW);
    check(net.gamma!, next.gamma!, g.dGamma);
    check(net.beta!, next.beta!, g.dBeta);
    check(net.biases.slice(2), next.biases.slice(2), g.db.slice(2)); // hidden db is rounding noise under batch norm
    expect(state.weights.map((s) => s.t)).toEqual([1, 1, 1]);
    expect(state.gamma.map((s) => s.t)).toEqual([1, 1]);
  });

  it("Adam's two steps equal a hand computation", () => {
    const { net, grads } = tiny([2, -0.5], [1e-3]);
    const state = adamState(net);
    adamUpdate(state, net, grads, 0.1);
    // Step 1: m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g², Δ = 0.1 g/(|g| + 1e-8).
    expect(net.weights[0][0]).toBeCloseTo(0.5 - 0.1 * (2 / (2 + 1e-8)), 15);
    expect(net.weights[0][1]).toBeCloseTo(-0.25 + 0.1 * (0.5 / (0.5 + 1e-8)), 15);
    expect(net.biases[0][0]).toBeCloseTo(0.125 - 0.1 * (1e-3 / (1e-3 + 1e-8)), 15);
    // Step 2 with g₂ = (−1, −0.5), b: 3e-3.
    grads.dW[0].set([-1, -0.5]);
    grads.db[0].set([3e-3]);
    adamUpdate(state, net, grads, 0.1);
    // w₀: m = 0.9·0.2 + 0.1·(−1) = 0.08, v = 0.999·0.004 + 0.001·1 = 0.004996,
    //     m̂ = 0.08/0.19, v̂ = 0.004996/0.001999, Δ = 0.1 m̂/(√v̂ + 1e-8).
    const w0 = 0.5 - 0.1 * (2 / (2 + 1e-8)) - (0.1 * (0.08 / 0.19)) / (Math.sqrt(0.004996 / 0.001999) + 1e-8);
    expect(net.weights[0][0]).toBeCloseTo(w0, 14);
    expect(net.weights[0][0]).toBeCloseTo(0.5 - 0.1 - 0.0266337, 6); // = 0.37337, written out
    // w₁: the same gradient twice, so m̂ = g and v̂ = g²: a second η·sign(g) step.
    expect(net.weights[0][1]).toBeCloseTo(-0.25 + 2 * 0.1 * (0.5 / (0.5 + 1e-8)), 14);
    // b: m = 0.9·1e-4 + 0.1·3e-3 = 3.9e-4, v = 0.999·1e-9 + 0.001·9e-6 = 9.999e-9.
    const b = 0.125 - 0.1 * (1e-3 / (1e-3 + 1e-8)) - (0.1 * (3.9e-4 / 0.19)) / (Math.sqrt(9.999e-9 / 0.001999) + 1e-8);
    expect(net.biases[0][0]).toBeCloseTo(b, 14);
    expect(state.weights[0].t).toBe(2);
    expect(state.biases[0].t).toBe(2);
  });

  it("Adam takes β1, β2 and ε from its options", () => {
    const { net, grads } = tiny([2, -0.5], [1]);
    adamUpdate(adamState(net), net, grads, 0.1, { beta1: 0.5, beta2: 0.9, eps: 1 });
    // First step with bias correction is still η g/(|g| + ε), now with ε = 1.
    expect(net.weights[0][0]).toBeCloseTo(0.5 - 0.1 * (2 / 3), 15);
  });

  it("layerwise: after the update every layer's ‖ΔW‖ equals η‖∂C/∂W^L‖; b (and γ, β) scaled by the same r_l", () => {
    const net = makeNet([6, 5, 5, 4, 3], 6, true);
    const { x, labels } = makeBatch(5, 6, 3, 6);
    const g = backpropBatch(net, x, labels, { activation: "sigmoid", cost: "cross-entropy", lambda: 0, batchNorm: true, residual: true }, N_TRAIN);
    const eta = 0.3;
    const next = cloneRefNet(net);
    layerwiseUpdate(next, g, eta);
    const top = Math.hypot(...g.dW[3]);
    const r = layerwiseRatios(g);
    expect(r[3]).toBe(1);
    next.weights.forEach((w, l) => {
      const dw = Math.hypot(...w.map((v, i) => v - net.weights[l][i]));
      expect(dw / (eta * top)).toBeCloseTo(1, 12);
      expect(r[l]).toBeCloseTo(top / Math.hypot(...g.dW[l]), 12);
      next.biases[l].forEach((v, i) => expect(v).toBeCloseTo(net.biases[l][i] - eta * r[l] * g.db[l][i], 15));
    });
    next.gamma!.forEach((gm, l) => gm.forEach((v, i) => expect(v).toBeCloseTo(net.gamma![l][i] - eta * r[l] * g.dGamma[l][i], 15)));
  });

  it("layerwise: a layer with no weight gradient does not move; the ratio is capped at 1e6", () => {
    const net: RefNet = {
      sizes: [2, 2, 1, 1],
      weights: [Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 1]), Float64Array.from([2])],
      biases: [Float64Array.from([1, 1]), Float64Array.from([1]), Float64Array.from([1])],
    };
    const grads: RefGrads = {
      dW: [new Float64Array(4), Float64Array.from([3e-9, 4e-9]), Float64Array.from([0.5])],
      db: [Float64Array.from([1, 1]), Float64Array.from([1e-9]), Float64Array.from([0.25])],
      dGamma: [],
      dBeta: [],
      dA: [],
      cost: 0,
    };
    expect(layerwiseRatios(grads)).toEqual([0, 1e6, 1]);
    layerwiseUpdate(net, grads, 0.1);
    expect(Array.from(net.weights[0])).toEqual([1, 2, 3, 4]);
    expect(Array.from(net.biases[0])).toEqual([1, 1]);
    expect(net.weights[1][0]).toBeCloseTo(1 - 0.1 * 1e6 * 3e-9, 15);
    expect(net.biases[1][0]).toBeCloseTo(1 - 0.1 * 1e6 * 1e-9, 15);
    expect(net.weights[2][0]).toBeCloseTo(2 - 0.05, 15);
  });
});
