/**
 * Node-only loaders for the digit data, for scripts and tests. The browser
 * fetches the same files and calls readDigits itself.
 *   loadShippedDigits()  the 10,000 digits shipped with the site (public/data/mnist-10k.bin.gz)
 *   loadIdxDir(dir)      the full MNIST from the four original IDX files, gzipped or not
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Digits, readDigits } from "../src/lib/mnist/digits.ts";
import { type IdxFiles, type IdxKey, IDX_KEYS, readIdxDigits } from "../src/lib/mnist/idx.ts";

/** Repository root, so the default path works whatever the current directory. */
// VG_ROOT: for a bundled copy of the scripts, which no longer sits at scripts/.
const ROOT = process.env.VG_ROOT || fileURLToPath(new URL("..", import.meta.url));

export const SHIPPED_DIGITS = join(ROOT, "public", "data", "mnist-10k.bin.gz");

export async function loadShippedDigits(path: string = SHIPPED_DIGITS): Promise<Digits> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new Error(`cannot read digits file ${path}: ${(err as Error).message} (run "node scripts/prepare-data.ts" to create it)`, {
      cause: err,
    });
  }
  try {
    return await readDigits(bytes);
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Accepted names for each IDX file, in order of preference: the names of the
 * original downloads, and the dotted variants some mirrors use
 * (t10k-images.idx3-ubyte). Each may also end in ".gz".
 */
export const IDX_FILE_NAMES: Record<IdxKey, readonly string[]> = {
  trainImages: ["train-images-idx3-ubyte", "train-images.idx3-ubyte"],
  trainLabels: ["train-labels-idx1-ubyte", "train-labels.idx1-ubyte"],
  testImages: ["t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"],
  testLabels: ["t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"],
};

/** Finds the four IDX files in dir; throws listing every one that is missing. */
export async function findIdxFiles(dir: string): Promise<Record<IdxKey, string>> {
  let entries: Set<string>;
  try {
    entries = new Set(await readdir(dir));
  } catch (err) {
    throw new Error(`cannot read MNIST directory ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const found: Partial<Record<IdxKey, string>> = {};
  const missing: string[] = [];
  for (const key of IDX_KEYS) {
    // Uncompressed first: if both are there, the .gz is likely the download it came from.
    const candidates = IDX_FILE_NAMES[key].flatMap((n) => [n, `${n}.gz`]);
    const hit = candidates.find((n) => entries.has(n));
    if (hit) found[key] = join(dir, hit);
    else missing.push(`${key} (${IDX_FILE_NAMES[key][0]}[.gz])`);
  }
  if (missing.length > 0) {
    throw new Error(`MNIST directory ${dir} is missing ${missing.length} of 4 IDX files: ${missing.join(", ")}`);
  }
  return found as Record<IdxKey, string>;
}

export async function loadIdxDir(dir: string): Promise<Digits> {
  const paths = await findIdxFiles(dir);
  const contents = await Promise.all(IDX_KEYS.map((k) => readFile(paths[k])));
  const files = Object.fromEntries(IDX_KEYS.map((k, i) => [k, contents[i]])) as unknown as IdxFiles;
  return readIdxDigits(files, paths);
}
