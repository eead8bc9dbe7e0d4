/**
 * Writes a network as a tfjs LayersModel (model.json + one weights file), with
 * every tensor quantised to uint8 (value = q·scale + min) as tfjs-converter does,
 * so that tf.loadLayersModel reads it and the shipped weights stay small. Also
 * reads such files back into plain arrays. DOM-free, no tfjs needed.
 */
import type { NetworkParams } from "./network.ts";

export const WEIGHTS_FILE = "group1-shard1of1.bin";

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: "float32";
  quantization: { dtype: "uint8"; min: number; scale: number };
}

export interface ModelJson {
  format: "layers-model";
  generatedBy: string;
  convertedBy: null;
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

function denseLayer(l: number, units: number, inputs: number | null) {
  return {
    class_name: "Dense",
    config: {
      units,
      activation: "sigmoid",
      use_bias: true,
      kernel_initializer: { class_name: "VarianceScaling", config: { scale: 1, mode: "fan_in", distribution: "normal", seed: null } },
      bias_initializer: { class_name: "Zeros", config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      name: `dense_${l}`,
      trainable: true,
      ...(inputs === null ? {} : { batch_input_shape: [null, inputs] }),
      dtype: "float32",
    },
  };
}

/** uint8 affine quantisation of one tensor. */
export function quantize(values: Float32Array): { q: Uint8Array; min: number; scale: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) throw new Error("cannot quantise an empty or non-finite tensor");
  // Stored as float32 in JSON-compatible form so that the decoder's arithmetic matches.
  min = Math.fround(min);
  const scale = max > min ? Math.fround((max - min) / 255) : 1;
  const q = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) q[i] = Math.max(0, Math.min(255, Math.round((values[i] - min) / scale)));
  return { q, min, scale };
}

export function dequantize(q: Uint8Array, min: number, scale: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = q[i] * scale + min;
  return out;
}

export function encodeLayersModel(net: NetworkParams, name: string): { modelJson: ModelJson; weights: Uint8Array } {
  const layers = net.weights.map((_, l) => denseLayer(l + 1, net.sizes[l + 1], l === 0 ? net.sizes[0] : null));
  const specs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  net.weights.forEach((w, l) => {
    for (const [suffix, values, shape] of [
      ["kernel", w, [net.sizes[l], net.sizes[l + 1]]],
      ["bias", net.biases[l], [net.sizes[l + 1]]],
    ] as const) {
      const { q, min, scale } = quantize(values);
      specs.push({ name: `dense_${l + 1}/${suffix}`, shape: [...shape], dtype: "float32", quantization: { dtype: "uint8", min, scale } });
      chunks.push(q);
    }
  });
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const weights = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    weights.set(c, at);
    at += c.length;
  }
  return {
    modelJson: {
      format: "layers-model",
      generatedBy: "vanishing-gradients scripts/pretrain.ts",
      convertedBy: null,
      modelTopology: {
        class_name: "Sequential",
        config: { name: name, layers },
        keras_version: "tfjs-layers 4.22.0",
        backend: "tensor_flow.js",
      },
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
    },
    weights,
  };
}

/** Reads model.json + weights back into plain arrays (dequantised), checking shapes. */
export function decodeLayersModel(modelJson: ModelJson, weights: Uint8Array): NetworkParams {
  const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const arrays: Float32Array[] = [];
  let at = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (at + n > weights.length) throw new Error(`weights file too short for ${s.name}: needs ${at + n} bytes, has ${weights.length}`);
    arrays.push(dequantize(weights.subarray(at, at + n), s.quantization.min, s.quantization.scale));
    at += n;
  }
  if (at !== weights.length) throw new Error(`weights file has ${weights.length - at} unexpected trailing bytes`);
  const kernels = specs.filter((s) => s.name.endsWith("/kernel"));
  const sizes = [kernels[0].shape[0], ...kernels.map((k) => k.shape[1])];
  return {
    sizes,
    weights: arrays.filter((_, i) => i % 2 === 0),
    biases: arrays.filter((_, i) => i % 2 === 1),
  };
}
