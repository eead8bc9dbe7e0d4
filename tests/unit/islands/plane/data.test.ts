/**
 * What the loss-plane demo computes in the browser (src/islands/plane/data.ts), run here on the
 * shipped files: the cost, its two slopes and the test accuracy at a point, against a network
 * built by hand at θ₀ + αΔ₁ + βΔ₊ and run through the reference forward pass (src/lib/nets/mlp.ts),
 * with the slopes checked by central differences of that cost; a corrupt file names itself.
 */
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadPlaneInputs, livePoint, type Getter } from "../../../../src/islands/plane/data.ts";
import { decodeLayersModel, type ModelJson } from "../../../../src/lib/nets/layers-model.ts";
import { readDigits, split } from "../../../../src/lib/mnist/digits.ts";
import { exampleCost, forward } from "../../../../src/lib/nets/mlp.ts";
import type { NetworkParams } from "../../../../src/lib/nets/network.ts";

const PUBLIC = join(process.cwd(), "public");
const files: Getter = async (path) => new Uint8Array(await readFile(join(PUBLIC, path)));

async function model(run: string, which: string): Promise<NetworkParams> {
  const json = JSON.parse(await readFile(join(PUBLIC, "runs", run, which, "model.json"), "utf8")) as ModelJson;
  return decodeLayersModel(json, new Uint8Array(await readFile(join(PUBLIC, "runs", run, which, "group1-shard1of1.bin"))));
}

/** The network at (α, β), parameter by parameter, and its mean cost and accuracy over digits. */
async function oracle(run: string) {
  const [init, fin] = await Promise.all([model(run, "model-initial"), model(run, "model-final")]);
  const d = await readDigits(new Uint8Array(await readFile(join(PUBLIC, "derived/trainer-digits/digits.bin"))));
  const sets = { train: split(d, "train"), test: split(d, "test") };
  const at = (alpha: number, beta: number) => {
    const mix = (a: Float32Array, b: Float32Array, t: number) => Float64Array.from(a, (v, i) => v + t * (b[i] - v)) as unknown as Float32Array;
    return {
      sizes: init.sizes,
      weights: init.weights.map((w, l) => mix(w, fin.weights[l], l === 0 ? alpha : beta)),
      biases: init.biases.map((b, l) => mix(b, fin.biases[l], l === 0 ? alpha : beta)),
    };
  };
  return (alpha: number, beta: number, which: "train" | "test", count = 1000) => {
    const net = at(alpha, beta);
    const s = sets[which];
    let cost = 0;
    let right = 0;
    for (let r = 0; r < count; r++) {
      const x = Array.from(s.pixels.subarray(r * 784, (r + 1) * 784), (v) => Math.fround(v / 255));
      const out = forward(net, x).activations.at(-1)!;
      cost += exampleCost("cross-entropy", out, s.labels[r]);
      let best = 0;
      for (let j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
      if (best === s.labels[r]) right++;
    }
    return { cost: cost / count, accuracy: right / count };
  };
}

describe("the loss-plane demo's numbers, computed as the browser does", () => {
  it("nielsen-3-hidden: C, ∂C/∂α, ∂C/∂β on its 1,000 training digits and the accuracy on 1,000 test digits match a hand-built network", async () => {
    const inputs = await loadPlaneInputs(files, "nielsen-3-hidden", 1000, 2000);
    expect(inputs.counts).toEqual({ train: 1000, test: 1000, runTrain: 1000, runTest: 2000 });
    expect(inputs.net.sizes).toEqual([784, 30, 30, 30, 10]);
    const C = await oracle("nielsen-3-hidden");
    const h = 1e-4;
    for (const [alpha, beta] of [[0, 0], [0.75, -0.25], [1, 1]]) {
      const { point, testAccuracy } = livePoint(inputs, { alpha, beta });
      expect(point.cost).toBeCloseTo(C(alpha, beta, "train").cost, 8);
      expect(testAccuracy).toBe(C(alpha, beta, "test").accuracy);
      const dA = (C(alpha + h, beta, "train").cost - C(alpha - h, beta, "train").cost) / (2 * h);
      const dB = (C(alpha, beta + h, "train").cost - C(alpha, beta - h, "train").cost) / (2 * h);
      expect(Math.abs(point.dAlpha - dA)).toBeLessThan(1e-6 + 1e-4 * Math.abs(dA));
      expect(Math.abs(point.dBeta - dB)).toBeLessThan(1e-6 + 1e-4 * Math.abs(dB));
    }
  }, 120_000);

  it("full-3-hidden: only the first 1,000 of its 8,000 training digits are in the browser, and it says so", async () => {
    const inputs = await loadPlaneInputs(files, "full-3-hidden", 8000, 2000);
    expect(inputs.counts).toEqual({ train: 1000, test: 1000, runTrain: 8000, runTest: 2000 });
    const C = await oracle("full-3-hidden");
    expect(livePoint(inputs, { alpha: 1, beta: 1 }).point.cost).toBeCloseTo(C(1, 1, "train").cost, 8);
  }, 120_000);

  it("a corrupt or missing file names itself", async () => {
    const corrupt: Getter = async (path) => {
      const b = await files(path);
      if (path.endsWith("model-final/group1-shard1of1.bin")) b[b.length >> 1] ^= 0xff;
      return b;
    };
    await expect(loadPlaneInputs(corrupt, "nielsen-3-hidden", 1000, 2000)).rejects.toThrow(
      "runs/nielsen-3-hidden/model-final/group1-shard1of1.bin does not match its sha256 in runs/nielsen-3-hidden/manifest.json",
    );
    const missing: Getter = async (path) => {
      if (path.endsWith("digits.bin")) throw new Error("HTTP 404");
      return files(path);
    };
    await expect(loadPlaneInputs(missing, "nielsen-3-hidden", 1000, 2000)).rejects.toThrow("could not load derived/trainer-digits/digits.bin: HTTP 404");
  });
});
