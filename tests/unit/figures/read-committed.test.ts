/** The one build-time reader of committed files: messages, the schema applied, edits seen, no shared objects. */
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDerived, readRunLog } from "../../../src/figures/read-committed.ts";

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
