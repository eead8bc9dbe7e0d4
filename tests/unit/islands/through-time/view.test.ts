/**
 * The "through time" demo's charts and words (src/islands/through-time/figure.ts, view.ts, committed.ts),
 * read back against their own oracles: the committed logs as raw JSON files (every value drawn is read
 * back through the axis's log scale and compared with the file), the chart geometry's constants, and
 * sentences written out by hand from a log's numbers.
 */
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CHART, accuracyDynamic, gradientDomain, gradientDynamic } from "../../../../src/islands/through-time/figure.ts";
import { CommittedLogs, loadCommittedLog, logFromJson, type TimeEntry } from "../../../../src/islands/through-time/committed.ts";
import { FLOOR, chartsChoice, readout } from "../../../../src/islands/through-time/view.ts";
import { vertices } from "../../../support/svg-read.ts";

const ROOT = new URL("../../../..", import.meta.url).pathname;
const RUNS = join(ROOT, "public/runs");
type Raw = { task: { T: number; chance: number }; initial: TimeEntry; epochs: TimeEntry[] };
const raw = (id: string): Raw => JSON.parse(readFileSync(join(RUNS, id, "log.json"), "utf8"));
const ids = readdirSync(RUNS).filter((d) => /^through-time-.*-s1$/.test(d));
const X0 = CHART.m.left;
const X1 = CHART.w - CHART.m.right;
const Y0 = CHART.h - CHART.m.bottom;
const Y1 = CHART.m.top;

/** Every path with a data-line: its name, whether faint, its vertices. */
function paths(svg: string) {
  return [...svg.matchAll(/<path d="([^"]*)" class="([^"]*)"[^>]*data-line="([^"]*)"/g)].map((m) => ({
    line: m[3],
    ghost: m[2].includes("trainer-ghost"),
    pts: vertices(m[1]),
  }));
}
/** The y pixel back to a value on the log axis [lo, hi]. */
const fromY = (y: number, [lo, hi]: [number, number]) => 10 ** (Math.log10(lo) + ((y - Y0) / (Y1 - Y0)) * (Math.log10(hi) - Math.log10(lo)));

describe("the gradient chart, read back against each committed log file", () => {
  it("the 25 seed-1 runs exist", () => expect(ids).toHaveLength(25));
  for (const id of ids) {
    it(`${id}: one faint line per logged entry, T + 1 points each, at t = 0..T and at the file's ‖∂C/∂hₜ‖`, () => {
      const r = raw(id);
      const T = r.task.T;
      const entries = [r.initial, ...r.epochs];
      const log = logFromJson(r, id);
      const view = { shown: [], ghost: log.entries };
      const domain = gradientDomain(view);
      const values = entries.flatMap((e) => e.hiddenGradNorms);
      // The y scale covers the data: whole decades around the smallest and the largest value in the file.
      expect(domain[0]).toBeLessThanOrEqual(Math.min(...values));
      expect(domain[1]).toBeGreaterThanOrEqual(Math.max(...values));
      expect(domain[0]).toBeGreaterThan(Math.min(...values) / 10);
      const drawn = paths(gradientDynamic(T, view));
      expect(drawn.map((p) => p.line)).toEqual(entries.map((e) => `committed-${e.epoch}`));
      drawn.forEach((p, k) => {
        expect(p.ghost).toBe(true);
        expect(p.pts).toHaveLength(T + 1);
        p.pts.forEach(([x, y], t) => {
          expect(x).toBeCloseTo(X0 + (t / T) * (X1 - X0), 1);
          expect(Math.log10(fromY(y, domain))).toBeCloseTo(Math.log10(entries[k].hiddenGradNorms[t]), 2);
        });
      });
    });
  }
  it("the shown run: the start dashed, the latest bold, the epochs between thin", () => {
    const r = raw("through-time-lstm-t10-s1");
    const svg = gradientDynamic(10, { shown: [r.initial, ...r.epochs], ghost: [] });
    const style = (line: string) => new RegExp(`stroke-width="([\\d.]+)" stroke-dasharray="([^"]*)"[^>]*data-line="${line}"`).exec(svg)!.slice(1);
    expect(style("e0")).toEqual(["2", "6 4"]);
    expect(style("e3")).toEqual(["1.25", "none"]);
    expect(style("e12")).toEqual(["3.5", "none"]);
    // Every shown line: t = 0..10 at the file's values.
    const entries = [r.initial, ...r.epochs];
    const domain = gradientDomain({ shown: entries, ghost: [] });
    const drawn = paths(svg);
    expect(drawn.map((p) => p.line)).toEqual(entries.map((e) => `e${e.epoch}`));
    drawn.forEach((p, k) => {
      expect(p.pts).toHaveLength(11);
      p.pts.forEach(([x, y], t) => {
        expect(x).toBeCloseTo(X0 + (t / 10) * (X1 - X0), 1);
        expect(Math.log10(fromY(y, domain))).toBeCloseTo(Math.log10(entries[k].hiddenGradNorms[t]), 2);
      });
    });
  });
  it("values at or below the floor are drawn at the floor, not dropped", () => {
    const e: TimeEntry = { epoch: 0, trainAccuracy: 0.25, testAccuracy: 0.25, cost: 1.4, gradNormBeforeClip: null, hiddenGradNorms: [0, 1e-40, 0.1] };
    const view = { shown: [e], ghost: [] };
    const [p] = paths(gradientDynamic(2, view));
    expect(p.pts).toHaveLength(3);
    expect(gradientDomain(view)[0]).toBe(FLOOR);
    expect(p.pts[0][1]).toBe(Y0);
  });
});

describe("the accuracy chart", () => {
  it("draws the file's accuracies at its epochs, faint behind a live point, with the chance line at 1/K", () => {
    const r = raw("through-time-gru-t20-s1");
    const entries = [r.initial, ...r.epochs];
    const live: TimeEntry = { ...r.initial, epoch: 1, trainAccuracy: 0.5, testAccuracy: 0.375 };
    const svg = accuracyDynamic({ shown: [r.initial, live], ghost: entries, maxEpoch: 12, chance: r.task.chance });
    const byLine = Object.fromEntries(paths(svg).map((p) => [p.line, p]));
    const pct = (y: number) => (100 * (Y0 - y)) / (Y0 - Y1);
    const epoch = (x: number) => (12 * (x - X0)) / (X1 - X0);
    expect(byLine["committed-test"].ghost).toBe(true);
    expect(byLine["committed-test"].pts.map(([x, y]) => [Math.round(epoch(x)), Number(pct(y).toFixed(1))])).toEqual(entries.map((e) => [e.epoch, Number((100 * e.testAccuracy).toFixed(1))]));
    expect(byLine["test"].pts.map(([, y]) => Number(pct(y).toFixed(1)))).toEqual([Number((100 * r.initial.testAccuracy).toFixed(1)), 37.5]);
    const chance = /<line[^>]*y1="([\d.]+)"[^>]*class="ref" data-line="chance"/.exec(svg)!;
    expect(pct(Number(chance[1]))).toBeCloseTo(25, 5);
  });
});

describe("what the demo says", () => {
  const r = raw("through-time-lstm-t10-s1");
  const log = logFromJson(r, "x");
  const s = { cell: "lstm", T: 10, init: "uniform", clip: true } as const;
  it("before training, the committed run is shown in full; after, it is faint behind the live run", () => {
    const before = chartsChoice(s, [], log);
    expect([before.shown, before.ghost]).toEqual([log.entries, []]);
    expect(before.note).toBe("Shown until you train: the committed run through-time-lstm-t10-s1 (seed 1, measured at epochs 0, 3, 6, 9, 12).");
    const after = chartsChoice(s, [log.entries[0]], log);
    expect([after.shown, after.ghost]).toEqual([[log.entries[0]], log.entries]);
    expect(after.note).toBe("Faint behind the live run: the committed run through-time-lstm-t10-s1 (seed 1, measured at epochs 0, 3, 6, 9, 12), trained with these settings by the same code.");
  });
  it("clipping off: says there is no committed run without clipping, and that the faint one clips", () => {
    expect(chartsChoice({ ...s, clip: false }, [log.entries[0]], log).note).toBe(
      "There is no committed run without clipping. Faint behind the live run, for reference: the committed run through-time-lstm-t10-s1 (seed 1, measured at epochs 0, 3, 6, 9, 12), the same settings with gradients clipped at norm 1.",
    );
  });
  it("clipping off before training: the committed run only faint, as a reference", () => {
    const c = chartsChoice({ ...s, clip: false }, [], log);
    expect([c.shown, c.ghost]).toEqual([[], log.entries]);
    expect(c.note).toBe("There is no committed run without clipping. Faint, for reference: the committed run through-time-lstm-t10-s1 (seed 1, measured at epochs 0, 3, 6, 9, 12), the same settings with gradients clipped at norm 1.");
  });
  it("a log that failed to load: the live run alone, and why", () => {
    const c = chartsChoice(s, [log.entries[0]], { failed: "runs/x/log.json does not match its sha256" });
    expect([c.shown.length, c.ghost.length]).toEqual([1, 0]);
    expect(c.note).toBe("The committed run through-time-lstm-t10-s1 could not be loaded (runs/x/log.json does not match its sha256), so only the live run is drawn.");
  });
  it("the readout: the epoch, the accuracies, both ends of the gradient and the epoch's gradient norm before clipping", () => {
    // From the file: epoch 3, test 0.5, training 0.5, ‖∂C/∂h₀‖ 0.0939…, mean 1.543…, max 8.626… (two significant figures).
    const e3 = log.entries[1];
    expect(e3.epoch).toBe(3);
    const tail = e3.hiddenGradNorms[10].toPrecision(2);
    expect(readout([log.entries[0], e3], s, 12, 1)).toBe(
      `Epoch 3 of 12: test accuracy 50%, training 50%; ‖∂C/\u2060∂h₀‖\u00a0= 0.094, ‖∂C/\u2060∂h₁₀‖\u00a0= ${tail}. Gradient norm before clipping in epoch 3: mean 1.5, max 8.6; steps above\u00a01 were clipped to\u00a01.`,
    );
    expect(readout([log.entries[0]], s, 12, 1)).toBe("Epoch 0 of 12: test accuracy 25%, training 25.8%; ‖∂C/\u2060∂h₀‖\u00a0= 0.0021, ‖∂C/\u2060∂h₁₀‖\u00a0= 0.084. No step taken yet.");
  });
});

describe("committed logs in the browser", () => {
  const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
  const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
  const r = raw("through-time-rnn-t5-s1");
  const site = (log: Uint8Array, listed: string) => async (path: string) => {
    if (path === "runs/x/log.json") return log;
    if (path === "runs/x/manifest.json") return bytes({ files: { "log.json": listed } });
    throw new Error("HTTP 404");
  };
  it("a log whose sha256 matches its manifest becomes the file's entries", async () => {
    const b = bytes(r);
    const got = await loadCommittedLog(site(b, sha(b)), "x");
    expect(got.entries.map((e) => e.epoch)).toEqual([0, ...r.epochs.map((e) => e.epoch)]);
    expect(got.entries[0].hiddenGradNorms).toEqual(r.initial.hiddenGradNorms);
  });
  it("a corrupt log is refused, saying so", async () => {
    await expect(loadCommittedLog(site(bytes(r), "0".repeat(64)), "x")).rejects.toThrow(
      "runs/x/log.json does not match its sha256 in runs/x/manifest.json: the file is corrupt or from another run",
    );
  });
  it("a log with the wrong number of steps names the field", () => {
    const bad = { ...r, initial: { ...r.initial, hiddenGradNorms: [1, 2] } };
    expect(() => logFromJson(bad, "runs/x/log.json")).toThrow('the field "initial.hiddenGradNorms" of runs/x/log.json is not valid ("2 values, expected T + 1 = 6")');
  });
  it("each log is fetched once; a failure is kept with its reason", async () => {
    let calls = 0;
    const logs = new CommittedLogs(async (p) => {
      calls++;
      throw new Error(`HTTP 404 for ${p}`);
    }, () => {});
    expect(logs.get("y")).toBe("loading");
    expect(logs.get("y")).toBe("loading");
    await new Promise((ok) => setTimeout(ok, 0));
    expect(calls).toBe(1);
    expect(logs.get("y")).toEqual({ failed: "could not load runs/y/manifest.json: HTTP 404 for runs/y/manifest.json" });
  });
});
