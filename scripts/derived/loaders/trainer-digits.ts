/**
 * Data loader for the live trainer (<vg-trainer>): the digits it trains and tests on, small enough
 * to fetch when the reader presses start.
 *   digits.bin  VGDIGIT1, gzipped (level 9): the first TRAIN_COUNT training digits of the shipped
 *               file, then its first TEST_COUNT test digits, in the shipped order (trainCount
 *               TRAIN_COUNT). The training digits are exactly the ones the shipped Nielsen runs train
 *               on; the test digits are the first half of their 2,000. Not named .gz: a server that
 *               sees .gz may add Content-Encoding, and fetch would then hand over other bytes than the
 *               manifest hashed.
 */
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { loadShippedDigits } from "../../mnist-source.ts";
import { encodeDigits, split } from "../../../src/lib/mnist/digits.ts";
import type { DerivedLoader } from "../store.ts";

export const TRAIN_COUNT = 1000;
export const TEST_COUNT = 1000;

const loader: DerivedLoader = {
  description: `The live trainer's digits: the first ${TRAIN_COUNT} training and first ${TEST_COUNT} test digits of the shipped set, gzipped`,
  inputs: ["public/data/mnist-10k.bin.gz", "scripts/mnist-source.ts", "src/lib/mnist/digits.ts", "src/lib/mnist/idx.ts"],
  async run({ root, log }) {
    const digits = await loadShippedDigits(join(root, "public/data/mnist-10k.bin.gz"));
    const px = digits.rows * digits.cols;
    const train = split(digits, "train");
    const test = split(digits, "test");
    if (train.count < TRAIN_COUNT || test.count < TEST_COUNT) {
      throw new Error(`the shipped digits have ${train.count} training and ${test.count} test digits; the trainer needs ${TRAIN_COUNT} and ${TEST_COUNT}`);
    }
    const count = TRAIN_COUNT + TEST_COUNT;
    const labels = new Uint8Array(count);
    labels.set(train.labels.subarray(0, TRAIN_COUNT), 0);
    labels.set(test.labels.subarray(0, TEST_COUNT), TRAIN_COUNT);
    const pixels = new Uint8Array(count * px);
    pixels.set(train.pixels.subarray(0, TRAIN_COUNT * px), 0);
    pixels.set(test.pixels.subarray(0, TEST_COUNT * px), TRAIN_COUNT * px);
    const raw = encodeDigits({ rows: digits.rows, cols: digits.cols, count, trainCount: TRAIN_COUNT, labels, pixels });
    const gz = gzipSync(raw, { level: 9 });
    log(`${count} digits (${TRAIN_COUNT} training, ${TEST_COUNT} test): ${raw.length} bytes, ${gz.length} gzipped`);
    return { "digits.bin": gz };
  },
};

export default loader;
