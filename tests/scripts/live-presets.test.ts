/**
 * The live-presets loader's committed output (public/derived/live-presets/presets.json) and its reader
 * (src/components/live-presets.ts): every preset the trainer offers, trained as the trainer trains it.
 *  - it has an entry for exactly the presets: the ids worked out here from content/experiments (the
 *    choosePresets rule), which are also the page's own list (trainerPresets); the loader's filter, on
 *    fixture configs, leaves out `"preset": false` and what presetRefusal refuses;
 *  - each preset's points are the epochs the trainer measures (0, every measureEvery, the last);
 *  - oneAnswer is the share of the most common label among the file's 1,000 test digits, counted here;
 *  - each plateau is recomputed here from its points by a plain loop (at chance: test accuracy at most
 *    oneAnswer + 5 points);
 *  - retraining the cheapest preset (fewest epochs × mini-batches) and frozen-first-layer (whose number
 *    goes into the trainer's status line) here, with TrainingRun on the same backend, gives the same
 *    test accuracy at every measured epoch (1e-6: the same code on the same backend is deterministic,
 *    and a whole thousandth is the smallest real difference);
 *  - the reader returns the file's data, and a missing file or field throws the exact message.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as TF from "@tensorflow/tfjs-core";
import loader, { livePresetList } from "../../scripts/derived/loaders/live-presets.ts";
import { checkDerived, uncoveredImports } from "../../scripts/derived/store.ts";
import { TRAINING_CODE } from "../../scripts/runs/store.ts";
import { selectBackend } from "../../scripts/runs/backend.ts";
import { readDigits, split, toFloat32 } from "../../src/lib/mnist/digits.ts";
import { isRecurrent, parseExperiment, type AnyExperiment, type Experiment } from "../../src/lib/schemas/experiment.ts";
import { TrainingRun, type DigitSet } from "../../src/lib/training/training-run.ts";
import { measureEvery, presetOf, presetRefusal, specOfSettings, TRAIN_DIGITS } from "../../src/islands/trainer/settings.ts";
import { trainerPresets } from "../../src/components/trainer-data.ts";
import { livePresets, LIVE_PRESETS_FILE, type LivePresets } from "../../src/components/live-presets.ts";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const EXPERIMENTS = join(ROOT, "content/experiments");
const FIX = "npm run derive -- --only live-presets";

const committed = (): LivePresets => JSON.parse(readFileSync(join(ROOT, LIVE_PRESETS_FILE), "utf8"));

/** The trainer's presets, worked out here from the configs: not "preset": false, and runnable by the trainer. */
function expectedPresets() {
  return readdirSync(EXPERIMENTS)
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ id: f.slice(0, -5), e: parseExperiment(JSON.parse(readFileSync(join(EXPERIMENTS, f), "utf8")), `content/experiments/${f}`) }))
    // A recurrent experiment ("kind": "recurrent") is never a preset.
    .filter((x): x is { id: string; e: Experiment } => !isRecurrent(x.e as AnyExperiment) && (x.e as Experiment).preset !== false && presetRefusal(x.e) === null)
    .map(({ id, e }) => ({ id, e, preset: presetOf(id, e) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

let testLabels: Uint8Array;
let train: DigitSet;
let test: DigitSet;

beforeAll(async () => {
  const digits = await readDigits(new Uint8Array(readFileSync(join(ROOT, "public/derived/trainer-digits/digits.bin"))));
  const tr = split(digits, "train");
  const te = split(digits, "test");
  testLabels = te.labels;
  train = { pixels: toFloat32(tr.pixels), labels: tr.labels, count: tr.count };
  test = { pixels: toFloat32(te.pixels), labels: te.labels, count: te.count };
});

describe("public/derived/live-presets/presets.json", () => {
  it("has an entry for exactly the live trainer's presets", () => {
    const ids = expectedPresets().map((p) => p.id);
    expect(ids).toContain("frozen-first-layer");
    expect(Object.keys(committed().presets).sort()).toEqual(ids);
    // The page's own list is the same.
    expect(trainerPresets(EXPERIMENTS).map((p) => p.id).sort()).toEqual(ids);
  });

  it("measures the trainer's 1,000 + 1,000 digits at the epochs the trainer measures (0, every measureEvery, the last)", () => {
    const t = committed();
    expect(t.digits).toEqual({ train: 1000, test: 1000 });
    expect(["wasm", "cpu"]).toContain(t.backend);
    for (const { id, preset } of expectedPresets()) {
      const p = t.presets[id];
      const every = measureEvery(preset.settings);
      const want = [0];
      for (let e = 1; e <= preset.settings.epochs; e++) if (e % every === 0 || e === preset.settings.epochs) want.push(e);
      expect(p.epochs, id).toBe(preset.settings.epochs);
      expect(p.points.map((q) => q.epoch), id).toEqual(want);
      for (const q of p.points) {
        // Over 1,000 digits an accuracy is a whole number of thousandths.
        for (const a of [q.trainAccuracy, q.testAccuracy]) expect(Math.abs(a * 1000 - Math.round(a * 1000)), `${id} epoch ${q.epoch}`).toBeLessThan(1e-9);
      }
    }
  });

  it("oneAnswer is the share of the most common label among the file's test digits", () => {
    expect(testLabels.length).toBe(1000);
    const tally = new Array(10).fill(0);
    for (const l of testLabels) tally[l]++;
    const share = Math.max(...tally) / testLabels.length;
    expect(committed().oneAnswer).toBe(share);
  });

  it("each plateau is the opening run of points at most oneAnswer + 5 points, recomputed by hand", () => {
    const t = committed();
    expect(t.margin).toBe(0.05);
    const limit = t.oneAnswer + 0.05;
    for (const [id, p] of Object.entries(t.presets)) {
      let want: { from: number; to: number; leftAt: number | null } | null = null;
      if (p.points[0].testAccuracy <= limit) {
        let last = 0;
        for (let i = 1; i < p.points.length; i++) {
          if (p.points[i].testAccuracy > limit) break;
          last = i;
        }
        want = { from: p.points[0].epoch, to: p.points[last].epoch, leftAt: last + 1 < p.points.length ? p.points[last + 1].epoch : null };
      }
      expect(p.plateau, id).toEqual(want);
    }
    // What the trainer's status line will say: frozen-first-layer sits at chance for a good part of its epochs.
    const frozen = t.presets["frozen-first-layer"];
    expect(frozen.plateau?.leftAt).toBeGreaterThan(1);
    console.log(`frozen-first-layer: at chance through epoch ${frozen.plateau?.to}, above it from epoch ${frozen.plateau?.leftAt} of ${frozen.epochs}`);
  });

  it("lists every local module it imports and the training code, and its committed output is up to date", async () => {
    const file = join(ROOT, "scripts/derived/loaders/live-presets.ts");
    expect(await uncoveredImports(ROOT, file, loader.inputs)).toEqual([]);
    // The MLP training code: the recurrent runs' (lesson 7: src/lib/recurrent/, train-recurrent.ts) trains no preset.
    const mlpCode = TRAINING_CODE.filter((f) => !f.startsWith("src/lib/recurrent/") && f !== "scripts/runs/train-recurrent.ts");
    for (const f of [...mlpCode, "public/derived/trainer-digits/digits.bin", "src/lib/analysis/chance.ts", "src/islands/trainer/settings.ts"]) {
      expect(loader.inputs, f).toContain(f);
    }
    // The configs are not an input (a teacher's new experiment must not make the build refuse): each entry records its settings.
    expect(loader.inputs).not.toContain("content/experiments");
    expect(await checkDerived({ id: "live-presets", file }, { root: ROOT, inputs: loader.inputs })).toEqual({ id: "live-presets", ok: true });
  });
});

describe("the loader checks its table with the readers' schema before it writes it (parts.combine)", () => {
  // The committed entries as parts' results (each part returns its backend and its entry): no training.
  const results = (spoil: (t: LivePresets) => void = () => {}) => {
    const t = committed();
    spoil(t);
    return new Map(Object.entries(t.presets).map(([id, result]) => [id, { backend: t.backend, result }] as const));
  };
  const ctx = { root: ROOT, log: () => {} };

  it("writes the committed table from the committed entries", async () => {
    expect(await loader.parts!.combine(ctx, results())).toEqual({ "presets.json": readFileSync(join(ROOT, LIVE_PRESETS_FILE), "utf8") });
  });

  it("refuses an entry the schema rejects, naming the field", async () => {
    await expect(loader.parts!.combine(ctx, results((t) => (t.presets["fix-adam"].points[2].testAccuracy = 1.2)))).rejects.toThrow(
      new Error('the field "presets.fix-adam.points[2].testAccuracy" of public/derived/live-presets/presets.json is not valid (1.2): an accuracy or share is at most 1'),
    );
  });
});

describe("retraining presets here gives the committed test accuracies", () => {
  let tf: typeof TF;
  beforeAll(async () => {
    tf = (await selectBackend(committed().backend)).tf;
  });

  // The cheapest preset by epochs × mini-batches (then fewest weights, then id), and the one the status line quotes.
  const cost = (p: ReturnType<typeof expectedPresets>[number]) => p.preset.settings.epochs * Math.floor(TRAIN_DIGITS / p.preset.settings.batch);
  const weights = (p: ReturnType<typeof expectedPresets>[number]) => p.e.architecture.slice(1).reduce((s, n, i) => s + n * p.e.architecture[i], 0);
  const cheapest = expectedPresets().sort((a, b) => cost(a) - cost(b) || weights(a) - weights(b) || a.id.localeCompare(b.id))[0];
  for (const id of [...new Set([cheapest.id, "frozen-first-layer"])]) {
    it(`${id}: test accuracy at every measured epoch within 1e-6`, async () => {
      const { preset } = expectedPresets().find((p) => p.id === id)!;
      const want = committed().presets[id].points;
      const s = preset.settings;
      const run = new TrainingRun(tf, specOfSettings(s), train, test);
      const got: { epoch: number; testAccuracy: number }[] = [];
      try {
        got.push({ epoch: 0, testAccuracy: (await run.snapshot()).testAccuracy });
        for (let e = 1; e <= s.epochs; e++) {
          expect(run.advance()).toBe(true);
          if (e % measureEvery(s) && e !== s.epochs) continue;
          const m = await run.measure();
          expect(m.epoch).toBe(e);
          got.push({ epoch: e, testAccuracy: m.testAccuracy });
        }
      } finally {
        run.dispose();
      }
      expect(got.map((g) => g.epoch)).toEqual(want.map((w) => w.epoch));
      got.forEach((g, i) => expect(Math.abs(g.testAccuracy - want[i].testAccuracy), `${id} epoch ${g.epoch}: ${g.testAccuracy} here, ${want[i].testAccuracy} committed`).toBeLessThan(1e-6));
    });
  }
});

describe("livePresetList (the loader's choice of presets)", () => {
  let root: string;
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  it('leaves out a config that says "preset": false and one the trainer refuses', async () => {
    root = mkdtempSync(join(tmpdir(), "vg-live-presets-"));
    mkdirSync(join(root, "content/experiments"), { recursive: true });
    const base = JSON.parse(readFileSync(join(EXPERIMENTS, "frozen-first-layer.json"), "utf8"));
    const put = (id: string, c: object) => writeFileSync(join(root, "content/experiments", `${id}.json`), JSON.stringify(c));
    put("b-kept", base);
    put("a-opted-out", { ...base, preset: false });
    put("c-quadratic", { ...base, cost: "quadratic" });
    put("d-seven-hidden", { ...base, architecture: [784, 30, 30, 30, 30, 30, 30, 30, 10] });
    put("e-kept-too", { ...base, preset: true });
    expect((await livePresetList(root)).map((p) => p.id)).toEqual(["b-kept", "e-kept-too"]);
  });
});

describe("livePresets (the build's reader)", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "vg-live-presets-reader-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("returns the committed file's data", () => {
    expect(livePresets(ROOT)).toEqual(committed());
  });

  it("a missing file: names it and the fix", () => {
    expect(() => livePresets(root)).toThrow(new Error(`there is no derived file public/derived/live-presets/presets.json. Compute it with: ${FIX}`));
  });

  it("a missing or bad field: names the field, the file and the fix", () => {
    const write = (t: unknown) => {
      mkdirSync(join(root, "public/derived/live-presets"), { recursive: true });
      writeFileSync(join(root, LIVE_PRESETS_FILE), JSON.stringify(t));
    };
    const cases: [string, (t: any) => void, string][] = [
      ["plateau", (t) => delete t.presets["frozen-first-layer"].plateau, `the field "presets.frozen-first-layer.plateau" of public/derived/live-presets/presets.json is missing; recompute it with: ${FIX}`],
      ["oneAnswer", (t) => delete t.oneAnswer, `the field "oneAnswer" of public/derived/live-presets/presets.json is missing; recompute it with: ${FIX}`],
      ["a point's accuracy", (t) => (t.presets["fix-baseline"].points[3].testAccuracy = "0.1"), `the field "presets.fix-baseline.points[3].testAccuracy" of public/derived/live-presets/presets.json is not a number ("0.1"); recompute it with: ${FIX}`],
      ["plateau.leftAt", (t) => delete t.presets["frozen-first-layer"].plateau.leftAt, `the field "presets.frozen-first-layer.plateau.leftAt" of public/derived/live-presets/presets.json is missing; recompute it with: ${FIX}`],
      ["backend", (t) => (t.backend = "webgl"), `the field "backend" of public/derived/live-presets/presets.json is not valid ("webgl"): the backend that trained the presets is "wasm" or "cpu"; recompute it with: ${FIX}`],
    ];
    for (const [what, spoil, message] of cases) {
      const t = committed();
      spoil(t);
      write(t);
      expect(() => livePresets(root), what).toThrow(new Error(message));
    }
    // An intact copy reads, and a null plateau (a run above chance from epoch 0) is valid.
    const t = committed();
    t.presets["fix-baseline"].plateau = null;
    write(t);
    expect(livePresets(root).presets["fix-baseline"].plateau).toBeNull();
  });
});
