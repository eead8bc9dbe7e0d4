/**
 * Loads what the collision demo needs — the shipped sample of test digits and the
 * first layer of full-3-hidden before and after training — and checks every file
 * against the sha256 its folder's manifest.json lists. The same code runs at build
 * time (files read from public/) and in the browser (fetched from the site, on the
 * reader's first touch); only `get` differs. DOM-free.
 */
import { readDigits } from "../../lib/mnist/digits.ts";
import { decodeLayersModel, WEIGHTS_FILE, type ModelJson } from "../../lib/nets/layers-model.ts";
import { DERIVED_DIR, firstLayerOf, type FirstLayer } from "../../lib/analysis/pixels.ts";
import { DataFileError, text, verifiedFiles, type Getter } from "../verified-files.ts";

export { DataFileError, type Getter } from "../verified-files.ts";

/**
 * The two first layers. full-3-hidden starts from the very weights frozen-first-layer
 * keeps (same seed: the two model-initial files are byte for byte the same, checked in
 * tests/unit/islands/collision/view.test.ts), so "the random layer" is the lesson's random layer.
 */
export const COLLISION_RUN = { run: "full-3-hidden", random: "model-initial", trained: "model-final" } as const;

export interface CollisionData {
  /** The shipped test digits: labels and uint8 pixels (0–255), one image after another. */
  labels: Uint8Array;
  pixels: Uint8Array;
  count: number;
  /** Position of each shipped digit in the test split. */
  testIndices: number[];
  /** The random first layer (784 × 30, the shipped dequantised weights). */
  random: FirstLayer;
  /** The same layer after training. */
  trained: FirstLayer;
}

function layer(files: Record<string, Uint8Array>, which: string, where: string): FirstLayer {
  try {
    const net = decodeLayersModel(JSON.parse(text(files[`${which}/model.json`])) as ModelJson, files[`${which}/${WEIGHTS_FILE}`]);
    return firstLayerOf(net);
  } catch (e) {
    throw new DataFileError(`${where}/${which}: ${(e as Error).message}`);
  }
}

export async function loadCollisionData(get: Getter): Promise<CollisionData> {
  const run = `runs/${COLLISION_RUN.run}`;
  const models = [COLLISION_RUN.random, COLLISION_RUN.trained].flatMap((m) => [`${m}/model.json`, `${m}/${WEIGHTS_FILE}`]);
  const [weights, derived] = await Promise.all([verifiedFiles(get, run, models), verifiedFiles(get, DERIVED_DIR, ["facts.json", "sample-digits.bin"])]);
  let testIndices: number[];
  try {
    testIndices = (JSON.parse(text(derived["facts.json"])) as { sample: { testIndices: number[] } }).sample.testIndices;
  } catch (e) {
    throw new DataFileError(`${DERIVED_DIR}/facts.json: no sample.testIndices (${(e as Error).message})`);
  }
  let sample;
  try {
    sample = await readDigits(derived["sample-digits.bin"]);
  } catch (e) {
    throw new DataFileError(`${DERIVED_DIR}/sample-digits.bin: ${(e as Error).message}`);
  }
  if (sample.rows * sample.cols !== 784) throw new DataFileError(`${DERIVED_DIR}/sample-digits.bin: images of ${sample.rows} × ${sample.cols} pixels, not 28 × 28`);
  if (!Array.isArray(testIndices) || testIndices.length !== sample.count) {
    throw new DataFileError(`${DERIVED_DIR}/facts.json lists ${testIndices?.length} test indices for the ${sample.count} digits of sample-digits.bin`);
  }
  const random = layer(weights, COLLISION_RUN.random, run);
  const trained = layer(weights, COLLISION_RUN.trained, run);
  for (const [name, l] of [["random", random], ["trained", trained]] as const) {
    if (l.nIn !== 784 || l.nOut !== 30) throw new DataFileError(`${run}: the ${name} first layer is ${l.nIn} × ${l.nOut}, not 784 × 30`);
  }
  return { labels: sample.labels, pixels: sample.pixels, count: sample.count, testIndices, random, trained };
}
