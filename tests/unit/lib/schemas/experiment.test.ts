import { describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import { readFileSync as readFs } from "node:fs";
import { canonicalJson, knownKeys, parseExperiment as parseBare, suggestKey, trainingRelevant, type Experiment } from "../../../../src/lib/schemas/experiment.ts";
import { closest } from "../../../../src/lib/site/closest.ts";

/** As pretrain, the build and the trainer's presets parse: with closest's guesses for unknown keys. */
const parseExperiment = (json: unknown, file: string) => parseBare(json, file, closest);

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
    const dir = new URL("../../../../content/experiments/", import.meta.url);
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
    const e = parseExperiment(edge, "x.json") as Experiment;
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
    expect(() => parseExperiment({ ...good, epoch: 3 }, "x.json")).toThrow('x.json: unknown key "epoch" — did you mean "epochs"?');
  });

  describe("an unknown key names the file, the key's path and the key most likely meant", () => {
    const { optimizer, epochs, log, ...rest } = good;
    const cases: [string, Record<string, unknown>, string][] = [
      ["a misspelt key at the top level (and no complaint that optimizer is missing)", { ...rest, epochs, log, optimiser: optimizer }, 'unknown key "optimiser" — did you mean "optimizer"?'],
      ["a singular for a plural", { ...rest, optimizer, log, epoch: 3 }, 'unknown key "epoch" — did you mean "epochs"?'],
      ["another name for η, inside optimizer", { ...rest, epochs, log, optimizer: { kind: "sgd", learningRate: 0.1, lambda: 5, batchSize: 10 } }, 'unknown key "optimizer.learningRate" — did you mean "optimizer.eta"?'],
      ["a key in log", { ...rest, optimizer, epochs, log: { gradientImage: 1000 } }, 'unknown key "log.gradientImage" — did you mean "log.gradientImages"?'],
      ["a key written in another case", { ...rest, optimizer, epochs, log, batchnorm: true }, 'unknown key "batchnorm" — did you mean "batchNorm"?'],
      ["Nielsen's name for the layer sizes", { ...rest, optimizer, epochs, log, architecture: undefined, sizes: [784, 30, 10] }, 'unknown key "sizes" — did you mean "architecture"?'],
      ["the opt-out, misspelt", { ...good, presets: false }, 'unknown key "presets" — did you mean "preset"?'],
    ];
    it.each(cases)("%s", (_, json, line) => {
      expect(() => parseExperiment(json, "content/experiments/x.json")).toThrow(new Error(`content/experiments/x.json: ${line}`));
    });

    it("with no key near enough, lists the keys that object accepts", () => {
      expect(() => parseExperiment({ ...good, colour: "red" }, "content/experiments/x.json")).toThrow(
        new Error(`content/experiments/x.json: unknown key "colour" — remove it, or use one of the keys at the top level: ${knownKeys([]).join(", ")}`),
      );
      expect(() => parseExperiment({ ...good, data: { train: 1000, test: 500, shuffle: true } }, "content/experiments/x.json")).toThrow(
        new Error('content/experiments/x.json: unknown key "data.shuffle" — remove it, or use one of the keys of data: train, test'),
      );
    });

    it("comes first, followed by the other mistakes as before", () => {
      expect(() => parseExperiment({ ...good, seeds: 2, frozenLayers: [5] }, "x.json")).toThrow(
        new Error('x.json: unknown key "seeds" — did you mean "seed"?\nx.json: invalid experiment config\n  frozenLayers.0: layer 5 does not exist: the network has 2 weight layers'),
      );
    });

    it("knows the keys of every object in the schema", () => {
      expect(knownKeys([])).toEqual(["title", "description", "architecture", "activation", "cost", "init", "optimizer", "epochs", "data", "seed", "frozenLayers", "batchNorm", "residual", "preset", "log"]);
      expect(knownKeys(["optimizer"])).toEqual(["kind", "eta", "lambda", "batchSize"]);
      expect(knownKeys(["init"])).toEqual(["weights", "biases"]);
      expect(knownKeys(["data"])).toEqual(["train", "test"]);
      expect(knownKeys(["log"])).toEqual(["gradientImages", "every"]);
      expect(knownKeys(["seed"])).toEqual([]);
      expect(suggestKey(["optimizer"], "lr")).toBe("eta");
      expect(suggestKey(["optimizer"], "weightDecay")).toBe("lambda");
      expect(suggestKey([], "lr", closest)).toBeNull();
      expect(suggestKey([], "optimiser", closest)).toBe("optimizer");
    });

    it("without a guesser (as the derived-data loaders parse) names the allowed keys, and still knows the aliases", () => {
      const { optimizer: _o, ...rest } = good;
      expect(() => parseBare({ ...rest, optimiser: good.optimizer }, "x.json")).toThrow(
        new Error(`x.json: unknown key "optimiser" — remove it, or use one of the keys at the top level: ${knownKeys([]).join(", ")}\nx.json: invalid experiment config\n  optimizer: Invalid input: expected object, received undefined`),
      );
      expect(() => parseBare({ ...good, optimizer: { ...good.optimizer, eta: undefined, lr: 0.1 } }, "x.json")).toThrow(new Error('x.json: unknown key "optimizer.lr" — did you mean "optimizer.eta"?'));
    });
  });

  it('"preset" is an optional boolean, true unless the config says false, and not part of what training depends on', () => {
    expect((parseExperiment(good, "x.json") as Experiment).preset).toBe(true);
    expect((parseExperiment({ ...good, preset: false }, "x.json") as Experiment).preset).toBe(false);
    expect(() => parseExperiment({ ...good, preset: "no" }, "x.json")).toThrow("x.json: invalid experiment config\n  preset: ");
    const on = parseExperiment(good, "x.json");
    const off = parseExperiment({ ...good, preset: false, title: "other", description: "other" }, "x.json");
    expect(canonicalJson(trainingRelevant(off))).toBe(canonicalJson(trainingRelevant(on)));
    expect(Object.keys(trainingRelevant(on))).not.toContain("preset");
  });

  it("hashes the same config the same way whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
  });
});

function readFileSync(url: URL): string {
  return readFs(url, "utf8");
}

// ---------------------------------------------------------------------------------------------
// Recurrent experiments ("kind": "recurrent", lesson 7).

const rnn = {
  kind: "recurrent",
  title: "t",
  description: "d",
  cell: "lstm",
  hidden: 16,
  task: { T: 10, K: 4, train: 256, test: 128 },
  init: { recurrent: "uniform", scale: 1, forgetBias: 1 },
  optimizer: { kind: "adam", eta: 0.01, batchSize: 64, clip: 1 },
  epochs: 4,
  seed: 1,
  log: { gradientSequences: 64, every: 2 },
};

describe("recurrent experiment configs", () => {
  it("parse with their kind, cell, task, init, optimizer and log (log.every defaults to 1)", () => {
    const e = parseExperiment(rnn, "x.json");
    expect(e).toEqual(rnn);
    const { every: _every, ...log } = rnn.log;
    expect(parseExperiment({ ...rnn, log }, "x.json")).toEqual({ ...rnn, log: { ...log, every: 1 } });
    // No clipping is written null; forgetBias may be left out (the LSTM's default 1 is the trainer's).
    const { forgetBias: _f, ...init } = rnn.init;
    expect(parseExperiment({ ...rnn, cell: "gru", init, optimizer: { ...rnn.optimizer, clip: null } }, "x.json")).toMatchObject({ cell: "gru", init, optimizer: { clip: null } });
  });

  it("an MLP config without kind parses exactly as before (no kind key appears)", () => {
    expect(Object.keys(parseExperiment(good, "x.json"))).not.toContain("kind");
    expect(trainingRelevant(parseExperiment(good, "x.json"))).not.toHaveProperty("kind");
  });

  it.each([
    [{ cell: "vanilla" }, 'cell: Invalid option: expected one of "rnn"|"lstm"|"gru"'],
    [{ hidden: 0 }, "hidden: Too small: expected number to be >0"],
    [{ task: { ...rnn.task, T: 0 } }, "task.T: Too small: expected number to be >=1"],
    [{ task: { ...rnn.task, K: 1 } }, "task.K: Too small: expected number to be >=2"],
    [{ init: { recurrent: "xavier", scale: 1 } }, 'init.recurrent: Invalid option: expected one of "uniform"|"orthogonal"|"identity"'],
    [{ init: { recurrent: "identity", scale: 0 } }, "init.scale: Too small: expected number to be >0"],
    [{ cell: "rnn", init: { recurrent: "identity", scale: 1, forgetBias: 1 } }, 'init.forgetBias: forgetBias applies to the LSTM only (cell is "rnn"): remove it'],
    [{ optimizer: { ...rnn.optimizer, kind: "layerwise" } }, 'optimizer.kind: Invalid option: expected one of "sgd"|"adam"'],
    [{ optimizer: { ...rnn.optimizer, clip: 0 } }, "optimizer.clip: Too small: expected number to be >0"],
    [{ optimizer: { ...rnn.optimizer, batchSize: 257 } }, "optimizer.batchSize: batchSize 257 is larger than task.train 256"],
    [{ log: { gradientSequences: 300 } }, "log.gradientSequences: gradientSequences 300 is larger than task.train 256"],
    [{ log: { gradientSequences: 64, every: 5 } }, "log.every: every 5 is more than epochs 4: nothing would be logged during training"],
    [{ epochs: -1 }, "epochs: Too small: expected number to be >=0"],
  ])("rejects %j with the exact message naming the file and field", (patch, message) => {
    expect(() => parseExperiment({ ...rnn, ...patch }, "content/experiments/x.json")).toThrow(new Error(`content/experiments/x.json: invalid experiment config\n  ${message}`));
  });

  it("rejects an unknown kind, saying what kinds there are", () => {
    expect(() => parseExperiment({ ...rnn, kind: "rnn" }, "content/experiments/x.json")).toThrow(
      new Error('content/experiments/x.json: invalid experiment config\n  kind: "rnn" is not a kind of experiment: write "recurrent" for a recurrent network (cell rnn, lstm or gru), or leave "kind" out for an MLP'),
    );
  });

  it("guesses misspelt and aliased keys from the recurrent schema's own keys", () => {
    const { hidden, ...noHidden } = rnn;
    expect(() => parseExperiment({ ...noHidden, hiddenSize: hidden }, "x.json")).toThrow(new Error('x.json: unknown key "hiddenSize" — did you mean "hidden"?'));
    expect(() => parseExperiment({ ...rnn, optimizer: { kind: "adam", eta: 0.01, batchSize: 64, clipNorm: 1 } }, "x.json")).toThrow(new Error('x.json: unknown key "optimizer.clipNorm" — did you mean "optimizer.clip"?'));
    expect(() => parseExperiment({ ...rnn, architecture: [784, 10] }, "x.json")).toThrow(
      new Error('x.json: unknown key "architecture" — remove it, or use one of the keys at the top level: kind, title, description, cell, hidden, task, init, optimizer, epochs, seed, log'),
    );
    // "preset" is an MLP key: a recurrent experiment is never a live-trainer preset.
    expect(() => parseExperiment({ ...rnn, preset: false }, "x.json")).toThrow('x.json: unknown key "preset"');
  });

  it("hash what decides training: title and description are left out", () => {
    const e = parseExperiment(rnn, "x.json");
    expect(canonicalJson(trainingRelevant(e))).toBe(canonicalJson(trainingRelevant(parseExperiment({ ...rnn, title: "other", description: "other" }, "x.json"))));
    expect(canonicalJson(trainingRelevant(e))).not.toBe(canonicalJson(trainingRelevant(parseExperiment({ ...rnn, seed: 2 }, "x.json"))));
  });
});
