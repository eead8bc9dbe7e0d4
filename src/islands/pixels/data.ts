/**
 * Loads what the invisible-pixels demo needs — the shipped sample of test
 * digits, three LayersModel files from committed runs and the two decoders —
 * and checks every file against the sha256 its folder's manifest.json lists.
 * The same code runs at build time (files read from public/) and in the
 * browser (fetched from the site); only `get` differs. DOM-free.
 */
import { readDigits } from "../../lib/mnist/digits.ts";
import { decodeLayersModel, WEIGHTS_FILE, type ModelJson } from "../../lib/nets/layers-model.ts";
import { ANSWER_RUNS, DERIVED_DIR, PIXEL_RUNS, firstLayerOf } from "../../lib/analysis/pixels.ts";
import type { PixelFacts } from "../../lib/schemas/derived/invisible-pixels.ts";
import { decodeInt16Decoder } from "../../lib/analysis/int16-decoder.ts";
import type { PixelData } from "./view.ts";
import { DataFileError as PixelDataError, text, verifiedFiles as verified, type Getter } from "../verified-files.ts";

export { DataFileError as PixelDataError, type Getter } from "../verified-files.ts";

function model(files: Record<string, Uint8Array>, which: string, where: string) {
  try {
    return decodeLayersModel(JSON.parse(text(files[`${which}/model.json`])) as ModelJson, files[`${which}/${WEIGHTS_FILE}`]);
  } catch (e) {
    throw new PixelDataError(`${where}/${which}: ${(e as Error).message}`);
  }
}

const modelFiles = (which: string) => [`${which}/model.json`, `${which}/${WEIGHTS_FILE}`];

/**
 * The demo's data. `parseFacts` checks facts.json: the build passes the schema's parser (parsePixelFacts,
 * src/components/pixel-data.ts); the browser, which must not load zod, takes the file as the build checked
 * it (its sha256 is the manifest's).
 */
export async function loadPixelData(get: Getter, parseFacts: (json: unknown, file: string) => PixelFacts = (json) => json as PixelFacts): Promise<{ data: PixelData; facts: PixelFacts }> {
  const frozenRun = `runs/${PIXEL_RUNS.random.run}`;
  const trainedRun = `runs/${PIXEL_RUNS.trained.run}`;
  if (ANSWER_RUNS.frozen.run !== PIXEL_RUNS.random.run || ANSWER_RUNS.trained.run !== PIXEL_RUNS.trained.run) throw new Error("pixel-facts: the demo expects two runs");
  const [frozen, trained, derived] = await Promise.all([
    verified(get, frozenRun, [...modelFiles(PIXEL_RUNS.random.model), ...modelFiles(ANSWER_RUNS.frozen.model)]),
    verified(get, trainedRun, modelFiles(PIXEL_RUNS.trained.model)),
    verified(get, DERIVED_DIR, ["facts.json", "sample-digits.bin", "decoders.bin"]),
  ]);
  let facts: PixelFacts;
  try {
    facts = parseFacts(JSON.parse(text(derived["facts.json"])), `public/${DERIVED_DIR}/facts.json`);
  } catch (e) {
    throw new PixelDataError((e as Error).message);
  }
  const sample = await readDigits(derived["sample-digits.bin"]);
  const randomNet = model(frozen, PIXEL_RUNS.random.model, frozenRun);
  const frozenNet = model(frozen, ANSWER_RUNS.frozen.model, frozenRun);
  const trainedNet = model(trained, PIXEL_RUNS.trained.model, trainedRun);
  const meta = (name: "random" | "trained") => {
    const m = facts.decoders.find((d) => d.name === name);
    if (!m) throw new PixelDataError(`${DERIVED_DIR}/facts.json has no ${name} decoder`);
    try {
      return decodeInt16Decoder(derived["decoders.bin"], m, `${DERIVED_DIR}/decoders.bin`);
    } catch (e) {
      throw new PixelDataError((e as Error).message);
    }
  };
  const alwaysZero = new Uint8Array(784);
  for (const i of facts.alwaysZero) alwaysZero[i] = 1;
  return {
    facts,
    data: {
      labels: sample.labels,
      pixels: sample.pixels,
      count: sample.count,
      testIndices: facts.sample.testIndices,
      alwaysZero,
      random: firstLayerOf(randomNet),
      trainedLayer: firstLayerOf(trainedNet),
      networks: { trained: trainedNet, frozen: frozenNet },
      decoders: { random: meta("random"), trained: meta("trained") },
    },
  };
}
