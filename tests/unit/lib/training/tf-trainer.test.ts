/**
 * The tfjs trainer against the plain float64 reference (src/lib/nets/mlp.ts), on both
 * backends the project trains with: cpu (the cross-check) and wasm (what the
 * shipped runs are trained on). And the two backends against each other.
 *
 * Tolerances. The trainer computes in float32 (relative rounding 6e-8 per
 * operation), the reference in float64. The networks here are small (at most 20
 * inputs per sum, 12 examples per batch), weights and biases are below 4 in size,
 * so a step, an epoch of 3 steps or a cost is off the reference by a few float32
 * ulps of a number of order 1: far below 1e-5. Every test also checks that what it
 * compares moved by much more than the tolerance (an update of ~1e-2 or a cost
 * term of ~1e-1), so a wrong sign, a wrong factor or a skipped layer cannot hide in it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend, type SelectedBackend } from "../../../../scripts/runs/backend.ts";
import { Trainer } from "../../../../src/lib/training/tf-trainer.ts";
import { backprop, biasGradientNorms, exampleCost, forward, type CostKind } from "../../../../src/lib/nets/mlp.ts";
import { initialNetwork, type NetworkParams } from "../../../../src/lib/nets/network.ts";
import { mulberry32 } from "../../../../src/lib/rng.ts";

const sizes = [20, 8, 6, 10];
const rand = mulberry32(11);
const m = 12;
const x = Float32Array.from({ length: m * 20 }, () => rand());
const labels = Int32Array.from({ length: m }, (_, i) => (i * 7) % 10);
const images = Array.from({ length: m }, (_, i) => x.subarray(i * 20, (i + 1) * 20));

const TOL = 1e-5;

/** A float64 copy: the reference keeps its own rounding out of the comparison. */
function to64(n: NetworkParams): NetworkParams {
  return { sizes: [...n.sizes], weights: n.weights.map((w) => Float64Array.from(w)), biases: n.biases.map((b) => Float64Array.from(b)) } as unknown as NetworkParams;
}

/**
 * Nielsen's update on a mini-batch, in float64, for the layers that are not frozen:
 * W ← (1 − ηλ/n)W − (η/m)Σ∂C/∂W, b ← b − (η/m)Σ∂C/∂b.
 */
function referenceStep(net: NetworkParams, batch: number[], o: { cost: CostKind; eta: number; lambda: number; n: number; frozen?: number[] }) {
  const grads = batch.map((k) => backprop(net, images[k], labels[k], o.cost));
  const k = o.eta / batch.length;
  const decay = 1 - (o.eta * o.lambda) / o.n;
  net.weights.forEach((w, l) => {
    if (o.frozen?.includes(l + 1)) return;
    w.forEach((v, i) => (w[i] = decay * v - k * grads.reduce((s, g) => s + g.weights[l][i], 0)));
  });
  net.biases.forEach((b, l) => {
    if (o.frozen?.includes(l + 1)) return;
    b.forEach((v, j) => (b[j] = v - k * grads.reduce((s, g) => s + g.biases[l][j], 0)));
  });
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

/** Every weight and bias of `got` within TOL of `want`, layer by layer. */
function expectParams(got: NetworkParams, want: NetworkParams) {
  got.weights.forEach((w, l) => expect(maxDiff(w, want.weights[l]), `weights of layer ${l + 1}`).toBeLessThan(TOL));
  got.biases.forEach((b, l) => expect(maxDiff(b, want.biases[l]), `biases of layer ${l + 1}`).toBeLessThan(TOL));
}

/** The average cost with the L2 term (λ/2n)Σw² over the weights (not the biases), and the accuracy, in float64. */
function referenceEvaluation(net: NetworkParams, cost: CostKind, lambda: number, n: number) {
  let c = 0;
  let correct = 0;
  images.forEach((im, i) => {
    const a = forward(net, im).activations.at(-1)!;
    c += exampleCost(cost, a, labels[i]);
    if (a.indexOf(Math.max(...a)) === labels[i]) correct++;
  });
  const sq = net.weights.reduce((s, w) => s + w.reduce((t, v) => t + v * v, 0), 0);
  return { accuracy: correct / m, cost: c / m + (lambda / (2 * n)) * sq, l2: (lambda / (2 * n)) * sq };
}

for (const name of ["cpu", "wasm"] as const) {
  describe(`Trainer on the ${name} backend`, () => {
    let backend: SelectedBackend;
    beforeAll(async () => {
      backend = await selectBackend(name);
      expect(backend.tf.getBackend()).toBe(name);
    });
    const batchTensors = () => {
      const { tf } = backend;
      return [tf.tensor2d(x, [m, 20]), tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), 10), "float32") as never] as const;
    };

    it("measures the same per-layer ‖∂C/∂b‖ as the reference backprop (float32 tolerance 1e-5 relative)", async () => {
      const { tf } = backend;
      const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 4);
      const t = new Trainer(tf, net, { cost: "cross-entropy", eta: 0.1, lambda: 0, batchSize: m });
      const got = await t.biasGradientNorms(tf.tensor2d(x, [m, 20]), tf.tensor1d(labels, "int32"));
      const want = biasGradientNorms(net, images, labels, "cross-entropy");
      got.forEach((g, l) => expect(Math.abs(g - want[l]) / want[l]).toBeLessThan(1e-5));
      t.dispose();
    });

    for (const cost of ["cross-entropy", "quadratic"] as const) {
      for (const lambda of [0, 3]) {
        it(`takes the SGD step W ← (1 − ηλ/n)W − (η/m)Σ∂C/∂W, b ← b − (η/m)Σ∂C/∂b (${cost}, λ = ${lambda})`, async () => {
          const { tf } = backend;
          const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 5);
          const o = { cost, eta: 0.5, lambda, n: 100 };
          const t = new Trainer(tf, net, { cost, eta: o.eta, lambda, batchSize: m });
          t.step(...batchTensors(), o.n);
          const want = to64(net);
          referenceStep(want, [...Array(m).keys()], o);
          const got = await t.params();
          expectParams(got, want);
          // The step is large next to the tolerance in every layer.
          got.biases.forEach((b, l) => expect(maxDiff(b, net.biases[l]), `layer ${l + 1} moved`).toBeGreaterThan(100 * TOL));
          t.dispose();
        });
      }
    }

    it("trains an epoch as one step per mini-batch, in the given order", async () => {
      const { tf } = backend;
      const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 8);
      const o = { cost: "cross-entropy" as const, eta: 1, lambda: 0 };
      const t = new Trainer(tf, net, { ...o, batchSize: 4 });
      const order = [5, 0, 11, 3, 9, 1, 7, 2, 10, 4, 8, 6];
      t.epoch(x, labels, Int32Array.from(order), 20);
      const want = to64(net);
      for (let s = 0; s < m; s += 4) referenceStep(want, order.slice(s, s + 4), { ...o, n: m });
      expectParams(await t.params(), want);
      t.dispose();
    });

    for (const frozen of [[1], [2], [3], [1, 3]]) {
      it(`keeps frozen layer(s) ${frozen.join(", ")} bit-identical and trains the others as the reference does`, async () => {
        const { tf } = backend;
        const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 6);
        const o = { cost: "cross-entropy" as const, eta: 1, lambda: 5, frozen };
        const t = new Trainer(tf, net, { cost: o.cost, eta: o.eta, lambda: o.lambda, batchSize: 4, frozenLayers: frozen });
        const order = [...Array(m).keys()];
        t.epoch(x, labels, Int32Array.from(order), 20);
        const after = await t.params();
        const want = to64(net);
        for (let s = 0; s < m; s += 4) referenceStep(want, order.slice(s, s + 4), { ...o, n: m });
        for (let l = 1; l <= 3; l++) {
          if (frozen.includes(l)) {
            expect(after.weights[l - 1], `weights of frozen layer ${l}`).toEqual(net.weights[l - 1]);
            expect(after.biases[l - 1], `biases of frozen layer ${l}`).toEqual(net.biases[l - 1]);
          } else {
            expect(maxDiff(after.weights[l - 1], net.weights[l - 1]), `layer ${l} learns`).toBeGreaterThan(100 * TOL);
          }
        }
        expectParams(after, want);
        t.dispose();
      });
    }

    for (const cost of ["cross-entropy", "quadratic"] as const) {
      it(`evaluates accuracy and the cost with Nielsen's L2 term (λ/2n)Σw² as the reference does (${cost})`, async () => {
        const { tf } = backend;
        const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 9);
        for (const lambda of [0, 5]) {
          const t = new Trainer(tf, net, { cost, eta: 0.1, lambda, batchSize: m });
          const got = await t.evaluate(tf.tensor2d(x, [m, 20]), tf.tensor1d(labels, "int32"), 100);
          const want = referenceEvaluation(net, cost, lambda, 100);
          if (lambda > 0) expect(want.l2).toBeGreaterThan(0.1);
          expect(Math.abs(got.cost - want.cost) / want.cost, `cost with λ = ${lambda}`).toBeLessThan(TOL);
          expect(got.accuracy).toBe(want.accuracy);
          t.dispose();
        }
      });
    }

    it("leaves no tensor behind: step, epoch, norms and evaluate free what they make, dispose frees the rest", async () => {
      const { tf } = backend;
      const before = tf.memory().numTensors;
      const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 12);
      const t = new Trainer(tf, net, { cost: "cross-entropy", eta: 0.1, lambda: 1, batchSize: 4 });
      expect((await t.params()).sizes).toEqual(sizes);
      const [xb, yb] = batchTensors();
      const xs = tf.tensor2d(x, [m, 20]);
      const ls = tf.tensor1d(labels, "int32");
      const held = tf.memory().numTensors;
      t.step(xb, yb, 100);
      t.epoch(x, labels, Int32Array.from([...Array(m).keys()]), 20);
      await t.biasGradientNorms(xs, ls);
      await t.evaluate(xs, ls, 100);
      expect(tf.memory().numTensors).toBe(held);
      t.dispose();
      // The three weight and three bias variables are freed. (The constructor's initial tensors,
      // which the variables were made from, stay: the code the shipped runs were trained with.)
      expect(tf.memory().numTensors).toBe(held - 6);
    });

    it("keeps the cross-entropy finite when an output saturates to exactly 0 or 1 in float32", async () => {
      const { tf } = backend;
      // Huge weights drive every output to 0 or 1 exactly; half of them are wrong.
      const w = new Float32Array(20 * 10).map((_, i) => (i % 2 ? 200 : -200));
      const net: NetworkParams = { sizes: [20, 10], weights: [w], biases: [new Float32Array(10)] };
      const t = new Trainer(tf, net, { cost: "cross-entropy", eta: 0.1, lambda: 0, batchSize: m });
      const got = await t.evaluate(tf.tensor2d(x, [m, 20]), tf.tensor1d(labels, "int32"), 100);
      expect(Number.isFinite(got.cost)).toBe(true);
      // Clipped at 10⁻⁷ each wrong unit costs about −ln 10⁻⁷ ≈ 16.
      expect(got.cost).toBeGreaterThan(16);
      t.dispose();
    });

    it("scores a network that classifies every example correctly at accuracy 1", async () => {
      const { tf } = backend;
      // One layer whose weights copy the label into the output: input i ≡ label i.
      const eye = new Float32Array(10 * 10);
      for (let i = 0; i < 10; i++) eye[i * 10 + i] = 20;
      const net: NetworkParams = { sizes: [10, 10], weights: [eye], biases: [new Float32Array(10).fill(-10)] };
      const lab = Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6]);
      const xs = new Float32Array(lab.length * 10);
      lab.forEach((l, i) => (xs[i * 10 + l] = 1));
      const t = new Trainer(tf, net, { cost: "cross-entropy", eta: 0.1, lambda: 0, batchSize: 1 });
      const got = await t.evaluate(tf.tensor2d(xs, [lab.length, 10]), tf.tensor1d(lab, "int32"), 8);
      expect(got.accuracy).toBe(1);
      t.dispose();
    });
  });
}

describe("the cpu and wasm backends", () => {
  afterAll(async () => {
    await selectBackend("cpu");
  });
  it("give the same initial gradient norms (relative difference < 1e-5)", async () => {
    const net = initialNetwork([784, 30, 30, 30, 10], { weights: "scaled-gaussian", biases: "gaussian" }, 1);
    const r = mulberry32(2);
    const big = Float32Array.from({ length: 200 * 784 }, () => (r() < 0.8 ? 0 : r()));
    const lab = Int32Array.from({ length: 200 }, () => Math.floor(r() * 10));
    const norms: number[][] = [];
    for (const name of ["cpu", "wasm"] as const) {
      const { tf } = await selectBackend(name);
      const t = new Trainer(tf, net, { cost: "cross-entropy", eta: 0.1, lambda: 5, batchSize: 10 });
      norms.push(await t.biasGradientNorms(tf.tensor2d(big, [200, 784]), tf.tensor1d(lab, "int32")));
      t.dispose();
    }
    norms[0].forEach((v, l) => expect(Math.abs(v - norms[1][l]) / v).toBeLessThan(1e-5));
  });
});
