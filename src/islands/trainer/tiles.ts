/**
 * The live trainer's first-layer weights as an image (DOM-free): one tile per hidden unit showing
 * its 784 incoming weights as a 28×28 picture, in a diverging colour (negative blue, 0 white,
 * positive red), as RGBA pixels for an ImageData / canvas.
 */
export interface TileGrid {
  /** A tile is side × side pixels (28 for MNIST). */
  side: number;
  cols: number;
  rows: number;
  /** Pixels between tiles (none around the outside). */
  gap: number;
  width: number;
  height: number;
}

/** nOut tiles of √nIn × √nIn pixels in ⌈√nOut⌉ columns, 1 pixel apart. */
export function tileGrid(nIn: number, nOut: number): TileGrid {
  const side = Math.round(Math.sqrt(nIn));
  if (side * side !== nIn || side === 0) throw new Error(`tileGrid: ${nIn} inputs are not a square image`);
  if (!Number.isInteger(nOut) || nOut < 1) throw new Error(`tileGrid: ${nOut} units; need at least one`);
  const cols = Math.ceil(Math.sqrt(nOut));
  const rows = Math.ceil(nOut / cols);
  const gap = 1;
  return { side, cols, rows, gap, width: cols * side + (cols - 1) * gap, height: rows * side + (rows - 1) * gap };
}

/** Top-left pixel of unit j's tile: row by row, left to right. */
export function tileOrigin(g: TileGrid, j: number): [number, number] {
  return [(j % g.cols) * (g.side + g.gap), Math.floor(j / g.cols) * (g.side + g.gap)];
}

/** Diverging colours: negative weights toward the theme's blue, positive toward its red, 0 white. */
export const NEGATIVE_RGB = [31, 95, 191] as const;
export const POSITIVE_RGB = [180, 54, 31] as const;

/** The colour of weight w (|w| ≥ scale saturates; NaN is white). */
export function weightColour(w: number, scale: number): [number, number, number] {
  const t = Number.isNaN(w) ? 0 : Math.max(-1, Math.min(1, w / scale));
  const end = t < 0 ? NEGATIVE_RGB : POSITIVE_RGB;
  const a = Math.abs(t);
  return [0, 1, 2].map((k) => Math.round(255 + a * (end[k] - 255))) as [number, number, number];
}

/**
 * The first layer's weights as an RGBA image (tileGrid's width × height): weights are row-major
 * [nIn, nOut], weights[i·nOut + j] from pixel i to hidden unit j; unit j's tile shows its nIn
 * weights as an image. Gaps and unused tiles are transparent.
 */
export function tilesToRgba(weights: Float32Array, nIn: number, nOut: number, scale: number): Uint8ClampedArray {
  if (weights.length !== nIn * nOut) throw new Error(`tilesToRgba: ${weights.length} weights, expected ${nIn} × ${nOut} = ${nIn * nOut}`);
  if (!(scale > 0)) throw new Error(`tilesToRgba: scale must be positive, got ${scale}`);
  const g = tileGrid(nIn, nOut);
  const out = new Uint8ClampedArray(g.width * g.height * 4);
  for (let j = 0; j < nOut; j++) {
    const [x0, y0] = tileOrigin(g, j);
    for (let i = 0; i < nIn; i++) {
      const [r, gr, b] = weightColour(weights[i * nOut + j], scale);
      const o = ((y0 + Math.floor(i / g.side)) * g.width + x0 + (i % g.side)) * 4;
      out[o] = r;
      out[o + 1] = gr;
      out[o + 2] = b;
      out[o + 3] = 255;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The change view: W − W₀ on its own colour scale.

function checkPair(fn: string, w0: Float32Array, w: Float32Array): void {
  if (w.length !== w0.length) throw new Error(`${fn}: ${w.length} current weights but ${w0.length} initial ones; pass W and W₀ of the same layer`);
}

/**
 * The colour scale for W − W₀: 2.5 × the RMS of the change over all the layer's weights, 0 when
 * nothing moved (epoch 0, a frozen layer). On the scale of W itself a 5% move of random-noise
 * weights is a 5% shift of colour, invisible; on the change's own scale a typical change (±1 RMS)
 * is 40% of the way to full blue or red, and only the largest few (for a roughly Gaussian change,
 * about 1% beyond 2.5 RMS) saturate, so the pattern of what moved shows whatever the size of the
 * move. The RMS (not a percentile) because it is one pass over the weights, is 0 exactly when
 * nothing moved, and counts the weights that never move (MNIST's always-blank border pixels) as
 * the zeros they are. NaN changes are left out of it (a NaN weight draws white).
 */
export function changeScale(w0: Float32Array, w: Float32Array): number {
  checkPair("changeScale", w0, w);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < w.length; i++) {
    const d = w[i] - w0[i];
    if (Number.isNaN(d)) continue;
    sum += d * d;
    n++;
  }
  return n ? 2.5 * Math.sqrt(sum / n) : 0;
}

/** The smallest saturation of the change tiles, as a share of the initial weights' root mean square (an eighth). */
export const CHANGE_FLOOR = 0.125;

/**
 * The change tiles' colour scale: changeScale, but never below CHANGE_FLOOR × rms(W₀), so that a layer
 * that barely moves (a stalled first layer moves a ten-thousandth of its weights' size in an epoch)
 * stays nearly white instead of being stretched to full colour, while a layer that learns (a typical
 * change of 5% of its weights' size or more) keeps its own scale; `floored` says which. 0 when nothing moved.
 */
export function tileChangeScale(w0: Float32Array, w: Float32Array): { scale: number; floored: boolean } {
  const own = changeScale(w0, w);
  if (own === 0) return { scale: 0, floored: false };
  let sq = 0;
  for (let i = 0; i < w0.length; i++) sq += w0[i] * w0[i];
  const floor = CHANGE_FLOOR * Math.sqrt(sq / w0.length);
  return own >= floor ? { scale: own, floored: false } : { scale: floor, floored: true };
}

/**
 * tilesToRgba of W − W₀ (same layout: row-major [nIn, nOut]), coloured on `scale` (changeScale's):
 * blue where a weight went down, red where it went up, white where it did not move. Scale 0 means
 * nothing moved: every tile is white (gaps and unused tiles stay transparent), whatever the arrays hold.
 */
export function changeTilesToRgba(w0: Float32Array, w: Float32Array, nIn: number, nOut: number, scale: number): Uint8ClampedArray {
  if (w0.length !== nIn * nOut) throw new Error(`changeTilesToRgba: ${w0.length} initial weights, expected ${nIn} × ${nOut} = ${nIn * nOut}`);
  if (w.length !== nIn * nOut) throw new Error(`changeTilesToRgba: ${w.length} current weights, expected ${nIn} × ${nOut} = ${nIn * nOut}`);
  if (!(scale >= 0)) throw new Error(`changeTilesToRgba: scale must be 0 (nothing moved) or positive, got ${scale}`);
  const diff = new Float32Array(w.length);
  if (scale > 0) for (let i = 0; i < w.length; i++) diff[i] = w[i] - w0[i];
  return tilesToRgba(diff, nIn, nOut, scale > 0 ? scale : 1);
}
