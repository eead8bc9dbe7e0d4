import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { decodeLayersModel, encodeLayersModel, quantize, dequantize } from "../../src/lib/layers-model.ts";
import { initialNetwork } from "../../src/lib/network.ts";
import { forward } from "../../src/lib/mlp.ts";
import { mulberry32 } from "../../src/lib/rng.ts";

describe("uint8 quantisation", () => {
  it("reconstructs every value within half a step and keeps min and max", () => {
    const r = mulberry32(5);
    const v = Float32Array.from({ length: 1000 }, () => r() * 4 - 2);
    const { q, min, scale } = quantize(v);
    const back = dequantize(q, min, scale);
    v.forEach((x, i) => expect(Math.abs(back[i] - x)).toBeLessThanOrEqual(scale / 2 + 1e-6));
    expect(back[v.indexOf(Math.min(...v))]).toBeCloseTo(Math.min(...v), 6);
  });
  it("handles a constant tensor", () => {
    const { q, min, scale } = quantize(new Float32Array([0.5, 0.5]));
    expect(Array.from(dequantize(q, min, scale))).toEqual([0.5, 0.5]);
  });
});

describe("LayersModel files", () => {
  const net = initialNetwork([784, 30, 30, 10], { weights: "scaled-gaussian", biases: "gaussian" }, 3);
  const { modelJson, weights } = encodeLayersModel(net, "test-model");

  it("are about one byte per parameter", () => {
    expect(weights.length).toBe(784 * 30 + 30 + 30 * 30 + 30 + 30 * 10 + 10);
  });

  it("load with tf.loadLayersModel and predict what the decoded weights predict", async () => {
    await tf.setBackend("cpu");
    const model = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology as object,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: weights.slice().buffer,
      }),
    );
    const decoded = decodeLayersModel(modelJson, weights);
    const r = mulberry32(9);
    const x = Float32Array.from({ length: 784 * 3 }, () => r());
    const out = model.predict(tf.tensor2d(x, [3, 784])) as tf.Tensor;
    const got = await out.data();
    for (let i = 0; i < 3; i++) {
      const want = forward(decoded, x.subarray(i * 784, (i + 1) * 784)).activations.at(-1)!;
      want.forEach((v, j) => expect(got[i * 10 + j]).toBeCloseTo(v, 5));
    }
    // And the decoded weights are the originals up to quantisation.
    decoded.weights[0].forEach((v, i) => expect(Math.abs(v - net.weights[0][i])).toBeLessThan(0.01));
  });

  it("refuse a truncated weights file with the tensor named", () => {
    expect(() => decodeLayersModel(modelJson, weights.subarray(0, 100))).toThrow("weights file too short for dense_1/kernel");
  });

  it("refuse trailing bytes, saying how many", () => {
    const longer = new Uint8Array(weights.length + 3);
    longer.set(weights);
    expect(() => decodeLayersModel(modelJson, longer)).toThrow("weights file has 3 unexpected trailing bytes");
  });

  it("give back every kernel and bias in its own place and shape, within one quantisation step", () => {
    // Layers of different widths, so that a kernel put where a bias belongs (or one layer's
    // arrays put in another's place) changes a length; values differ per tensor too.
    const uneven = initialNetwork([16, 5, 3, 2], { weights: "gaussian", biases: "gaussian" }, 11);
    const enc = encodeLayersModel(uneven, "uneven");
    const back = decodeLayersModel(enc.modelJson, enc.weights);
    expect(back.sizes).toEqual([16, 5, 3, 2]);
    expect(back.weights.map((w) => w.length)).toEqual([80, 15, 6]);
    expect(back.biases.map((b) => b.length)).toEqual([5, 3, 2]);
    const specs = enc.modelJson.weightsManifest[0].weights;
    const check = (orig: Float32Array, got: Float32Array, name: string) => {
      const spec = specs.find((s) => s.name === name)!;
      orig.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(spec.quantization.scale / 2 + 1e-6));
    };
    uneven.weights.forEach((w, l) => check(w, back.weights[l], `dense_${l + 1}/kernel`));
    uneven.biases.forEach((b, l) => check(b, back.biases[l], `dense_${l + 1}/bias`));
  });
});

