/**
 * The invisible-pixels demo's answer(): the digit a network names is the index of its largest
 * output. Checked against hand-made networks whose answer is known without running the code under
 * test (identity weights, biases 0…9), and on the shipped digits against their labels from the raw
 * sample file, decoded here by hand: every digit 0–9 is answered, and mostly correctly.
 */
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { answer } from "../../../../src/islands/pixels/view.ts";
import { loadPixelData, type Getter } from "../../../../src/islands/pixels/data.ts";
import type { NetworkParams } from "../../../../src/lib/nets/network.ts";

const PUBLIC = join(process.cwd(), "public");
const fromPublic: Getter = async (p) => new Uint8Array(await readFile(join(PUBLIC, p)));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** One weight layer [nIn, 10], row-major (n_in rows of 10), from a function of (i, j). */
function oneLayer(nIn: number, w: (i: number, j: number) => number, b: (j: number) => number): NetworkParams {
  return {
    sizes: [nIn, 10],
    weights: [Float32Array.from({ length: nIn * 10 }, (_, k) => w(Math.floor(k / 10), k % 10))],
    biases: [Float32Array.from({ length: 10 }, (_, j) => b(j))],
  };
}

describe("answer() on hand-made networks", () => {
  it("names k for the one-hot input e_k through identity weights, for every k from 0 to 9", () => {
    const net = oneLayer(10, (i, j) => (i === j ? 4 : 0), () => 0);
    for (let k = 0; k < 10; k++) {
      const x = Array.from({ length: 10 }, (_, i) => (i === k ? 1 : 0));
      const a = answer(net, x);
      expect(a.digit, `input e_${k}`).toBe(k);
      expect(a.output).toBeCloseTo(sigmoid(4), 6);
    }
  });

  it("names the last output when it is the largest (biases 0, 1, …, 9 and zero weights)", () => {
    const net = oneLayer(3, () => 0, (j) => j);
    expect(answer(net, [0.2, 0.5, 0.9])).toEqual({ digit: 9, output: expect.closeTo(sigmoid(9), 6) });
    // Reversed biases: the first output wins.
    const rev = oneLayer(3, () => 0, (j) => 9 - j);
    expect(answer(rev, [1, 1, 1]).digit).toBe(0);
  });

  it("goes through every layer: a hidden layer that swaps two inputs changes the answer", () => {
    // [2, 2, 10]: hidden unit 0 copies input 1 and unit 1 copies input 0 (large weights, so 0 or 1);
    // output 9 listens to hidden unit 0, output 3 to hidden unit 1.
    const net: NetworkParams = {
      sizes: [2, 2, 10],
      weights: [Float32Array.from([0, 20, 20, 0]), Float32Array.from({ length: 20 }, (_, k) => (k === 9 ? 10 : k === 10 + 3 ? 10 : 0))],
      biases: [Float32Array.from([-10, -10]), new Float32Array(10)],
    };
    expect(answer(net, [0, 1]).digit).toBe(9);
    expect(answer(net, [1, 0]).digit).toBe(3);
  });
});

describe("answer() on the shipped digits, against the raw sample file's labels", () => {
  it("answers every digit 0–9 and agrees with most labels", async () => {
    const { data } = await loadPixelData(fromPublic);
    // The labels straight from the file: VGDIGIT1 header (24 bytes), then count labels.
    const raw = gunzipSync(await readFile(join(PUBLIC, "derived/invisible-pixels/sample-digits.bin")));
    expect(new TextDecoder().decode(raw.subarray(0, 8))).toBe("VGDIGIT1");
    const count = new DataView(raw.buffer, raw.byteOffset).getUint32(8, true);
    expect(count).toBe(data.count);
    const labels = raw.subarray(24, 24 + count);
    const pixels = (k: number) => Array.from(raw.subarray(24 + count + k * 784, 24 + count + (k + 1) * 784), (v) => v / 255);
    const answered = new Set<number>();
    let right = 0;
    const nines = { labelled: 0, answered: 0 };
    for (let k = 0; k < count; k++) {
      const d = answer(data.networks.trained, pixels(k)).digit;
      answered.add(d);
      if (d === labels[k]) right++;
      if (labels[k] === 9) nines.labelled++;
      if (d === 9) nines.answered++;
    }
    expect([...answered].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // full-3-hidden scores about 95% on the test split; a lost class alone costs about 10%.
    expect(right / count, `${right} of ${count} right`).toBeGreaterThan(0.9);
    expect(nines.answered, `${nines.labelled} nines in the sample`).toBeGreaterThan(0.8 * nines.labelled);
  });
});
