/**
 * Every committed run's log.json records the optimiser's path on the plane of its own training
 * (`path`, src/lib/nets/plane-path.ts), and adding it changed no earlier number: with `path` deleted,
 * each log hashes to tests/fixtures/pre-path-logs.json (taken from the runs before the field
 * existed), and the weights files are byte for byte the same. Reads files only.
 */
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeLayersModel, WEIGHTS_FILE, type ModelJson } from "../../src/lib/nets/layers-model.ts";
import type { PlanePath } from "../../src/lib/nets/plane-path.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const RUNS = join(ROOT, "public/runs");
const sha = (d: string | Uint8Array) => createHash("sha256").update(d).digest("hex");
const fixture = JSON.parse(readFileSync(join(ROOT, "tests/fixtures/pre-path-logs.json"), "utf8")) as {
  runs: Record<string, { log: string; files: Record<string, string> }>;
};
// The MLP runs (a recurrent run, "kind": "recurrent", has no plane path: its parameters are model-*/params.bin).
const ids = readdirSync(RUNS).filter((n) => !n.startsWith(".") && existsSync(join(RUNS, n, "model-initial/model.json"))).sort();
const readLog = (id: string) => JSON.parse(readFileSync(join(RUNS, id, "log.json"), "utf8")) as { epochs: { epoch: number; weightChange: number[] }[]; path: PlanePath };
const readModel = (id: string, which: "initial" | "final") => {
  const dir = join(RUNS, id, `model-${which}`);
  return decodeLayersModel(JSON.parse(readFileSync(join(dir, "model.json"), "utf8")) as ModelJson, new Uint8Array(readFileSync(join(dir, WEIGHTS_FILE))));
};

describe("the committed runs before and after log.path", () => {
  it("still include every run of the fixture (a run added later, e.g. by a teacher's fork, is not pinned here; its path is still checked below)", () => {
    expect(Object.keys(fixture.runs)).toHaveLength(15);
    for (const id of Object.keys(fixture.runs)) expect(ids, id).toContain(id);
  });

  for (const id of Object.keys(fixture.runs)) {
    it(`${id}: the log without path and the weights files are unchanged`, () => {
      const log = readLog(id) as Record<string, unknown>;
      expect(log.path, "log.path").toBeDefined();
      delete log.path;
      expect(sha(JSON.stringify(log)), "log.json without path").toBe(fixture.runs[id].log);
      const present = ["model-initial/group1-shard1of1.bin", "model-final/group1-shard1of1.bin", "model-final/batchnorm.json"].filter((f) => existsSync(join(RUNS, id, f)));
      expect(present).toEqual(Object.keys(fixture.runs[id].files));
      for (const f of present) expect(sha(readFileSync(join(RUNS, id, f))), f).toBe(fixture.runs[id].files[f]);
    });
  }
});

describe("log.path of every committed run", () => {
  for (const id of ids) {
    it(`${id}: starts at (0, 0, 0), ends at (1, 1, 0), one point per logged epoch`, () => {
      const log = readLog(id);
      const p = log.path;
      expect(Object.keys(p)).toEqual(["epochs", "alpha", "beta", "offPlane", "norms", "firstLayerMove"]);
      expect(Object.keys(p.norms)).toEqual(["delta1", "deltaRest", "initial1", "initialRest"]);
      expect(p.epochs).toEqual([0, ...log.epochs.map((e) => e.epoch)]);
      for (const k of ["alpha", "beta", "offPlane"] as const) {
        expect(p[k], k).toHaveLength(p.epochs.length);
        for (const v of p[k]) expect(Number.isFinite(v), k).toBe(true);
      }
      for (const v of p.offPlane) expect(v).toBeGreaterThanOrEqual(0);
      expect([p.alpha[0], p.beta[0], p.offPlane[0]]).toEqual([0, 0, 0]);
      const { delta1, deltaRest } = p.norms;
      const delta = Math.hypot(delta1, deltaRest);
      expect(delta).toBeGreaterThan(0);
      // A part that never moved has coordinate 0 throughout; one that did ends at 1.
      if (delta1 === 0) expect(p.alpha.every((a) => a === 0)).toBe(true);
      else expect(Math.abs(p.alpha.at(-1)! - 1)).toBeLessThanOrEqual(1e-9);
      if (deltaRest === 0) expect(p.beta.every((b) => b === 0)).toBe(true);
      else expect(Math.abs(p.beta.at(-1)! - 1)).toBeLessThanOrEqual(1e-9);
      expect(p.offPlane.at(-1)! / delta).toBeLessThanOrEqual(1e-9);
    });

    it(`${id}: its norms and firstLayerMove agree with the shipped (uint8) weights, within the quantisation's bound`, () => {
      const p = readLog(id).path;
      const a = readModel(id, "initial");
      const b = readModel(id, "final");
      // Each value of a tensor was rounded to the nearest of 256 steps: it is off by at most scale/2
      // (a little more for the float32 dequantisation: the bounds are widened by 1e-4 relative).
      const half = (which: "initial" | "final") =>
        (JSON.parse(readFileSync(join(RUNS, id, `model-${which}`, "model.json"), "utf8")) as ModelJson).weightsManifest.flatMap((g) => g.weights).map((w) => w.quantization.scale / 2);
      const [ha, hb] = [half("initial"), half("final")];
      // Tensor k of the manifest: layer ⌊k/2⌋'s kernel (k even) or bias (k odd). Part 1 is k = 0, 1.
      const tensors = (n: typeof a) => n.weights.flatMap((w, l) => [w, n.biases[l]]);
      const [ta, tb] = [tensors(a), tensors(b)];
      const sq = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v * v, 0);
      const diffSq = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x).reduce((s, v, i) => s + (y[i] - v) ** 2, 0);
      // ‖shipped − true‖ over the tensors ks is at most √(Σ n_k e_k²) (triangle inequality on the norms).
      const err = (ks: number[], e: (k: number) => number) => Math.sqrt(ks.reduce((s, k) => s + ta[k].length * e(k) ** 2, 0));
      const one = [0, 1];
      const others = ta.map((_, k) => k).filter((k) => k > 1);
      const within = (logged: number, shipped: number, bound: number, what: string) =>
        expect(Math.abs(logged - shipped), `${what}: logged ${logged}, shipped ${shipped}, bound ${bound}`).toBeLessThanOrEqual(bound * 1.0001 + 1e-4 * logged);
      within(p.norms.initial1, Math.sqrt(one.reduce((s, k) => s + sq(ta[k]), 0)), err(one, (k) => ha[k]), "initial1");
      within(p.norms.initialRest, Math.sqrt(others.reduce((s, k) => s + sq(ta[k]), 0)), err(others, (k) => ha[k]), "initialRest");
      within(p.norms.delta1, Math.sqrt(one.reduce((s, k) => s + diffSq(ta[k], tb[k]), 0)), err(one, (k) => ha[k] + hb[k]), "delta1");
      within(p.norms.deltaRest, Math.sqrt(others.reduce((s, k) => s + diffSq(ta[k], tb[k]), 0)), err(others, (k) => ha[k] + hb[k]), "deltaRest");
      // firstLayerMove = D / I (weights only): D and I each within their bound, so the ratio within the interval.
      const D = Math.sqrt(diffSq(ta[0], tb[0])), eD = err([0], (k) => ha[k] + hb[k]);
      const I = Math.sqrt(sq(ta[0])), eI = err([0], (k) => ha[k]);
      expect(p.firstLayerMove).toBeGreaterThanOrEqual(((D - eD) / (I + eI)) * 0.9999 - 1e-12);
      expect(p.firstLayerMove).toBeLessThanOrEqual(((D + eD) / (I - eI)) * 1.0001 + 1e-12);
    });
  }
});
