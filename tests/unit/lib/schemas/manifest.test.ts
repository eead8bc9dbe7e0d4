/**
 * The manifest schemas against every committed manifest (read as raw JSON; which schema a run's takes comes from its
 * experiment config, not from src/) and against hand-broken copies: each refusal names the file and the field.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDerivedManifest, parseRecurrentManifest, parseRunManifest } from "../../../../src/lib/schemas/manifest.ts";

const ROOT = process.cwd();
const raw = (dir: string, id: string) => JSON.parse(readFileSync(join(ROOT, dir, id, "manifest.json"), "utf8"));
const folders = (dir: string) => readdirSync(join(ROOT, dir), { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith(".")).map((d) => d.name);
const recurrent = (id: string) => JSON.parse(readFileSync(join(ROOT, "content/experiments", `${id}.json`), "utf8")).kind === "recurrent";
const runs = folders("public/runs");
const derived = folders("public/derived");
const F = "public/runs/nielsen-2-hidden/manifest.json";
const mlp = () => raw("public/runs", "nielsen-2-hidden");

describe("the manifest schemas", () => {
  it("read every committed manifest back as written: 15 MLP runs, 75 recurrent runs, 8 derived assets", () => {
    expect([runs.filter((id) => !recurrent(id)).length, runs.filter(recurrent).length, derived.length]).toEqual([15, 75, 8]);
    for (const id of runs) expect((recurrent(id) ? parseRecurrentManifest : parseRunManifest)(raw("public/runs", id), id), id).toEqual(raw("public/runs", id));
    for (const id of derived) expect(parseDerivedManifest(raw("public/derived", id), id), id).toEqual(raw("public/derived", id));
  });

  it("refuse a run manifest's missing, mistyped or extra field, naming the file and the field", () => {
    const { files: _, ...noFiles } = mlp();
    expect(() => parseRunManifest(noFiles, F)).toThrow(`the field "files" of ${F} is missing`);
    expect(() => parseRunManifest({ ...mlp(), files: {} }, F)).toThrow(`the field "files" of ${F} is not valid ({}): at least one file`);
    expect(() => parseRunManifest({ ...mlp(), files: { "log.json": "abc" } }, F)).toThrow(`the field "files.log.json" of ${F} is not valid ("abc"): a sha256 in 64 lowercase hex digits`);
    expect(() => parseRunManifest({ ...mlp(), shippedFinalTestAccuracy: 1.5 }, F)).toThrow(`the field "shippedFinalTestAccuracy" of ${F} is 1.5, above its greatest value 1`);
    expect(() => parseRunManifest({ ...mlp(), startedAt: "yesterday" }, F)).toThrow(`the field "startedAt" of ${F} is not valid ("yesterday"): Invalid ISO datetime`);
    expect(() => parseRunManifest({ ...mlp(), note: "hand-edited" }, F)).toThrow(`the field "(top level)" of ${F} has the unknown key "note"`);
  });

  it("keep an MLP run's manifest and a recurrent run's apart", () => {
    const rnn = raw("public/runs", "through-time-gru-t5-s1");
    expect(() => parseRunManifest(rnn, "R")).toThrow('the field "quantization" of R is not valid ("float32"): Invalid input: expected "uint8"');
    expect(() => parseRunManifest({ ...rnn, quantization: "uint8", shippedInitialGradNorms: [1] }, "R")).toThrow('the field "(top level)" of R has the unknown key "kind"');
    expect(() => parseRecurrentManifest(mlp(), F)).toThrow(`the field "kind" of ${F} is missing`);
    expect(() => parseRecurrentManifest({ ...rnn, quantization: "uint8" }, "R")).toThrow('the field "quantization" of R is not valid ("uint8"): Invalid input: expected "float32"');
  });

  it("refuse a derived manifest's bad field", () => {
    const m = raw("public/derived", "loss-plane");
    const D = "public/derived/loss-plane/manifest.json";
    expect(() => parseDerivedManifest({ ...m, durationSeconds: -1 }, D)).toThrow(`the field "durationSeconds" of ${D} is -1, below its least value 0`);
    expect(() => parseDerivedManifest({ ...m, partSeconds: { "full-3-hidden": "90 s" } }, D)).toThrow(`the field "partSeconds.full-3-hidden" of ${D} is not a number ("90 s")`);
    expect(() => parseDerivedManifest({ ...m, inputs: "src" }, D)).toThrow(`the field "inputs" of ${D} is not a list ("src")`);
  });
});
