/**
 * Study configs (content/studies/*.json): every committed one is accepted, a bad
 * one is rejected naming the file and every bad field; the summary statistics
 * and the learning-rate schedule (Nielsen's variable η) against hand-worked sequences.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { etaSchedule, parseAnswersTable, parseStudy, type ScheduleStep } from "../../../../src/lib/schemas/study.ts";

const DIR = new URL("../../../../content/studies/", import.meta.url);
const config = (id: string) => JSON.parse(readFileSync(new URL(`${id}.json`, DIR), "utf8"));

describe("study configs", () => {
  it("accepts every committed config, one per row of the answers table", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
    expect(files).toEqual([
      "all-trained.json",
      "blanked-unlucky.json",
      "frozen-first-layer-converged.json",
      "frozen-width-100.json",
      "frozen-width-1000.json",
      "frozen-width-300.json",
      "readout-random-30.json",
      "readout-raw-784.json",
      "readout-trained-30.json",
    ]);
    for (const f of files) expect(() => parseStudy(JSON.parse(readFileSync(new URL(f, DIR), "utf8")), f)).not.toThrow();
  });

  it("the training rows share everything but the first layer's width and whether it is frozen", () => {
    const strip = (id: string) => {
      const { title: _t, description: _d, architecture, frozenLayers, ...rest } = config(id);
      return { rest, upper: architecture.slice(2), frozenLayers };
    };
    const all = strip("all-trained");
    expect(all.frozenLayers).toEqual([]);
    for (const id of ["frozen-first-layer-converged", "frozen-width-100", "frozen-width-300", "frozen-width-1000"]) {
      expect(strip(id)).toEqual({ ...all, frozenLayers: [1] });
    }
    expect(all.rest.seeds).toEqual([1, 2, 3]);
    expect(all.rest.optimizer).toEqual({ kind: "sgd", eta: 0.1, lambda: 0, batchSize: 10 });
    expect(all.rest.stopping).toEqual({ patience: 10, minImprovement: 0.1, halvings: 7, maxEpochs: 1000 });
  });

  it("rejects a bad config naming the file and every bad field at once", () => {
    const bad = { ...config("all-trained"), eta: 1, frozenLayers: [2], seeds: [1, 1], data: { train: 8000, test: 10 } };
    expect(() => parseStudy(bad, "content/studies/x.json")).toThrow(/^content\/studies\/x\.json: invalid study config\n/);
    let message = "";
    try {
      parseStudy(bad, "content/studies/x.json");
    } catch (e) {
      message = (e as Error).message;
    }
    for (const field of ["  (top level): ", "  frozenLayers", "  seeds: seeds must be distinct", "  data.test: "]) expect(message).toContain(field);
    expect(() => parseStudy({ ...config("readout-raw-784"), validation: 8000 }, "r.json")).toThrow("r.json: invalid study config\n  validation: validation 8000 leaves no training images out of 8000");
    expect(() => parseStudy({ ...config("readout-raw-784"), features: { source: "pixels", width: 3 } }, "r.json")).toThrow("features");
    expect(() => parseStudy({ ...config("blanked-unlucky"), kind: "probe" }, "b.json")).toThrow("b.json: invalid study config\n  kind: ");
  });

  it("rejects a stopping block that is not exactly {patience, minImprovement, halvings, maxEpochs}, naming the field", () => {
    const withStopping = (stopping: unknown) => () => parseStudy({ ...config("frozen-width-100"), stopping }, "content/studies/s.json");
    // The old plateau-only block: no halvings.
    expect(withStopping({ maxEpochs: 300, patience: 10, minImprovement: 0.1 })).toThrow(/^content\/studies\/s\.json: invalid study config\n  stopping\.halvings: /);
    expect(withStopping({ patience: 10, minImprovement: 0.1, halvings: 7, maxEpochs: 1000, eta: 0.5 })).toThrow(/\n  stopping: .*"eta"/);
    for (const halvings of [-1, 1.5]) expect(withStopping({ patience: 10, minImprovement: 0.1, halvings, maxEpochs: 1000 })).toThrow("\n  stopping.halvings: ");
    expect(withStopping({ patience: 0, minImprovement: 0, halvings: 7, maxEpochs: 1000 })).toThrow(/stopping\.patience: .*\n  stopping\.minImprovement: /);
    expect(withStopping({ patience: 10, minImprovement: 0.1, halvings: 0, maxEpochs: 1 })).not.toThrow();
  });
});

describe("seeds", () => {
  it("a study that averages over seeds names at least two: one seed has no spread", () => {
    const study = JSON.parse(readFileSync(join(process.cwd(), "content/studies/frozen-width-100.json"), "utf8"));
    expect(() => parseStudy({ ...study, seeds: [1] }, "content/studies/x.json")).toThrow(
      "content/studies/x.json: invalid study config\n  seeds: at least two seeds: one seed has no spread to show as ±",
    );
    expect(() => parseStudy({ ...study, seeds: [1, 2] }, "content/studies/x.json")).not.toThrow();
  });
});

describe("the learning-rate schedule (Nielsen's variable η)", () => {
  const stopping = { patience: 3, minImprovement: 0.1, halvings: 2, maxEpochs: 300 };
  /** Feeds epochs 1, 2, … their correct counts; lists every step that is not "continue", up to the stop. */
  const run = (correct: number[], s = stopping) => {
    const schedule = etaSchedule(s, 8000);
    const steps: [number, ScheduleStep][] = [];
    for (let e = 1; e <= correct.length; e++) {
      const step = schedule.update(correct[e - 1], e);
      if (step !== "continue") steps.push([e, step]);
      if (step === "stop") break;
    }
    return steps;
  };
  const flat = (epochs: number, v = 100) => Array.from({ length: epochs }, () => v);

  it("needs 0.1% of 8,000 = 8 more correct images than the best to count as an improvement", () => {
    expect(etaSchedule(stopping, 8000).needed).toBe(8);
    expect(etaSchedule(stopping, 1000).needed).toBe(1);
  });

  it("halves η after exactly `patience` epochs without such an improvement, and not before", () => {
    // Epoch 1 sets the best (100); epochs 2, 3, 4 gain 7 < 8: flat count 1, 2, 3 → halve after epoch 4.
    expect(run([100, 107, 107, 107])).toEqual([[4, "halve"]]);
    // 108 at epoch 2 is an improvement (count 0); epochs 3, 4 are flat 1, 2: nothing yet; epoch 5 is the 3rd.
    expect(run([100, 108, 108, 108])).toEqual([]);
    expect(run([100, 108, 108, 108, 108])).toEqual([[5, "halve"]]);
  });

  it("restarts the count after a halving, keeps the best, and counts an improvement after it", () => {
    // Halve after 4; epochs 5, 6, 7 flat again (the best is still 100, so 107 is no gain) → halve after 7.
    expect(run([100, 100, 100, 100, 107, 107, 107, 107])).toEqual([[4, "halve"], [7, "halve"]]);
    // Halve after 4; 108 at epoch 5 improves (count 0); 6, 7, 8 flat → the second halving after 8, not 7.
    expect(run([100, 100, 100, 100, 108, 108, 108, 108])).toEqual([[4, "halve"], [8, "halve"]]);
    // After a halving the best is kept: 104 at epoch 5 is only +4 over 100.
    expect(run([100, 100, 100, 100, 104, 104, 104])).toEqual([[4, "halve"], [7, "halve"]]);
  });

  it("does not let a slow creep of small gains reset the count, but counts them once they add up to the threshold", () => {
    // +4 a time: the best is raised only at 108 (8 over 100), then 116 (8 over 108), …: never 3 flat in a row.
    expect(run([100, 104, 108, 112, 116, 120, 124])).toEqual([]);
    expect(run([100, 103, 106, 107])).toEqual([[4, "halve"]]);
  });

  it("stops when the count runs out after the last allowed halving: the last `patience` epochs run at η/2^halvings", () => {
    // patience 3, 2 halvings, never an improvement after epoch 1: halve after 4 and 7, stop after 10.
    expect(run(flat(20))).toEqual([[4, "halve"], [7, "halve"], [10, "stop"]]);
    // The committed configs: patience 10, 7 halvings → halvings after 11, 21, …, 71 (η/128 from epoch 72), stop after 81.
    const nielsen = { patience: 10, minImprovement: 0.1, halvings: 7, maxEpochs: 1000 };
    expect(run(flat(200), nielsen)).toEqual([11, 21, 31, 41, 51, 61, 71].map((e) => [e, "halve"]).concat([[81, "stop"]]));
    const s = etaSchedule(nielsen, 8000);
    for (let e = 1; e <= 71; e++) s.update(100, e);
    expect(s.halved).toBe(7);
    // halvings 0 is the plain plateau rule: stop after the first `patience` flat epochs.
    expect(run([100, 107, 107, 107], { ...stopping, halvings: 0 })).toEqual([[4, "stop"]]);
  });

  it("stops at maxEpochs whatever happens, even where a plateau would halve η", () => {
    expect(run([100, 200, 300, 400], { ...stopping, maxEpochs: 3 })).toEqual([[3, "stop"]]);
    expect(run(flat(10), { ...stopping, maxEpochs: 4 })).toEqual([[4, "stop"]]);
    expect(run(flat(10), { ...stopping, maxEpochs: 5 })).toEqual([[4, "halve"], [5, "stop"]]);
  });
});

describe("public/derived/answers/answers.json", () => {
  const file = "public/derived/answers/answers.json";
  const committed = () => JSON.parse(readFileSync(join(process.cwd(), file), "utf8"));
  it("the committed table passes its schema and reads back as written", () => {
    expect(parseAnswersTable(committed())).toEqual(committed());
  });
  it("a bad row is refused with the file and the field named", () => {
    const t = committed();
    const i = t.rows.findIndex((r: { kind: string }) => r.kind === "train");
    t.rows[i].seeds[0].testAccuracy = 1.5;
    expect(() => parseAnswersTable(t)).toThrow(new Error(`the field "rows[${i}].seeds[0].testAccuracy" of ${file} is 1.5, above its greatest value 1`));
    const u = committed();
    u.rows[i].kind = "trained";
    expect(() => parseAnswersTable(u)).toThrow(`the field "rows[${i}].kind" of ${file} is not valid ("trained")`);
  });
});
