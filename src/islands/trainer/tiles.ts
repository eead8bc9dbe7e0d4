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
