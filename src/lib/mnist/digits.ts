/**
 * A compact binary format for labelled grayscale digit images (MNIST), small
 * enough to ship with the site and simple enough to decode in a few lines in
 * both Node and the browser (no DOM, no `node:` imports).
 *
 * Layout, little-endian:
 *   offset 0   8 bytes  ASCII magic "VGDIGIT1"
 *   offset 8   u32      count       number of images
 *   offset 12  u32      trainCount  the first trainCount records are the training split,
 *                                   the remaining count - trainCount the test split
 *   offset 16  u32      rows        (28 for MNIST)
 *   offset 20  u32      cols        (28 for MNIST)
 *   offset 24  count bytes          labels, 0-9
 *   then       count*rows*cols bytes  pixels, uint8 0-255 (0 = background),
 *                                   row-major, one image after another
 *
 * The file on disk is usually gzipped (".bin.gz"); `readDigits` handles both.
 */

export interface Digits {
  rows: number;
  cols: number;
  count: number;
  trainCount: number;
  /** count labels, each 0-9. */
  labels: Uint8Array;
  /** count*rows*cols pixels, 0-255, row-major, image after image. */
  pixels: Uint8Array;
}

export const DIGITS_MAGIC = "VGDIGIT1";
export const DIGITS_HEADER_BYTES = 24;

/** Total file size for a header, so encoder, decoder and error messages agree. */
function expectedBytes(count: number, rows: number, cols: number): number {
  return DIGITS_HEADER_BYTES + count + count * rows * cols;
}

function checkU32(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new Error(`digits: ${field} must be an integer in 0..4294967295, got ${value}`);
  }
}

/** Checks shared by encoder and decoder: dimensions, split and labels. */
function checkShapeAndLabels(d: Digits): void {
  if (d.rows === 0) throw new Error("digits: rows is 0; images must have at least one row");
  if (d.cols === 0) throw new Error("digits: cols is 0; images must have at least one column");
  if (d.trainCount > d.count) {
    throw new Error(`digits: trainCount ${d.trainCount} is greater than count ${d.count}`);
  }
  for (let i = 0; i < d.labels.length; i++) {
    if (d.labels[i] > 9) throw new Error(`digits: label ${d.labels[i]} at index ${i} is not a digit 0-9`);
  }
}

export function encodeDigits(d: Digits): Uint8Array {
  for (const field of ["count", "trainCount", "rows", "cols"] as const) checkU32(field, d[field]);
  if (d.labels.length !== d.count) {
    throw new Error(`digits: labels has ${d.labels.length} entries but count is ${d.count}`);
  }
  const imageSize = d.rows * d.cols;
  if (d.pixels.length !== d.count * imageSize) {
    throw new Error(
      `digits: pixels has ${d.pixels.length} bytes but count*rows*cols is ${d.count}*${d.rows}*${d.cols} = ${d.count * imageSize}`,
    );
  }
  checkShapeAndLabels(d);

  const out = new Uint8Array(expectedBytes(d.count, d.rows, d.cols));
  for (let i = 0; i < DIGITS_MAGIC.length; i++) out[i] = DIGITS_MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer);
  view.setUint32(8, d.count, true);
  view.setUint32(12, d.trainCount, true);
  view.setUint32(16, d.rows, true);
  view.setUint32(20, d.cols, true);
  out.set(d.labels, DIGITS_HEADER_BYTES);
  out.set(d.pixels, DIGITS_HEADER_BYTES + d.count);
  return out;
}

/**
 * Decodes an uncompressed digits file. labels and pixels are views into
 * `bytes` (no copy: the full set is several megabytes), so keep `bytes` alive
 * and unmodified while they are in use.
 */
export function decodeDigits(bytes: Uint8Array): Digits {
  if (bytes.length < DIGITS_HEADER_BYTES) {
    throw new Error(
      `digits: file too short for the header: expected at least ${DIGITS_HEADER_BYTES} bytes, got ${bytes.length}`,
    );
  }
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== DIGITS_MAGIC) {
    throw new Error(`digits: bad magic ${JSON.stringify(magic)}, expected "${DIGITS_MAGIC}" (not a digits file, or still gzipped?)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(8, true);
  const trainCount = view.getUint32(12, true);
  const rows = view.getUint32(16, true);
  const cols = view.getUint32(20, true);
  if (rows === 0) throw new Error("digits: rows is 0; images must have at least one row");
  if (cols === 0) throw new Error("digits: cols is 0; images must have at least one column");

  const expected = expectedBytes(count, rows, cols);
  const sizes = `${DIGITS_HEADER_BYTES} header + ${count} labels + ${count}*${rows}*${cols} pixels`;
  if (bytes.length < expected) {
    throw new Error(`digits: truncated file: expected ${expected} bytes (${sizes}), got ${bytes.length}`);
  }
  if (bytes.length > expected) {
    throw new Error(`digits: ${bytes.length - expected} unexpected bytes after the data: expected ${expected} bytes (${sizes}), got ${bytes.length}`);
  }

  const labels = new Uint8Array(bytes.buffer, bytes.byteOffset + DIGITS_HEADER_BYTES, count);
  const pixels = new Uint8Array(bytes.buffer, bytes.byteOffset + DIGITS_HEADER_BYTES + count, count * rows * cols);
  const d: Digits = { rows, cols, count, trainCount, labels, pixels };
  checkShapeAndLabels(d);
  return d;
}

/** True when the bytes start with the gzip magic 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gunzips with the web-standard DecompressionStream (Node >= 18 and current
 * browsers), so the same code serves scripts and islands. Bytes that are not
 * gzipped are returned unchanged.
 */
export async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const stream = new DecompressionStream("gzip");
  const writer = stream.writable.getWriter();
  // Failures surface on the readable side below; these catches only keep the
  // writer's copies of the same error from becoming unhandled rejections.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.readable.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
    }
  } catch (err) {
    throw new Error(`gzip: could not decompress ${bytes.length} bytes: ${(err as Error).message}`, { cause: err });
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Decodes a digits file, gzipped or not (what `fetch` or `readFile` gives you). */
export async function readDigits(bytes: Uint8Array): Promise<Digits> {
  return decodeDigits(await gunzipIfNeeded(bytes));
}

export type SplitName = "train" | "test";

/** One split as views into `d` (no copy). */
export function split(d: Digits, which: SplitName): { labels: Uint8Array; pixels: Uint8Array; count: number } {
  const size = d.rows * d.cols;
  if (which === "train") {
    return { labels: d.labels.subarray(0, d.trainCount), pixels: d.pixels.subarray(0, d.trainCount * size), count: d.trainCount };
  }
  if (which === "test") {
    return { labels: d.labels.subarray(d.trainCount), pixels: d.pixels.subarray(d.trainCount * size), count: d.count - d.trainCount };
  }
  throw new Error(`digits: unknown split ${JSON.stringify(which)}, expected "train" or "test"`);
}

/** The rows*cols pixels of image i, as a view into d.pixels (no copy). */
export function imageAt(d: Digits, i: number): Uint8Array {
  if (!Number.isInteger(i) || i < 0 || i >= d.count) {
    throw new Error(`digits: image index ${i} is out of range 0..${d.count - 1}`);
  }
  const size = d.rows * d.cols;
  return d.pixels.subarray(i * size, (i + 1) * size);
}

/** Pixels scaled to [0, 1], the usual network input. */
export function toFloat32(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] / 255;
  return out;
}
