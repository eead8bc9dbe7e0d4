/**
 * The plain-TypeScript forward pass (src/lib/nets/mlp.ts) on the shipped LayersModel files,
 * decoded with decodeLayersModel, against tf.loadLayersModel on the same bytes (cpu backend),
 * for 50 real test digits. layers-model.test.ts checks the encoder/decoder round trip on a
 * freshly made network; this checks the files the site actually serves, trained ones included.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { decodeLayersModel, type ModelJson } from "../../../../src/lib/nets/layers-model.ts";
import { forward } from "../../../../src/lib/nets/mlp.ts";
import { split, toFloat32 } from "../../../../src/lib/mnist/digits.ts";
import { loadShippedDigits } from "../../../../scripts/mnist-source.ts";

const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const MODELS = ["full-3-hidden/model-final", "frozen-first-layer/model-initial", "frozen-first-layer/model-final"];
const COUNT = 50;

let x: Float32Array; // the first 50 test digits, 784 values each
let labels: Uint8Array;

async function readModel(dir: string): Promise<{ json: ModelJson; bin: Uint8Array }> {
  const json = JSON.parse(await readFile(join(dir, "model.json"), "utf8")) as ModelJson;
  expect(json.weightsManifest).toHaveLength(1);
  expect(json.weightsManifest[0].paths).toHaveLength(1);
  const bin = new Uint8Array(await readFile(join(dir, json.weightsManifest[0].paths[0])));
  return { json, bin };
}

beforeAll(async () => {
  await tf.setBackend("cpu");
  const test = split(await loadShippedDigits(), "test");
  x = toFloat32(test.pixels.subarray(0, COUNT * 784));
  labels = test.labels.subarray(0, COUNT);
}, 30_000);

describe.each(MODELS)("public/runs/%s", (model) => {
  it(`forward() matches tf.loadLayersModel to 1e-5 on every output for ${COUNT} test digits`, async () => {
    const { json, bin } = await readModel(join(ROOT, "public/runs", model));
    const tfModel = await tfl.loadLayersModel({
      load: async () => ({
        modelTopology: json.modelTopology as object,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bin.slice().buffer,
      }),
    });
    const net = decodeLayersModel(json, bin);
    expect(net.sizes).toEqual([784, 30, 30, 30, 10]);

    const input = tf.tensor2d(x, [COUNT, 784]);
    const out = tfModel.predict(input) as tf.Tensor;
    expect(out.shape).toEqual([COUNT, 10]);
    const got = await out.data();
    input.dispose();
    out.dispose();
    tfModel.dispose();

    let worst = 0;
    let agree = 0;
    let correct = 0;
    for (let n = 0; n < COUNT; n++) {
      const a = forward(net, x.subarray(n * 784, (n + 1) * 784)).activations.at(-1)!;
      expect(a.length).toBe(10);
      let argTs = 0;
      let argTf = 0;
      for (let j = 0; j < 10; j++) {
        worst = Math.max(worst, Math.abs(a[j] - got[n * 10 + j]));
        if (a[j] > a[argTs]) argTs = j;
        if (got[n * 10 + j] > got[n * 10 + argTf]) argTf = j;
      }
      if (argTs === argTf) agree++;
      if (argTs === labels[n]) correct++;
    }
    expect(worst).toBeLessThan(1e-5);
    expect(agree).toBe(COUNT);
    // A trained model gets most of them right; an untrained one is near chance. Either way the outputs
    // must not be degenerate (a wrongly decoded file tends to give the same class for every digit).
    if (model.endsWith("model-final")) expect(correct).toBeGreaterThan(COUNT / 2);
  });
});

describe("the frozen-first-layer run", () => {
  it("ships the same first layer before and after training, and different later layers", async () => {
    const decode = async (which: string) => {
      const { json, bin } = await readModel(join(ROOT, "public/runs/frozen-first-layer", which));
      return decodeLayersModel(json, bin);
    };
    const before = await decode("model-initial");
    const after = await decode("model-final");
    expect(Array.from(after.weights[0])).toEqual(Array.from(before.weights[0]));
    expect(Array.from(after.biases[0])).toEqual(Array.from(before.biases[0]));
    expect(Array.from(after.weights[3])).not.toEqual(Array.from(before.weights[3]));
  });
});
