/**
 * The "through time" demo's settings (src/islands/through-time/settings.ts): URL state parsing (anything
 * bad falls back to the defaults), the committed run each setting names (oracle: the file names in
 * content/experiments/), and the spec the live run trains (oracle: the raw config file's own fields; the
 * pretrain script trains the committed runs with the same recurrentSpecOf).
 */
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DEFAULTS, allRunIds, liveSpec, parseSettings, runId, toRecord, type CommittedConfig } from "../../../../src/islands/through-time/settings.ts";
import { parseExperiment, type RecurrentExperiment } from "../../../../src/lib/schemas/experiment.ts";
import { recurrentSpecOf } from "../../../../src/lib/recurrent/training/recurrent-run.ts";

const ROOT = new URL("../../../..", import.meta.url).pathname;
const DIR = join(ROOT, "content/experiments");
const seed1 = readdirSync(DIR).filter((f) => /^through-time-.*-s1\.json$/.test(f)).map((f) => f.slice(0, -".json".length));
const experiment = (id: string) => parseExperiment(JSON.parse(readFileSync(join(DIR, `${id}.json`), "utf8")), `content/experiments/${id}.json`) as RecurrentExperiment;

describe("through-time settings from the URL", () => {
  it("defaults: tanh RNN, T = 20, uniform init, clipping on", () => {
    expect(parseSettings({})).toEqual({ cell: "rnn", T: 20, init: "uniform", clip: true });
  });
  it("reads every valid value", () => {
    expect(parseSettings({ cell: "lstm", T: "100", init: "uniform", clip: "off" })).toEqual({ cell: "lstm", T: 100, init: "uniform", clip: false });
    expect(parseSettings({ cell: "rnn", T: "5", init: "identity", clip: "on" })).toEqual({ cell: "rnn", T: 5, init: "identity", clip: true });
  });
  it("bad values fall back to the defaults, field by field", () => {
    expect(parseSettings({ cell: "transformer", T: "21", init: "xavier", clip: "maybe" })).toEqual(DEFAULTS);
    expect(parseSettings({ cell: "gru", T: "1e2", clip: "" })).toEqual({ ...DEFAULTS, cell: "gru" });
    expect(parseSettings({ T: "-5" }).T).toBe(20);
    expect(parseSettings({ T: "10.0" }).T).toBe(20);
    expect(parseSettings({ cell: null, T: undefined })).toEqual(DEFAULTS);
  });
  it("orthogonal and identity exist only for the tanh RNN: for an LSTM or GRU they become uniform", () => {
    expect(parseSettings({ cell: "lstm", init: "orthogonal" }).init).toBe("uniform");
    expect(parseSettings({ cell: "gru", init: "identity" }).init).toBe("uniform");
    expect(parseSettings({ cell: "rnn", init: "orthogonal" }).init).toBe("orthogonal");
  });
  it("falls back to the given start rather than the defaults", () => {
    const start = { cell: "gru", T: 50, init: "uniform", clip: false } as const;
    expect(parseSettings({ cell: "bad" }, start)).toEqual(start);
  });
  it("round-trips through the URL record", () => {
    for (const s of [DEFAULTS, { cell: "lstm", T: 5, init: "uniform", clip: false } as const]) expect(parseSettings(toRecord(s))).toEqual(s);
  });
});

describe("the committed run each setting names", () => {
  it("the 25 seed-1 ids are exactly the seed-1 configs in content/experiments/", () => {
    expect(seed1).toHaveLength(25);
    expect(allRunIds().sort()).toEqual([...seed1].sort());
  });
  it("names the run by cell, init (uniform has no suffix) and T", () => {
    expect(runId({ cell: "lstm", T: 10, init: "uniform" })).toBe("through-time-lstm-t10-s1");
    expect(runId({ cell: "rnn", T: 100, init: "orthogonal" })).toBe("through-time-rnn-orthogonal-t100-s1");
  });
  it("refuses an init the cell has no run for, saying so", () => {
    expect(() => runId({ cell: "gru", T: 5, init: "identity" })).toThrow(
      "src/islands/through-time/settings.ts: runId: the identity initialisation has no committed run for the GRU; only the tanh RNN has orthogonal and identity runs",
    );
  });
});

describe("the spec the live run trains", () => {
  const configs: Record<string, CommittedConfig> = Object.fromEntries(seed1.map((id) => [id, { spec: recurrentSpecOf(experiment(id)), epochs: experiment(id).epochs }]));
  it("is each committed config's own fields, read from the raw file (H, T, K, sizes, seed, init, optimiser, clip)", () => {
    for (const id of seed1) {
      const raw = JSON.parse(readFileSync(join(process.cwd(), "content/experiments", `${id}.json`), "utf8"));
      expect(recurrentSpecOf(experiment(id)), id).toEqual({
        cell: raw.cell, H: raw.hidden, T: raw.task.T, K: raw.task.K, trainCount: raw.task.train, testCount: raw.task.test, seed: raw.seed,
        init: raw.init, optimizer: raw.optimizer.kind, eta: raw.optimizer.eta, batchSize: raw.optimizer.batchSize, clip: raw.optimizer.clip,
        gradientSequences: raw.log.gradientSequences,
      });
    }
  });
  it("clipping on: the committed config exactly (LSTM T = 10: H 16, K 4, 512/128, Adam 0.03, batch 64, clip 1, forget bias 1)", () => {
    expect(liveSpec({ cell: "lstm", T: 10, init: "uniform", clip: true }, configs)).toEqual({
      cell: "lstm", H: 16, T: 10, K: 4, trainCount: 512, testCount: 128, seed: 1, init: { recurrent: "uniform", scale: 1, forgetBias: 1 },
      optimizer: "adam", eta: 0.03, batchSize: 64, clip: 1, gradientSequences: 32,
    });
  });
  it("clipping off: the same with clip null", () => {
    expect(liveSpec({ cell: "rnn", T: 20, init: "identity", clip: false }, configs)).toEqual({ ...recurrentSpecOf(experiment("through-time-rnn-identity-t20-s1")), clip: null });
  });
  it("a setting without a config says which file is missing", () => {
    expect(() => liveSpec({ cell: "gru", T: 50, init: "uniform", clip: true }, {})).toThrow(
      "there is no config content/experiments/through-time-gru-t50-s1.json for GRU, T = 50, uniform init; add it (and run npm run pretrain) or pick other settings",
    );
  });
});
