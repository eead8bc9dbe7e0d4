/**
 * The tfjs trainer against the plain reference (src/lib/mlp.ts), and the cpu
 * and wasm backends against each other.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, type SelectedBackend } from "../../scripts/runs/backend.ts";
import { Trainer } from "../../src/lib/tf-trainer.ts";
import { backprop, biasGradientNorms } from "../../src/lib/mlp.ts";
import { cloneNetwork, initialNetwork } from "../../src/lib/network.ts";
import { mulberry32 } from "../../src/lib/rng.ts";

const sizes = [20, 8, 6, 10];
const rand = mulberry32(11);
const m = 12;
const x = Float32Array.from({ length: m * 20 }, () => rand());
const labels = Int32Array.from({ length: m }, (_, i) => (i * 7) % 10);
const images = Array.from({ length: m }, (_, i) => x.subarray(i * 20, (i + 1) * 20));

let backend: SelectedBackend;
beforeAll(async () => {
  backend = await selectBackend("cpu");
});

describe("Trainer", () => {
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
    it(`takes the SGD step W ← (1 − ηλ/n)W − (η/m)Σ∂C/∂W, b ← b − (η/m)Σ∂C/∂b (${cost})`, async () => {
      const { tf } = backend;
      const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 5);
      const eta = 0.5;
      const lambda = 3;
      const n = 100;
      const t = new Trainer(tf, net, { cost, eta, lambda, batchSize: m });
      t.step(tf.tensor2d(x, [m, 20]), tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), 10), "float32") as never, n);
      const after = await t.params();
      const expected = cloneNetwork(net);
      const grads = images.map((im, i) => backprop(net, im, labels[i], cost));
      expected.weights.forEach((w, l) =>
        w.forEach((v, i) => (w[i] = (1 - (eta * lambda) / n) * v - (eta / m) * grads.reduce((s, g) => s + g.weights[l][i], 0))),
      );
      expected.biases.forEach((b, l) => b.forEach((v, j) => (b[j] = v - (eta / m) * grads.reduce((s, g) => s + g.biases[l][j], 0))));
      after.weights.forEach((w, l) => w.forEach((v, i) => expect(v).toBeCloseTo(expected.weights[l][i], 5)));
      after.biases.forEach((b, l) => b.forEach((v, j) => expect(v).toBeCloseTo(expected.biases[l][j], 5)));
      t.dispose();
    });
  }

  it("never changes a frozen layer, and still trains the others", async () => {
    const { tf } = backend;
    const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 6);
    const t = new Trainer(tf, net, { cost: "cross-entropy", eta: 1, lambda: 5, batchSize: 4, frozenLayers: [1] });
    t.epoch(x, labels, Int32Array.from({ length: m }, (_, i) => i), 20);
    const after = await t.params();
    expect(after.weights[0]).toEqual(net.weights[0]);
    expect(after.biases[0]).toEqual(net.biases[0]);
    expect(after.weights[1]).not.toEqual(net.weights[1]);
    expect(after.weights[2]).not.toEqual(net.weights[2]);
    t.dispose();
  });

  it("gives the same initial gradient norms on the cpu and wasm backends (relative difference < 1e-5)", async () => {
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
    backend = await selectBackend("cpu");
  });
});
