import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { decodeLayersModel, encodeLayersModel, quantize, dequantize } from "../../../../src/lib/nets/layers-model.ts";
import { initialNetwork } from "../../../../src/lib/nets/network.ts";
import { forward } from "../../../../src/lib/nets/mlp.ts";
import { mulberry32 } from "../../../../src/lib/rng.ts";

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
    // A usable step: positive and finite, so that (v - min) / scale is a number.
    expect(scale).toBeGreaterThan(0);
    expect(Number.isFinite(scale)).toBe(true);
  });
  it("spans [min, max] in 255 steps: min is code 0, max code 255, scale (max − min)/255 in float32", () => {
    // Worked by hand: values −2 … 3, so scale = 5/255; 1 is 3/5 of the way (code 153), 0 is 2/5 (code 102).
    const { q, min, scale } = quantize(new Float32Array([1, -2, 3, 0]));
    expect(min).toBe(-2);
    expect(scale).toBe(Math.fround(5 / 255));
    expect(Array.from(q)).toEqual([153, 0, 255, 102]);
    // Every code in range: the largest value is not clipped below 255, the smallest not above 0.
    const d = dequantize(q, min, scale);
    expect(d[2]).toBeCloseTo(3, 5);
    expect(d[1]).toBe(-2);
  });
  it("refuses an empty or non-finite tensor", () => {
    for (const bad of [[], [NaN, NaN], [Infinity]]) expect(() => quantize(new Float32Array(bad))).toThrow("cannot quantise an empty or non-finite tensor");
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
    // One byte short: the last tensor (the output bias, 10 values) is the one that does not fit.
    const n = weights.length;
    expect(() => decodeLayersModel(modelJson, weights.subarray(0, n - 1))).toThrow(`weights file too short for dense_3/bias: needs ${n} bytes, has ${n - 1}`);
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

  it("hold the topology and weight list tfjs-layers itself writes for the same network (names, units, input shape, kernel before bias)", async () => {
    await tf.setBackend("cpu");
    const sizes = [16, 5, 3, 2];
    const enc = encodeLayersModel(initialNetwork(sizes, { weights: "gaussian", biases: "gaussian" }, 4), "ref");
    // The reference: the same Sequential model built with tfjs-layers' own API, serialised by tfjs.
    const ref = tfl.sequential({ name: "ref" });
    for (let l = 1; l < sizes.length; l++) {
      ref.add(
        tfl.layers.dense({
          units: sizes[l],
          ...(l === 1 ? { inputShape: [sizes[0]] } : {}),
          activation: "sigmoid",
          useBias: true,
          name: `dense_${l}`,
          kernelInitializer: tfl.initializers.varianceScaling({ scale: 1, mode: "fanIn", distribution: "normal" }),
          biasInitializer: "zeros",
        }),
      );
    }
    const want = ref.toJSON(null, false) as unknown as { class_name: string; config: { name: string; layers: { config: Record<string, unknown> }[] }; keras_version: string; backend: string };
    const got = enc.modelJson.modelTopology as typeof want;
    expect(got.class_name).toBe(want.class_name);
    expect(got.config.name).toBe(want.config.name);
    expect(got.keras_version).toBe(want.keras_version);
    expect(got.backend).toBe(want.backend);
    expect(got.config.layers).toHaveLength(sizes.length - 1);
    got.config.layers.forEach((layer, i) => {
      // tfjs writes dtype on the first layer only; this file writes it on every layer (tfjs reads both).
      const { dtype, ...rest } = layer.config;
      const { dtype: _, ...wantRest } = want.config.layers[i].config;
      expect(rest, `layer ${i + 1}`).toEqual(wantRest);
      expect({ ...layer, config: rest }).toEqual({ ...want.config.layers[i], config: wantRest });
      expect(dtype).toBe("float32");
    });
    // The weights in tfjs's order: per layer its kernel [n_in, n_out], then its bias [n_out].
    const manifest = enc.modelJson.weightsManifest;
    expect(manifest).toHaveLength(1);
    expect(manifest[0].paths).toEqual(["group1-shard1of1.bin"]);
    expect(manifest[0].weights.map((w) => [w.name, w.shape])).toEqual(ref.weights.map((w) => [w.originalName, w.shape]));
    for (const w of manifest[0].weights) {
      expect(w.dtype).toBe("float32");
      expect(w.quantization.dtype).toBe("uint8");
    }
    expect(enc.modelJson.format).toBe("layers-model");
    expect(enc.modelJson.generatedBy).toBe("vanishing-gradients scripts/pretrain.ts");
    expect(enc.modelJson.convertedBy).toBeNull();
    ref.dispose();
  });

  it("load in tfjs with every kernel and bias where tfjs expects it (a built, uneven network)", async () => {
    await tf.setBackend("cpu");
    // Built inside the test, so that what it checks is attributed to it; layers of different
    // widths and a bias that is far from the kernel's values, so a swap shows.
    const sizes = [6, 4, 3];
    const net = initialNetwork(sizes, { weights: "gaussian", biases: "gaussian" }, 21);
    net.biases[0] = Float32Array.from([5, -5, 2, -2]);
    const enc = encodeLayersModel(net, "uneven-load");
    const model = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: enc.modelJson.modelTopology as object, weightSpecs: enc.modelJson.weightsManifest[0].weights, weightData: enc.weights.slice().buffer }),
    );
    const vals = model.getWeights().map((t) => Array.from(t.dataSync()));
    expect(model.getWeights().map((t) => t.shape)).toEqual([[6, 4], [4], [4, 3], [3]]);
    const close = (a: number[], b: Float32Array, step: number) => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(step / 2 + 1e-6));
    const steps = enc.modelJson.weightsManifest[0].weights.map((w) => w.quantization.scale);
    close(vals[0], net.weights[0], steps[0]);
    close(vals[1], net.biases[0], steps[1]);
    close(vals[2], net.weights[1], steps[2]);
    close(vals[3], net.biases[1], steps[3]);
    // And tfjs computes sigmoid layers with them: one input by hand.
    const x = [1, 0, 0, 0, 0, 0];
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    const h = Array.from({ length: 4 }, (_, j) => sig(vals[0][j] + vals[1][j]));
    const o = Array.from({ length: 3 }, (_, k) => sig(h.reduce((s, hj, j) => s + hj * vals[2][j * 3 + k], vals[3][k])));
    const got = Array.from((model.predict(tf.tensor2d(x, [1, 6])) as tf.Tensor).dataSync());
    got.forEach((v, k) => expect(v).toBeCloseTo(o[k], 5));
    model.dispose();
  });
});
