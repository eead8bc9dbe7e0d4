/** The one build-time reader of committed files: messages, the schema applied, edits seen, no shared objects. */
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDerived, readRecurrentRunLog, readRunLog } from "../../../src/figures/read-committed.ts";

const committed = JSON.parse(readFileSync(join(process.cwd(), "public/runs/fix-baseline/log.json"), "utf8"));

describe("readRunLog", () => {
  const dir = mkdtempSync(join(tmpdir(), "vg-read-runs-"));
  const write = (id: string, text: string, mtime?: number) => {
    mkdirSync(join(dir, id), { recursive: true });
    writeFileSync(join(dir, id, "log.json"), text);
    if (mtime !== undefined) utimesSync(join(dir, id, "log.json"), mtime, mtime);
  };

  it("says how to train a missing run, and names a file that is not JSON", () => {
    expect(() => readRunLog("never", dir)).toThrow(new Error('there is no run "never" (public/runs/never/log.json). Train it with: npm run pretrain -- --only never'));
    write("torn", "{");
    expect(() => readRunLog("torn", dir)).toThrow(/^public\/runs\/torn\/log\.json is not JSON: /);
  });

  it("applies the run-log schema", () => {
    const bad = structuredClone(committed);
    bad.final.testAccuracy = "high";
    write("bad", JSON.stringify(bad));
    expect(() => readRunLog("bad", dir)).toThrow(new Error('the field "final.testAccuracy" of public/runs/bad/log.json is not a number ("high")'));
  });

  it("sees an edited file, and hands every caller its own copy", () => {
    write("edited", JSON.stringify(committed), 1_000);
    const first = readRunLog("edited", dir);
    expect(first).toEqual(committed);
    first.final.testAccuracy = -1;
    expect(readRunLog("edited", dir).final.testAccuracy).toBe(committed.final.testAccuracy);
    write("edited", JSON.stringify({ ...committed, title: "changed" }), 2_000);
    expect(readRunLog("edited", dir).title).toBe("changed");
  });
});

describe("readRecurrentRunLog", () => {
  const dir = mkdtempSync(join(tmpdir(), "vg-read-recurrent-"));
  const id = "through-time-gru-t10-s2";
  const recurrent = JSON.parse(readFileSync(join(process.cwd(), "public/runs", id, "log.json"), "utf8"));
  const write = (run: string, log: unknown) => {
    mkdirSync(join(dir, run), { recursive: true });
    writeFileSync(join(dir, run, "log.json"), JSON.stringify(log));
  };

  it("reads a committed recurrent log as written, and says how to train a missing one", () => {
    write(id, recurrent);
    expect(readRecurrentRunLog(id, dir)).toEqual(recurrent);
    expect(() => readRecurrentRunLog("never", dir)).toThrow(new Error('there is no run "never" (public/runs/never/log.json). Train it with: npm run pretrain -- --only never'));
  });

  it("applies the recurrent run-log schema, and refuses an MLP's log", () => {
    write("mlp", committed);
    expect(() => readRecurrentRunLog("mlp", dir)).toThrow(new Error('the field "kind" of public/runs/mlp/log.json is missing'));
    write("short", { ...recurrent, epochs: recurrent.epochs.map((e: { hiddenGradNorms: number[] }, i: number) => (i === 1 ? { ...e, hiddenGradNorms: e.hiddenGradNorms.slice(1) } : e)) });
    expect(() => readRecurrentRunLog("short", dir)).toThrow(new Error('the field "epochs[1].hiddenGradNorms" of public/runs/short/log.json has 10 entries, expected T + 1 = 11 (t = 0..T)'));
  });
});

describe("readDerived", () => {
  const dir = mkdtempSync(join(tmpdir(), "vg-read-derived-"));
  mkdirSync(join(dir, "some-loader"));
  writeFileSync(join(dir, "some-loader/out.json"), JSON.stringify({ n: 3 }));

  it("says which loader makes a missing file", () => {
    expect(() => readDerived("other-loader/x.json", undefined, dir)).toThrow(
      new Error("there is no derived file public/derived/other-loader/x.json. Compute it with: npm run derive -- --only other-loader"),
    );
  });

  it("runs the asset's parser with the file as messages name it, and copies unparsed JSON", () => {
    const seen: string[] = [];
    const parsed = readDerived("some-loader/out.json", (json, shown) => {
      seen.push(shown);
      return (json as { n: number }).n * 2;
    }, dir);
    expect(parsed).toBe(6);
    expect(seen).toEqual(["public/derived/some-loader/out.json"]);
    const raw = readDerived<{ n: number }>("some-loader/out.json", undefined, dir);
    raw.n = 100;
    expect(readDerived<{ n: number }>("some-loader/out.json", undefined, dir).n).toBe(3);
  });

  it("adds the command that recomputes the file to what its parser refuses, once", () => {
    const refuse = (message: string) => () => {
      throw new Error(message);
    };
    expect(() => readDerived("some-loader/out.json", refuse('the field "n" of public/derived/some-loader/out.json is not valid (3)'), dir)).toThrow(
      new Error('the field "n" of public/derived/some-loader/out.json is not valid (3); recompute it with: npm run derive -- --only some-loader'),
    );
    // A parser that already says the command (a plane missing from the file) is left as it is.
    expect(() => readDerived("some-loader/out.json", refuse("no plane for x. Compute it with: npm run derive -- --only some-loader"), dir)).toThrow(
      new Error("no plane for x. Compute it with: npm run derive -- --only some-loader"),
    );
  });
});
