/**
 * Reproduces the table in Nielsen's chapter 5: the per-hidden-layer norm of
 * ∂C/∂b at initialisation, C averaged over 1,000 MNIST training images, for
 * networks with two, three and four hidden layers of 30 sigmoid neurons.
 *
 * Tolerance, and why: each published number is one network, i.e. one random
 * initialisation. Over seeds the same measurement spreads widely — its standard
 * deviation is 20–37% of its mean here — so a single published draw can sit
 * well away from the mean. We average SEEDS initialisations and require, for
 * every layer, both
 *   |mean − published| ≤ 30% of published, and
 *   |mean − published| ≤ 2 standard deviations of the per-seed values,
 * and that each layer learns 3–7× more slowly than the one above it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../scripts/runs/backend.ts";
import { loadShippedDigits } from "../../scripts/mnist-source.ts";
import { split, toFloat32 } from "../../src/lib/mnist/digits.ts";
import { initialNetwork } from "../../src/lib/nets/network.ts";
import { Trainer } from "../../src/lib/training/tf-trainer.ts";

const SEEDS = 20;
const PUBLISHED: Record<number, number[]> = {
  2: [0.07, 0.31],
  3: [0.012, 0.06, 0.283],
  4: [0.003, 0.017, 0.07, 0.285],
};

let measure: (hidden: number) => Promise<number[][]>;

beforeAll(async () => {
  const { tf } = await selectBackend("wasm");
  const digits = await loadShippedDigits();
  const train = split(digits, "train");
  const x = tf.tensor2d(toFloat32(train.pixels.subarray(0, 1000 * 784)), [1000, 784]);
  const y = tf.tensor1d(Int32Array.from(train.labels.subarray(0, 1000)), "int32");
  measure = async (hidden) => {
    const rows: number[][] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const net = initialNetwork([784, ...Array(hidden).fill(30), 10], { weights: "scaled-gaussian", biases: "gaussian" }, seed);
      const t = new Trainer(tf, net, { cost: "cross-entropy", eta: 0.1, lambda: 5, batchSize: 10 });
      rows.push((await t.biasGradientNorms(x, y)).slice(0, hidden));
      t.dispose();
    }
    return rows;
  };
});

describe("Nielsen ch. 5: initial ‖∂C/∂b‖ per hidden layer, averaged over 1,000 images", () => {
  it.each([2, 3, 4])("%i hidden layers of 30 match the published table", async (hidden) => {
    const rows = await measure(hidden);
    const published = PUBLISHED[hidden];
    published.forEach((p, l) => {
      const values = rows.map((r) => r[l]);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
      expect(Math.abs(mean - p), `layer ${l + 1}: mean ${mean.toFixed(4)} vs ${p}`).toBeLessThanOrEqual(0.3 * p);
      expect(Math.abs(mean - p), `layer ${l + 1}: mean ${mean.toFixed(4)} ± ${sd.toFixed(4)} vs ${p}`).toBeLessThanOrEqual(2 * sd);
      if (l > 0) {
        const prevMean = rows.reduce((a, r) => a + r[l - 1], 0) / rows.length;
        expect(mean / prevMean).toBeGreaterThan(3);
        expect(mean / prevMean).toBeLessThan(7);
      }
    });
  });
});
