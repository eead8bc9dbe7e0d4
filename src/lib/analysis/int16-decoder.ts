/**
 * A ridge decoder (src/lib/analysis/ridge.ts: (inputs + 1) × outputs weights, the last row the
 * intercept) stored as int16 with one float32 scale per output column, about half the
 * bytes of float32. DOM-free: the invisible-pixels data loader encodes, the page decodes.
 *
 * Layout at a decoder's byte offset, little-endian:
 *   outputs × float32   scale[c] = max over the input rows of |w[r][c]| / 32767
 *   outputs × float32   intercept[c] (see below)
 *   inputs × outputs × int16   q[r][c] = round(w[r][c] / scale[c]), row after row
 * Decoded weight: q[r][c] · scale[c], within scale[c] / 2 of w[r][c].
 *
 * The intercept row stays float32, and absorbs the rounding at the typical input: it is
 * b[c] + Σ_r mean[r] · (w[r][c] − q[r][c] · scale[c]), so a decoded output at the mean
 * input equals the exact one (to float32), and elsewhere differs by at most
 * Σ_r |x[r] − mean[r]| · scale[c] / 2. The random layer's decoder has large weights that
 * cancel each other (uint8 tripled its error); without this correction its pixels moved
 * about 4× further.
 */
import type { RidgeModel } from "./ridge.ts";

export const INT16_MAX = 32767;

/** Bytes of one decoder with this many inputs and outputs. */
export function int16DecoderBytes(inputs: number, outputs: number): number {
  return 8 * outputs + 2 * inputs * outputs;
}

/**
 * The decoder's bytes in the layout above. `mean` is the mean input (for example the
 * mean activations over the training digits), one value per input.
 */
export function encodeInt16Decoder(m: RidgeModel, mean: ArrayLike<number>): Uint8Array {
  const { inputs: k, outputs: d, weights: w } = m;
  if (w.length !== (k + 1) * d) throw new Error(`encodeInt16Decoder: ${w.length} weights for (${k} + 1) × ${d}`);
  if (mean.length !== k) throw new Error(`encodeInt16Decoder: ${mean.length} mean inputs for a decoder of ${k}`);
  const bytes = new Uint8Array(int16DecoderBytes(k, d));
  const view = new DataView(bytes.buffer);
  for (let c = 0; c < d; c++) {
    let largest = 0;
    for (let r = 0; r < k; r++) largest = Math.max(largest, Math.abs(w[r * d + c]));
    if (!Number.isFinite(largest)) throw new Error(`encodeInt16Decoder: column ${c} has a weight that is not a finite number`);
    const scale = Math.fround(largest / INT16_MAX);
    let intercept = w[k * d + c];
    for (let r = 0; r < k; r++) {
      const q = scale === 0 ? 0 : Math.max(-INT16_MAX, Math.min(INT16_MAX, Math.round(w[r * d + c] / scale)));
      intercept += mean[r] * (w[r * d + c] - q * scale);
      view.setInt16(8 * d + 2 * (r * d + c), q, true);
    }
    view.setFloat32(4 * c, scale, true);
    view.setFloat32(4 * (d + c), intercept, true);
  }
  return bytes;
}

/** The decoder stored at `offset` of `bytes` (`file` names the file in the error when it is too short). */
export function decodeInt16Decoder(bytes: Uint8Array, at: { name: string; inputs: number; outputs: number; lambda: number; offset: number }, file = "decoders.bin"): RidgeModel {
  const { inputs: k, outputs: d, offset } = at;
  const need = offset + int16DecoderBytes(k, d);
  if (need > bytes.length) throw new Error(`${file} is too short for the ${at.name} decoder: needs ${need} bytes, has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, need - offset);
  const weights = new Float64Array((k + 1) * d);
  for (let c = 0; c < d; c++) {
    const scale = view.getFloat32(4 * c, true);
    for (let r = 0; r < k; r++) weights[r * d + c] = view.getInt16(8 * d + 2 * (r * d + c), true) * scale;
    weights[k * d + c] = view.getFloat32(4 * (d + c), true);
  }
  return { inputs: k, outputs: d, lambda: at.lambda, weights };
}
