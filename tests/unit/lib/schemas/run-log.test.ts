/**
 * The run-log schema against every committed MLP log (read as raw JSON, not through src/) and against
 * hand-broken copies: each refusal names the file and the field, in one wording for every reader.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRunLog } from "../../../../src/lib/schemas/run-log.ts";
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
