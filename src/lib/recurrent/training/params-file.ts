/**
 * The on-disk format of a recurrent run's parameters (public/runs/<id>/model-initial/ and
 * model-final/ of a `"kind": "recurrent"` experiment). Two files per snapshot:
 *
 *   params.json  {"format": "vg-recurrent-params/1", "cell", "H", "D", "K", "dtype": "float32",
 *                 "byteOrder": "little-endian", "tensors": [{"name": "W", "shape": [G·H, H]},
 *                 {"name": "U", "shape": [G·H, D]}, {"name": "b", "shape": [G·H]},
 *                 {"name": "V", "shape": [K, H]}, {"name": "c", "shape": [K]}]}
 *   params.bin   the tensors' entries, in that order, each row-major in the layout of
 *                src/lib/recurrent/shared.ts, as float32 little-endian, nothing between them.
 *
 * The trainer's parameters are float32, so this is exact (no quantisation): decoding gives back
 * the trained values bit for bit. G is 1 (tanh RNN), 4 (LSTM: i, f, g, o), 3 (GRU: z, r, n).
 * DOM-free; no tfjs.
 */
import { GATES, PARAM_NAMES, type Cell, type RecurrentParams } from "../shared.ts";

export const PARAMS_JSON = "params.json";
export const PARAMS_BIN = "params.bin";
export const PARAMS_FORMAT = "vg-recurrent-params/1";

export interface ParamsHeader {
  format: typeof PARAMS_FORMAT;
  cell: Cell;
  H: number;
  D: number;
  K: number;
  dtype: "float32";
  byteOrder: "little-endian";
  tensors: { name: string; shape: number[] }[];
}

const FILE = "src/lib/recurrent/training/params-file.ts";

const shapesOf = (cell: Cell, H: number, D: number, K: number): Record<string, number[]> => {
  const G = GATES[cell];
  return { W: [G * H, H], U: [G * H, D], b: [G * H], V: [K, H], c: [K] };
};

/** The header and the bytes of `p`. */
export function encodeRecurrentParams(p: RecurrentParams): { header: ParamsHeader; bin: Uint8Array } {
  const shapes = shapesOf(p.cell, p.H, p.D, p.K);
  const total = PARAM_NAMES.reduce((s, n) => s + p[n].length, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const n of PARAM_NAMES) {
    const want = shapes[n].reduce((a, b) => a * b, 1);
    if (p[n].length !== want) throw new RangeError(`${FILE}: params.${n} has ${p[n].length} entries, expected ${want}`);
    out.set(p[n], at);
    at += want;
  }
  const bin = new Uint8Array(total * 4);
  const view = new DataView(bin.buffer);
  for (let i = 0; i < total; i++) view.setFloat32(i * 4, out[i], true);
  return {
    header: { format: PARAMS_FORMAT, cell: p.cell, H: p.H, D: p.D, K: p.K, dtype: "float32", byteOrder: "little-endian", tensors: PARAM_NAMES.map((name) => ({ name, shape: shapes[name] })) },
    bin,
  };
}

/** Parameters back from a header and its bytes (float64 copies of the float32 values); `where` names the folder in errors. */
export function decodeRecurrentParams(header: ParamsHeader, bin: Uint8Array, where: string): RecurrentParams {
  if (header.format !== PARAMS_FORMAT) throw new Error(`${where}/${PARAMS_JSON}: format ${JSON.stringify(header.format)} is not ${PARAMS_FORMAT}`);
  if (!(header.cell in GATES)) throw new Error(`${where}/${PARAMS_JSON}: cell ${JSON.stringify(header.cell)} is not rnn, lstm or gru`);
  const shapes = shapesOf(header.cell, header.H, header.D, header.K);
  const total = PARAM_NAMES.reduce((s, n) => s + shapes[n].reduce((a, b) => a * b, 1), 0);
  if (bin.length !== total * 4) throw new Error(`${where}/${PARAMS_BIN} has ${bin.length} bytes, expected ${total * 4} for ${header.cell} H ${header.H} D ${header.D} K ${header.K}`);
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  let at = 0;
  const take = (n: number) => {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = view.getFloat32((at + i) * 4, true);
    at += n;
    return a;
  };
  const [W, U, b, V, c] = PARAM_NAMES.map((n) => take(shapes[n].reduce((x, y) => x * y, 1)));
  return { cell: header.cell, H: header.H, D: header.D, K: header.K, W, U, b, V, c };
}
