/**
 * The trainer's general path (batch normalisation, shortcuts, Adam, layerwise rates) where it
 * must agree with the plain SGD path: a network in which no layer qualifies for a shortcut,
 * trained through the general path, takes the plain path's steps.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, type SelectedBackend } from "../../../../scripts/runs/backend.ts";
import { Trainer } from "../../../../src/lib/training/tf-trainer.ts";
import { initialNetwork } from "../../../../src/lib/nets/network.ts";
import { mulberry32 } from "../../../../src/lib/rng.ts";

const sizes = [20, 8, 6, 10];
const rand = mulberry32(5);
const m = 12;
const x = Float32Array.from({ length: m * 20 }, () => rand());
const labels = Int32Array.from({ length: m }, (_, i) => (i * 3) % 10);
const order = Int32Array.from({ length: m }, (_, i) => i);

let b: SelectedBackend;
beforeAll(async () => {
  b = await selectBackend("cpu");
});

const maxRel = (a: Float32Array, c: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - c[i]) / Math.max(1e-3, Math.abs(c[i]))));

describe("general path", () => {
  it.each(["sigmoid", "tanh", "relu"] as const)("with shortcuts that never apply takes the plain SGD steps (%s)", async (activation) => {
    const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 3);
    const base = { cost: "cross-entropy" as const, eta: 0.5, lambda: 2, batchSize: 4, activation };
    const plain = new Trainer(b.tf, net, base);
    const general = new Trainer(b.tf, net, { ...base, residual: true });
    for (let e = 0; e < 3; e++) {
      plain.epoch(x, labels, order, 20);
      general.epoch(x, labels, order, 20);
    }
    const [p, g] = [await plain.params(), await general.params()];
    const moved = Math.max(...p.weights[0].map((v, i) => Math.abs(v - net.weights[0][i])));
    expect(moved).toBeGreaterThan(1e-3);
    p.weights.forEach((w, l) => expect(maxRel(g.weights[l], w)).toBeLessThan(1e-4));
    p.biases.forEach((w, l) => expect(maxRel(g.biases[l], w)).toBeLessThan(1e-4));
    const xt = b.tf.tensor2d(x, [m, 20]);
    const yt = b.tf.tensor1d(labels, "int32");
    const [nb, ng] = [await plain.biasGradientNorms(xt, yt), (await general.gradientNorms(xt, yt)).biases];
    nb.forEach((v, l) => expect(Math.abs(ng[l] - v) / v).toBeLessThan(1e-4));
    b.tf.dispose([xt, yt]);
    plain.dispose();
    general.dispose();
  });

  it("batch normalisation, shortcuts and Adam train without NaN and lower the cost", async () => {
    const net = initialNetwork([20, 8, 8, 8, 10], { weights: "scaled-gaussian", biases: "gaussian" }, 4);
    for (const extra of [{ batchNorm: true }, { residual: true }, { optimizer: "adam" as const }, { optimizer: "layerwise" as const }, { batchNorm: true, residual: true }]) {
      const t = new Trainer(b.tf, net, { cost: "cross-entropy", eta: extra.optimizer === "adam" ? 0.01 : 0.5, lambda: 0, batchSize: 4, ...extra });
      const xt = b.tf.tensor2d(x, [m, 20]);
      const yt = b.tf.tensor1d(labels, "int32");
      const before = (await t.evaluate(xt, yt, m)).cost;
      for (let e = 0; e < 20; e++) t.epoch(x, labels, order, 20);
      const after = (await t.evaluate(xt, yt, m)).cost;
      expect(Number.isFinite(after), JSON.stringify(extra)).toBe(true);
      expect(after, JSON.stringify(extra)).toBeLessThan(before);
      b.tf.dispose([xt, yt]);
      t.dispose();
    }
  });
});

describe("params()", () => {
  // The live trainer drops its run when a setting changes, possibly while a measurement reads the
  // parameters; reading the biases only after the weights had arrived hit disposed tensors there.
  it("returns the parameters as of the call when the trainer is disposed while the reads are in flight", async () => {
    const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 6);
    const t = new Trainer(b.tf, net, { cost: "cross-entropy", eta: 0.5, lambda: 0, batchSize: 4 });
    const pending = t.params();
    t.dispose();
    const p = await pending;
    expect(p.sizes).toEqual(sizes);
    p.weights.forEach((w, l) => expect(Array.from(w)).toEqual(Array.from(net.weights[l])));
    p.biases.forEach((v, l) => expect(Array.from(v)).toEqual(Array.from(net.biases[l])));
  });
});
