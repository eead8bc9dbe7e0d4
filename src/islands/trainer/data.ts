/**
 * The live trainer's digits: public/derived/trainer-digits/digits.bin (the first
 * 1,000 training and 1,000 test digits of the shipped set, gzipped, about 320 KB),
 * checked against its manifest's sha256 and turned into the float arrays the
 * trainer reads. The same code runs in tests (files read from public/) and in the
 * browser; only `get` differs. DOM-free.
 */
import { readDigits, split, toFloat32 } from "../../lib/mnist/digits.ts";
import type { DigitSet } from "../../lib/training/training-run.ts";
import { DataFileError, verifiedFiles, type Getter } from "../verified-files.ts";
import { TEST_DIGITS, TRAIN_DIGITS } from "./settings.ts";

export const TRAINER_DATA_DIR = "derived/trainer-digits";
export const TRAINER_DATA_FILE = "digits.bin";

export interface TrainerData {
  train: DigitSet;
  test: DigitSet;
}

export async function loadTrainerData(get: Getter): Promise<TrainerData> {
  const files = await verifiedFiles(get, TRAINER_DATA_DIR, [TRAINER_DATA_FILE]);
  const d = await readDigits(files[TRAINER_DATA_FILE]);
  const train = split(d, "train");
  const test = split(d, "test");
  if (train.count !== TRAIN_DIGITS || test.count !== TEST_DIGITS) {
    throw new DataFileError(`${TRAINER_DATA_DIR}/${TRAINER_DATA_FILE} holds ${train.count} training and ${test.count} test digits; the trainer expects ${TRAIN_DIGITS} and ${TEST_DIGITS}`);
  }
  return {
    train: { pixels: toFloat32(train.pixels), labels: train.labels, count: train.count },
    test: { pixels: toFloat32(test.pixels), labels: test.labels, count: test.count },
  };
}
