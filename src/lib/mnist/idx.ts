/**
 * Parser for the original MNIST IDX files (http://yann.lecun.com/exdb/mnist/),
 * DOM-free like digits.ts. Headers are big-endian u32s:
 *   images (idx3-ubyte): magic 0x00000803, count, rows, cols, then count*rows*cols pixel bytes
 *   labels (idx1-ubyte): magic 0x00000801, count, then count label bytes
 * The four files become one Digits value: train records first, then test.
 */
import { type Digits, gunzipIfNeeded } from "./digits.ts";

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** View into the file's bytes (no copy). */
  pixels: Uint8Array;
}

export interface IdxFiles {
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
}

export type IdxKey = keyof IdxFiles;
export const IDX_KEYS: readonly IdxKey[] = ["trainImages", "trainLabels", "testImages", "testLabels"];

/** What error messages call each file; loadIdxDir passes the real file names. */
export type IdxNames = Partial<Record<IdxKey, string>>;

const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;

function header(bytes: Uint8Array, name: string, words: number, magic: number, kind: string): DataView {
  const need = 4 * words;
  const tooShort = () =>
    new Error(`${name}: too short for an IDX ${kind} header: expected at least ${need} bytes, got ${bytes.length}`);
  if (bytes.length < 4) throw tooShort();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Magic first: a labels file passed as images should say so, whatever its size.
  const found = view.getUint32(0, false);
  if (found !== magic) {
    throw new Error(`${name}: bad magic ${hex(found)}, expected ${hex(magic)} (an IDX ${kind} file; still gzipped?)`);
  }
  if (bytes.length < need) throw tooShort();
  return view;
}

function checkLength(bytes: Uint8Array, name: string, expected: number, sizes: string): void {
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? "truncated file" : "unexpected bytes after the data";
    throw new Error(`${name}: ${what}: expected ${expected} bytes (${sizes}), got ${bytes.length}`);
  }
}

export function parseIdxImages(bytes: Uint8Array, name = "images"): IdxImages {
  const view = header(bytes, name, 4, IDX_IMAGES_MAGIC, "images");
  const count = view.getUint32(4, false);
  const rows = view.getUint32(8, false);
  const cols = view.getUint32(12, false);
  if (rows === 0 || cols === 0) throw new Error(`${name}: images are ${rows}x${cols}; rows and cols must be positive`);
  checkLength(bytes, name, 16 + count * rows * cols, `16 header + ${count}*${rows}*${cols} pixels`);
  const pixels = new Uint8Array(bytes.buffer, bytes.byteOffset + 16, count * rows * cols);
  return { count, rows, cols, pixels };
}

export function parseIdxLabels(bytes: Uint8Array, name = "labels"): Uint8Array {
  const view = header(bytes, name, 2, IDX_LABELS_MAGIC, "labels");
  const count = view.getUint32(4, false);
  checkLength(bytes, name, 8 + count, `8 header + ${count} labels`);
  const labels = new Uint8Array(bytes.buffer, bytes.byteOffset + 8, count);
  for (let i = 0; i < count; i++) {
    if (labels[i] > 9) throw new Error(`${name}: label ${labels[i]} at index ${i} is not a digit 0-9`);
  }
  return labels;
}

/** Callers from plain JavaScript (or a Record) may leave a file out. */
function checkPresent(files: IdxFiles): void {
  const missing = IDX_KEYS.filter((k) => !(files[k] instanceof Uint8Array));
  if (missing.length > 0) throw new Error(`idx: missing ${missing.join(", ")}`);
}

/** Joins the four (uncompressed) IDX files: train records first, then test. */
export function idxToDigits(files: IdxFiles, names: IdxNames = {}): Digits {
  const nameOf = (k: IdxKey) => names[k] ?? k;
  checkPresent(files);

  const trainImages = parseIdxImages(files.trainImages, nameOf("trainImages"));
  const trainLabels = parseIdxLabels(files.trainLabels, nameOf("trainLabels"));
  const testImages = parseIdxImages(files.testImages, nameOf("testImages"));
  const testLabels = parseIdxLabels(files.testLabels, nameOf("testLabels"));

  for (const [images, labels, ik, lk] of [
    [trainImages, trainLabels, "trainImages", "trainLabels"],
    [testImages, testLabels, "testImages", "testLabels"],
  ] as const) {
    if (images.count !== labels.length) {
      throw new Error(`${nameOf(ik)} has ${images.count} images but ${nameOf(lk)} has ${labels.length} labels`);
    }
  }
  if (testImages.rows !== trainImages.rows || testImages.cols !== trainImages.cols) {
    throw new Error(
      `${nameOf("testImages")} images are ${testImages.rows}x${testImages.cols} but ${nameOf("trainImages")} images are ${trainImages.rows}x${trainImages.cols}`,
    );
  }

  const count = trainImages.count + testImages.count;
  const labels = new Uint8Array(count);
  labels.set(trainLabels, 0);
  labels.set(testLabels, trainImages.count);
  const pixels = new Uint8Array(trainImages.pixels.length + testImages.pixels.length);
  pixels.set(trainImages.pixels, 0);
  pixels.set(testImages.pixels, trainImages.pixels.length);
  return { rows: trainImages.rows, cols: trainImages.cols, count, trainCount: trainImages.count, labels, pixels };
}

/** idxToDigits for files that may be gzipped (the ".gz" downloads). */
export async function readIdxDigits(files: IdxFiles, names: IdxNames = {}): Promise<Digits> {
  checkPresent(files);
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    IDX_KEYS.map(async (k) => {
      try {
        return await gunzipIfNeeded(files[k]);
      } catch (err) {
        throw new Error(`${names[k] ?? k}: ${(err as Error).message}`, { cause: err });
      }
    }),
  );
  return idxToDigits({ trainImages, trainLabels, testImages, testLabels }, names);
}
