/**
 * What the loss-plane demo computes with in the browser, loaded when the reader first reaches
 * for it: the live trainer's digits (public/derived/trainer-digits/digits.bin: the first 1,000
 * training and 1,000 test digits of the shipped set, the nielsen-* runs' own training digits)
 * and the run's shipped model-initial and model-final, each checked against its manifest's
 * sha256. The same code runs in Node (tests) and in the browser; only `get` differs. DOM-free.
 */
import { decodeLayersModel, WEIGHTS_FILE, type ModelJson } from "../../lib/nets/layers-model.ts";
import { planeData, planeNet, planePoint, type PlaneData, type PlaneNet, type PlanePoint } from "../../lib/analysis/loss-plane.ts";
import { loadTrainerData } from "../trainer/data.ts";
import { DataFileError, text, verifiedFiles, type Getter } from "../verified-files.ts";
import type { LiveCounts } from "./figure.ts";
import type { PlaneSettings } from "./settings.ts";

export { DataFileError, type Getter } from "../verified-files.ts";

export interface PlaneInputs {
  net: PlaneNet;
  /** The run's training digits the browser has (the first of them). */
  train: PlaneData;
  /** Test digits, for the accuracy. */
  test: PlaneData;
  counts: LiveCounts;
}

const modelFiles = (which: string) => [`${which}/model.json`, `${which}/${WEIGHTS_FILE}`];

/** runTrain, runTest: how many training and test digits the run (and the loader's chart) used. */
export async function loadPlaneInputs(get: Getter, run: string, runTrain: number, runTest: number): Promise<PlaneInputs> {
  const folder = `runs/${run}`;
  const [digits, files] = await Promise.all([loadTrainerData(get), verifiedFiles(get, folder, [...modelFiles("model-initial"), ...modelFiles("model-final")])]);
  const model = (which: string) => {
    try {
      return decodeLayersModel(JSON.parse(text(files[`${which}/model.json`])) as ModelJson, files[`${which}/${WEIGHTS_FILE}`]);
    } catch (e) {
      throw new DataFileError(`${folder}/${which}: ${(e as Error).message}`);
    }
  };
  const net = planeNet(model("model-initial"), model("model-final"));
  const train = Math.min(runTrain, digits.train.count);
  const test = Math.min(runTest, digits.test.count);
  return {
    net,
    train: planeData(net, digits.train.pixels, digits.train.labels, train),
    test: planeData(net, digits.test.pixels, digits.test.labels, test),
    counts: { train, test, runTrain, runTest },
  };
}

/** C and its two slopes on the training digits, and the accuracy on the test digits, at the point. */
export function livePoint(inputs: PlaneInputs, s: PlaneSettings): { point: PlanePoint; testAccuracy: number } {
  return {
    point: planePoint(inputs.net, inputs.train, s.alpha, s.beta),
    testAccuracy: planePoint(inputs.net, inputs.test, s.alpha, s.beta, { slopes: false }).accuracy,
  };
}
