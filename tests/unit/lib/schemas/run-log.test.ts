/**
 * The run-log schemas (MLP and recurrent) against every committed log (read as raw JSON, not through src/) and against
 * hand-broken copies: each refusal names the file and the field, in one wording for every reader.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRecurrentRunLog, parseRunLog } from "../../../../src/lib/schemas/run-log.ts";
import { fieldName } from "../../../../src/lib/schemas/field-path.ts";
import { fullLog } from "../../../support/run-log.ts";

const RUNS = join(process.cwd(), "public/runs");
const raw = (id: string) => JSON.parse(readFileSync(join(RUNS, id, "log.json"), "utf8"));
// Recurrent runs write another log (src/lib/recurrent/training/recurrent-run.ts); their config says so.
const mlpRuns = readdirSync(RUNS).filter((id) => !JSON.parse(readFileSync(join(process.cwd(), "content/experiments", `${id}.json`), "utf8")).kind);

describe("the run-log schema", () => {
  it("reads every committed MLP log back exactly as written", () => {
    expect(mlpRuns.length).toBe(15);
    for (const id of mlpRuns) expect(parseRunLog(id, raw(id)), id).toEqual(raw(id));
  });

  it("accepts the test helper's filled-in hand-made log", () => {
    expect(() => parseRunLog("hand-made", fullLog({ architecture: [4, 3, 3, 2] }))).not.toThrow();
  });

  it("writes field paths as a reader types them", () => {
    expect(fieldName(["epochs", 2, "testAccuracy"])).toBe("epochs[2].testAccuracy");
    expect(fieldName([])).toBe("(top level)");
  });

  const broken = (edit: (log: any) => void) => {
    const log = raw("nielsen-2-hidden");
    edit(log);
    return () => parseRunLog("nielsen-2-hidden", log);
  };
  const file = "public/runs/nielsen-2-hidden/log.json";

  it.each([
    ["a missing field", (l: any) => delete l.epochs[2].testAccuracy, `the field "epochs[2].testAccuracy" of ${file} is missing`],
    ["a number as text", (l: any) => (l.initial.gradNorms[1] = "0.3"), `the field "initial.gradNorms[1]" of ${file} is not a number ("0.3")`],
    ["an empty list", (l: any) => (l.epochs = []), `the field "epochs" of ${file} is an empty list`],
    ["a negative weight change", (l: any) => (l.epochs[0].weightChange[0] = -1), `the field "epochs[0].weightChange[0]" of ${file} is -1, below its least value 0`],
    ["an unknown key", (l: any) => (l.final.tesAccuracy = 1), `the field "final" of ${file} has the unknown key "tesAccuracy"`],
    ["a fraction of a layer", (l: any) => (l.architecture[1] = 30.5), `the field "architecture[1]" of ${file} is not a whole number (30.5)`],
  ])("%s is refused with the field named", (_, edit, message) => {
    expect(broken(edit)).toThrow(new Error(message));
  });

  it("refuses lists that disagree with the architecture, epochs out of order and a path of the wrong length", () => {
    expect(broken((l) => l.final.weightGradNorms.pop())).toThrow(
      new Error(`the field "final.weightGradNorms" of ${file} has 2 entries, but the architecture [784,30,30,10] has 3 weight layers`),
    );
    // This run logs every 5th of 500 epochs: 100 logged epochs, 101 snapshots with the start.
    expect(raw("nielsen-2-hidden").epochs.slice(0, 2).map((e: { epoch: number }) => e.epoch)).toEqual([5, 10]);
    expect(broken((l) => (l.epochs[1].epoch = 5))).toThrow(new Error(`the field "epochs[1].epoch" of ${file} is 5, not after 5`));
    expect(broken((l) => l.path.alpha.pop())).toThrow(
      new Error(`the field "path.alpha" of ${file} has 100 entries, but the log has 101 snapshots (epoch 0 and 100 logged epochs)`),
    );
  });
});

// Recurrent runs' configs say "kind": "recurrent".
const recurrentRuns = readdirSync(RUNS).filter((id) => JSON.parse(readFileSync(join(process.cwd(), "content/experiments", `${id}.json`), "utf8")).kind === "recurrent");

describe("the recurrent run-log schema", () => {
  it("reads every committed recurrent log back exactly as written", () => {
    // 5 configurations × 5 distances × 3 seeds.
    expect(recurrentRuns.length).toBe(75);
    for (const id of recurrentRuns) expect(parseRecurrentRunLog(id, raw(id)), id).toEqual(raw(id));
  });

  const id = "through-time-lstm-t5-s1";
  const file = `public/runs/${id}/log.json`;
  const broken = (edit: (log: any) => void, run = id) => {
    const log = raw(run);
    edit(log);
    return () => parseRecurrentRunLog(run, log);
  };

  it("is the log this test reads: an LSTM at T = 5 logged at epochs 3, 6, 9 and 12", () => {
    const l = raw(id);
    expect([l.kind, l.cell, l.task.T, l.task.K]).toEqual(["recurrent", "lstm", 5, 4]);
    expect(l.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([3, 6, 9, 12]);
    expect(l.initial.hiddenGradNorms).toHaveLength(6);
  });

  it.each([
    ["an MLP's log", (l: any) => (l.kind = undefined), `the field "kind" of ${file} is missing`],
    ["an unknown cell", (l: any) => (l.cell = "lstm2"), `the field "cell" of ${file} is not valid ("lstm2"): a recurrent cell is one of "rnn", "lstm", "gru"`],
    ["an accuracy above 1", (l: any) => (l.epochs[1].testAccuracy = 1.5), `the field "epochs[1].testAccuracy" of ${file} is not valid (1.5): an accuracy is at most 1`],
    ["a negative norm", (l: any) => (l.final.hiddenGradNorms[2] = -1), `the field "final.hiddenGradNorms[2]" of ${file} is -1, below its least value 0`],
    ["an unknown key", (l: any) => (l.task.seed = 1), `the field "task" of ${file} has the unknown key "seed"`],
    ["T + 2 norms", (l: any) => l.epochs[0].hiddenGradNorms.push(0), `the field "epochs[0].hiddenGradNorms" of ${file} has 7 entries, expected T + 1 = 6 (t = 0..T)`],
    ["an LSTM without ‖∂C/∂c_t‖", (l: any) => delete l.epochs[2].cellGradNorms, `the field "epochs[2].cellGradNorms" of ${file} is missing: an LSTM's log holds ‖∂C/∂c_t‖`],
    ["too few ‖∂C/∂c_t‖", (l: any) => l.initial.cellGradNorms.pop(), `the field "initial.cellGradNorms" of ${file} has 5 entries, expected T + 1 = 6 (t = 0..T)`],
    ["a wrong chance", (l: any) => (l.task.chance = 0.2), `the field "task.chance" of ${file} is 0.2, expected 1/K = 0.25`],
    ["an initial entry after training", (l: any) => (l.initial.epoch = 1), `the field "initial.epoch" of ${file} is 1, expected 0 (before training)`],
    ["a clipping norm before any step", (l: any) => (l.initial.gradNormBeforeClip = { mean: 1, max: 1 }), `the field "initial.gradNormBeforeClip" of ${file} is not null: no step comes before the first measurement`],
    ["epochs out of order", (l: any) => (l.epochs[2].epoch = 6), `the field "epochs[2].epoch" of ${file} is 6, not after 6`],
    ["a logged epoch without its clipping norm", (l: any) => (l.epochs[3].gradNormBeforeClip = null), `the field "epochs[3].gradNormBeforeClip" of ${file} is null, but steps came before it`],
    ["a final entry that is not the last", (l: any) => (l.final.cost = l.final.cost * 2), `the field "final" of ${file} is not a copy of the last entry (epochs[3])`],
  ])("%s is refused with the field named", (_, edit, message) => {
    expect(broken(edit)).toThrow(new Error(message));
  });

  it("refuses ‖∂C/∂c_t‖ in a log of a cell without a cell state", () => {
    const gru = "through-time-gru-t5-s1";
    expect(broken((l) => (l.epochs[1].cellGradNorms = [0, 0, 0, 0, 0, 0]), gru)).toThrow(
      new Error(`the field "epochs[1].cellGradNorms" of public/runs/${gru}/log.json is there, but a GRU has no cell state`),
    );
    const rnn = "through-time-rnn-t5-s1";
    expect(broken((l) => (l.initial.cellGradNorms = [0, 0, 0, 0, 0, 0]), rnn)).toThrow(
      new Error(`the field "initial.cellGradNorms" of public/runs/${rnn}/log.json is there, but an RNN has no cell state`),
    );
  });
});
