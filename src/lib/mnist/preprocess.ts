/**
 * MNIST-style preprocessing of a digit the reader draws, as LeCun et al. prepared
 * MNIST: the ink's bounding box is scaled, aspect ratio kept, to fit a 20×20 box
 * (anti-aliased, here by area averaging), then placed in a 28×28 field so that its
 * centre of mass lands on the field's centre. DOM-free.
 *
 * Pixel coordinates: pixel (col, row) has its centre at (col, row), so a 28×28
 * image spans −0.5..27.5 and "the centre" is (14, 14) — where the shipped MNIST
 * digits have their centre of mass on average (measured: 14.00 ± 0.29 on each axis
 * over the 10,000 shipped digits).
 */

const FIELD = 28;
const BOX = 20;
const CENTRE = 14;

function checkSize(what: string, gray: ArrayLike<number>, width: number, height: number): void {
  if (!(Number.isInteger(width) && width >= 1)) throw new Error(`${what}: width must be a whole number ≥ 1, got ${width}`);
  if (!(Number.isInteger(height) && height >= 1)) throw new Error(`${what}: height must be a whole number ≥ 1, got ${height}`);
  if (gray.length !== width * height) {
    throw new Error(`${what}: ${gray.length} values for ${width} × ${height} pixels (${width * height})`);
  }
}

/** The intensity-weighted mean pixel position (pixel centres at whole coordinates). */
export function centreOfMass(img: ArrayLike<number>, width: number, height: number): { x: number; y: number } {
  checkSize("centreOfMass", img, width, height);
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const v = img[row * width + col];
      sum += v;
      sx += v * col;
      sy += v * row;
    }
  }
  if (!(sum > 0)) throw new Error(`centreOfMass: the image has no mass (its values sum to ${sum})`);
  return { x: sx / sum, y: sy / sum };
}

/**
 * Area-averaging weights along one axis: source pixel i covers the destination
 * interval [offset + i·scale, offset + (i + 1)·scale); destination pixel j takes
 * each source pixel with weight |its interval ∩ [j, j + 1)|. Row j lists (i, weight).
 */
function axisWeights(srcLen: number, dstLen: number, scale: number, offset: number): { i: number; w: number }[][] {
  const rows: { i: number; w: number }[][] = [];
  for (let j = 0; j < dstLen; j++) {
    const list: { i: number; w: number }[] = [];
    const first = Math.max(0, Math.floor((j - offset) / scale) - 1);
    for (let i = first; i < srcLen; i++) {
      const lo = offset + i * scale;
      if (lo >= j + 1) break;
      const w = Math.min(j + 1, lo + scale) - Math.max(j, lo);
      if (w > 0) list.push({ i, w });
    }
    rows.push(list);
  }
  return rows;
}

/**
 * gray: width × height values in [0, 1] (1 = ink), row-major. Returns 784 values
 * in [0, 1]: the ink's bounding box (pixels above `threshold`) scaled, aspect ratio
 * kept, to fit a 20×20 box by area averaging (the shorter side centred in its
 * pixels), placed in 28×28 so that its centre of mass sits at the centre (pixel
 * coordinates 14, 14; the shift rounded to whole pixels, so each coordinate of the
 * result's centre of mass is within 0.5 of 14), as LeCun et al. prepared MNIST.
 * Ink outside the 28×28 field after the shift (only for very lopsided drawings) is
 * dropped. Returns null when there is no ink (nothing above `threshold`, default 0.05).
 */
export function mnistPreprocess(gray: ArrayLike<number>, width: number, height: number, threshold = 0.05): Float32Array | null {
  checkSize("mnistPreprocess", gray, width, height);
  if (!(threshold >= 0 && threshold < 1)) throw new Error(`mnistPreprocess: threshold must be in [0, 1), got ${threshold}`);

  let x0 = width;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const v = gray[row * width + col];
      if (!(v >= 0 && v <= 1)) throw new Error(`mnistPreprocess: value ${v} at (${col}, ${row}) is not in [0, 1]`);
      if (v > threshold) {
        if (col < x0) x0 = col;
        if (col > x1) x1 = col;
        if (row < y0) y0 = row;
        if (row > y1) y1 = row;
      }
    }
  }
  if (x1 < 0) return null;

  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = BOX / Math.max(bw, bh);
  // The longer side becomes exactly 20 pixels; the shorter one as many as its scaled length needs.
  const side = (len: number) => (len === Math.max(bw, bh) ? BOX : Math.min(BOX, Math.max(1, Math.ceil(len * scale - 1e-9))));
  const dw = side(bw);
  const dh = side(bh);
  const wx = axisWeights(bw, dw, scale, (dw - bw * scale) / 2);
  const wy = axisWeights(bh, dh, scale, (dh - bh * scale) / 2);

  // Separable area averaging: columns first (bh × dw), then rows (dh × dw).
  const tmp = new Float64Array(bh * dw);
  for (let row = 0; row < bh; row++) {
    const src = (y0 + row) * width + x0;
    for (let j = 0; j < dw; j++) {
      let s = 0;
      for (const { i, w } of wx[j]) s += w * gray[src + i];
      tmp[row * dw + j] = s;
    }
  }
  const box = new Float64Array(dh * dw);
  for (let j = 0; j < dh; j++) {
    for (const { i, w } of wy[j]) {
      for (let c = 0; c < dw; c++) box[j * dw + c] += w * tmp[i * dw + c];
    }
  }

  const com = centreOfMass(box, dw, dh);
  const ox = Math.round(CENTRE - com.x);
  const oy = Math.round(CENTRE - com.y);
  const out = new Float32Array(FIELD * FIELD);
  for (let row = 0; row < dh; row++) {
    const r = row + oy;
    if (r < 0 || r >= FIELD) continue;
    for (let col = 0; col < dw; col++) {
      const c = col + ox;
      if (c < 0 || c >= FIELD) continue;
      out[r * FIELD + c] = Math.min(1, Math.max(0, box[row * dw + col]));
    }
  }
  return out;
}
