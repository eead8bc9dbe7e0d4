import { describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import { readFileSync as readFs } from "node:fs";
import { canonicalJson, parseExperiment } from "../../src/lib/experiment-schema.ts";

const good = {
  title: "t",
  description: "d",
  architecture: [784, 30, 10],
  activation: "sigmoid",
  cost: "cross-entropy",
  init: { weights: "scaled-gaussian", biases: "gaussian" },
  optimizer: { kind: "sgd", eta: 0.1, lambda: 5, batchSize: 10 },
  epochs: 3,
  data: { train: 1000, test: 500 },
  seed: 1,
  frozenLayers: [],
  log: { gradientImages: 1000 },
};

describe("experiment configs", () => {
  it("accepts every committed config in content/experiments", async () => {
    const dir = new URL("../../content/experiments/", import.meta.url);
    const files = (await readdir(dir)).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) expect(() => parseExperiment(JSON.parse(readFileSync(new URL(f, dir))), f)).not.toThrow();
  });

  it.each([
    [{ architecture: [100, 10] }, "architecture: architecture must start with 784 inputs (28×28 pixels)"],
    [{ architecture: [784, 30, 9] }, "architecture: architecture must end with 10 outputs (one per digit)"],
    [{ optimizer: { kind: "sgd", eta: -1, lambda: 5, batchSize: 10 } }, "optimizer.eta: "],
    [{ frozenLayers: [3] }, "frozenLayers.0: layer 3 does not exist: the network has 2 weight layers"],
    [{ optimizer: { kind: "sgd", eta: 0.1, lambda: 5, batchSize: 2000 } }, "optimizer.batchSize: batchSize 2000 is larger than data.train 1000"],
    [{ activation: "softplus" }, "activation: "],
    [{ epochs: 1.5 }, "epochs: "],
    [{ log: { gradientImages: 1000, every: 4 } }, "log.every: every 4 is more than epochs 3: nothing would be logged during training"],
    [{ log: { gradientImages: 1001 } }, "log.gradientImages: gradientImages 1001 is larger than data.train 1000"],
  ])("rejects %j naming the file and field", (patch, message) => {
    expect(() => parseExperiment({ ...good, ...patch }, "content/experiments/x.json")).toThrow(`content/experiments/x.json: invalid experiment config\n  ${message}`);
  });

  it("accepts each cross-field limit exactly at its edge", () => {
    const edge = {
      ...good,
      frozenLayers: [1, 2],
      optimizer: { kind: "sgd", eta: 0.1, lambda: 5, batchSize: 1000 },
      log: { gradientImages: 1000, every: 3 },
    };
    const e = parseExperiment(edge, "x.json");
    expect([e.frozenLayers, e.optimizer.batchSize, e.log.every, e.log.gradientImages]).toEqual([[1, 2], 1000, 3, 1000]);
    // No training at all (epochs 0, only the initial measurement) logs nothing during training anyway.
    expect(parseExperiment({ ...good, epochs: 0, log: { gradientImages: 10, every: 5 } }, "x.json").log.every).toBe(5);
  });

  it("names every bad field at once, one line each", () => {
    expect(() => parseExperiment({ ...good, frozenLayers: [5], log: { gradientImages: 2000, every: 9 } }, "x.json")).toThrow(
      "x.json: invalid experiment config\n" +
        "  frozenLayers.0: layer 5 does not exist: the network has 2 weight layers\n" +
        "  log.every: every 9 is more than epochs 3: nothing would be logged during training\n" +
        "  log.gradientImages: gradientImages 2000 is larger than data.train 1000",
    );
  });

  it("rejects unknown keys, so a typo cannot silently change nothing", () => {
    expect(() => parseExperiment({ ...good, epoch: 3 }, "x.json")).toThrow(/x\.json: invalid experiment config\n  \(top level\): .*epoch/);
  });

  it("hashes the same config the same way whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
  });
});

function readFileSync(url: URL): string {
  return readFs(url, "utf8");
}
