/**
 * An oracle for the invisible-pixels demo's views, written without src/: the shipped files read
 * by hand (tf.js model.json + uint8-quantised shard, the gzipped VGDIGIT1 sample, decoders.bin,
 * facts.json) and a plain sigmoid forward pass. Used by tests/unit/islands/pixels/honest.test.ts and
 * tests/browser/pixels.test.ts.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";

const PUBLIC = join(process.cwd(), "public");
const read = (p: string) => readFileSync(join(PUBLIC, p));

/** Layers of a Dense network: kernel [nIn][nOut] row-major, bias [nOut]. */
export interface RawLayer {
  nIn: number;
  nOut: number;
  kernel: Float64Array;
  bias: Float64Array;
}

interface Spec {
  name: string;
  shape: number[];
  quantization?: { dtype: string; min: number; scale: number };
}

/** A model folder under public/ (e.g. "runs/full-3-hidden/model-final"), weights dequantised by hand. */
export function rawModel(dir: string): RawLayer[] {
  const json = JSON.parse(read(`${dir}/model.json`).toString("utf8")) as { weightsManifest: { paths: string[]; weights: Spec[] }[] };
  const [group] = json.weightsManifest;
  const bin = read(`${dir}/${group.paths[0]}`);
  let at = 0;
  const arrays: Float64Array[] = [];
  for (const s of group.weights) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const out = new Float64Array(n);
    if (s.quantization?.dtype === "uint8") {
      for (let i = 0; i < n; i++) out[i] = bin[at + i] * s.quantization.scale + s.quantization.min;
      at += n;
    } else {
      const view = new DataView(bin.buffer, bin.byteOffset + at, 4 * n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
      at += 4 * n;
    }
    arrays.push(out);
  }
  const layers: RawLayer[] = [];
  for (let l = 0; l < arrays.length; l += 2) {
    const nOut = arrays[l + 1].length;
    layers.push({ nIn: arrays[l].length / nOut, nOut, kernel: arrays[l], bias: arrays[l + 1] });
  }
  return layers;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function rawLayer(layer: RawLayer, x: ArrayLike<number>): Float64Array {
  const a = new Float64Array(layer.nOut);
  for (let j = 0; j < layer.nOut; j++) {
    let z = layer.bias[j];
    for (let i = 0; i < layer.nIn; i++) z += x[i] * layer.kernel[i * layer.nOut + j];
    a[j] = sigmoid(z);
  }
  return a;
}

/** The network's 10 outputs and the index of the largest. */
export function rawAnswer(layers: RawLayer[], x: ArrayLike<number>): { digit: number; output: number } {
  let a: ArrayLike<number> = x;
  for (const l of layers) a = rawLayer(l, a);
  let best = 0;
  for (let j = 0; j < a.length; j++) if (a[j] > a[best]) best = j;
  return { digit: best, output: a[best] };
}

/** The shipped sample: labels and images in [0, 1]. */
export function rawSample(): { count: number; labels: Uint8Array; image: (k: number) => Float64Array } {
  const raw = gunzipSync(read("derived/invisible-pixels/sample-digits.bin"));
  const count = new DataView(raw.buffer, raw.byteOffset).getUint32(8, true);
  const labels = raw.subarray(24, 24 + count);
  return { count, labels, image: (k) => Float64Array.from(raw.subarray(24 + count + k * 784, 24 + count + (k + 1) * 784), (v) => v / 255) };
}

export const rawFacts = () => JSON.parse(read("derived/invisible-pixels/facts.json").toString("utf8")) as { alwaysZero: number[]; decoders: { name: string; inputs: number; outputs: number; offset: number }[] };

/**
 * A decoder from decoders.bin: `outputs` float32 scales, `outputs` float32 intercepts, then
 * inputs rows of `outputs` int16, each weight the int16 times its column's scale.
 */
export function rawDecode(name: "random" | "trained", a: ArrayLike<number>): Float64Array {
  const m = rawFacts().decoders.find((d) => d.name === name)!;
  const bin = read("derived/invisible-pixels/decoders.bin");
  const view = new DataView(bin.buffer, bin.byteOffset + m.offset);
  const out = new Float64Array(m.outputs);
  for (let c = 0; c < m.outputs; c++) {
    const scale = view.getFloat32(4 * c, true);
    let v = view.getFloat32(4 * (m.outputs + c), true);
    for (let k = 0; k < m.inputs; k++) v += a[k] * view.getInt16(8 * m.outputs + 2 * (k * m.outputs + c), true) * scale;
    out[c] = Math.min(1, Math.max(0, v));
  }
  return out;
}

/** Red by the weight rule: every outgoing weight (shrunk 100× for the unlucky pixels) below the threshold in size. */
export function rawRed(first: RawLayer, unlucky: ArrayLike<number>, threshold: number): Uint8Array {
  const shrunk = new Set(Array.from(unlucky));
  return Uint8Array.from({ length: first.nIn }, (_, i) => {
    let m = 0;
    for (let j = 0; j < first.nOut; j++) m = Math.max(m, Math.abs(first.kernel[i * first.nOut + j]) * (shrunk.has(i) ? 0.01 : 1));
    return m < threshold ? 1 : 0;
  });
}
