/**
 * The through-time demo's committed runs: the build reads a log through the recurrent run-log schema and
 * hands it to committedLog; the browser checks what it fetched by hand with logFromJson. Both must give the
 * demo the same entries for every committed log, read here as raw JSON.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { committedLog, logFromJson } from "../../../../src/islands/through-time/committed.ts";
import { parseRecurrentRunLog } from "../../../../src/lib/schemas/run-log.ts";

const RUNS = join(process.cwd(), "public/runs");
const raw = (id: string) => JSON.parse(readFileSync(join(RUNS, id, "log.json"), "utf8"));
const recurrent = readdirSync(RUNS).filter((id) => id.startsWith("through-time-"));

describe("a committed recurrent run as the demo draws it", () => {
  it("is the same from the build's schema and from the browser's check, for all 75 runs", () => {
    expect(recurrent).toHaveLength(75);
    for (const id of recurrent) {
      const file = `public/runs/${id}/log.json`;
      expect(committedLog(parseRecurrentRunLog(id, raw(id))), id).toEqual(logFromJson(raw(id), file));
    }
  });

  it("holds the run's distance, chance and every logged entry, the measurement before training first", () => {
    // Written out from the raw file: an LSTM at T = 5, logged every 3rd of 12 epochs.
    const r = raw("through-time-lstm-t5-s1");
    const log = committedLog(parseRecurrentRunLog("through-time-lstm-t5-s1", r));
    expect([log.id, log.T, log.chance]).toEqual(["through-time-lstm-t5-s1", 5, 0.25]);
    expect(log.entries.map((e) => e.epoch)).toEqual([0, 3, 6, 9, 12]);
    expect(log.entries[0].gradNormBeforeClip).toBeNull();
    expect(log.entries[2]).toEqual({
      epoch: 6,
      trainAccuracy: r.epochs[1].trainAccuracy,
      testAccuracy: r.epochs[1].testAccuracy,
      cost: r.epochs[1].cost,
      gradNormBeforeClip: r.epochs[1].gradNormBeforeClip,
      hiddenGradNorms: r.epochs[1].hiddenGradNorms,
    });
  });

  it("gives the demo copies: editing what it drew leaves the log as read", () => {
    const log = parseRecurrentRunLog("through-time-rnn-t10-s1", raw("through-time-rnn-t10-s1"));
    const drawn = committedLog(log);
    drawn.entries[1].hiddenGradNorms[0] = -1;
    drawn.entries[1].gradNormBeforeClip!.max = -1;
    expect(log.epochs[0].hiddenGradNorms[0]).not.toBe(-1);
    expect(log.epochs[0].gradNormBeforeClip!.max).not.toBe(-1);
  });

  it("in the browser, refuses a field the demo draws that is not a finite number, naming it, with a long value cut", () => {
    const file = "runs/x/log.json";
    const spoilt = (edit: (l: any) => void) => {
      const l = raw("through-time-lstm-t5-s1");
      edit(l);
      return () => logFromJson(l, file);
    };
    expect(spoilt((l) => (l.epochs[1].cost = "high"))).toThrow(new Error('the field "epochs.1.cost" of runs/x/log.json is not valid ("high")'));
    expect(spoilt((l) => delete l.initial.epoch)).toThrow(new Error('the field "initial.epoch" of runs/x/log.json is missing'));
    expect(spoilt((l) => (l.epochs[0].gradNormBeforeClip.max = null))).toThrow(new Error('the field "epochs.0.gradNormBeforeClip.max" of runs/x/log.json is not valid (null)'));
    expect(spoilt((l) => (l.epochs[2].hiddenGradNorms[3] = "0.5"))).toThrow(new Error('the field "epochs.2.hiddenGradNorms.3" of runs/x/log.json is not valid ("0.5")'));
    // A list longer than 80 characters is quoted up to there (field-path.ts quoted): 40 ones are 81 characters.
    expect(spoilt((l) => (l.initial.hiddenGradNorms = Array(40).fill(1)))).toThrow(
      new Error(`the field "initial.hiddenGradNorms" of runs/x/log.json is not valid ("40 values, expected T + 1 = 6")`),
    );
    expect(spoilt((l) => (l.task.T = Array(40).fill(1)))).toThrow(new Error(`the field "task.T" of runs/x/log.json is not valid ([${"1,".repeat(39)}1… (a list of 40))`));
  });
});
