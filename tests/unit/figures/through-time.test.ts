/**
 * Lesson 7's charts and tables (src/figures/through-time.ts) and the loader's summary they read
 * (public/derived/through-time/summary.json), checked against the raw run logs in public/runs/:
 * the expected values are computed here from the logs, not by the code under test.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_NAMES, accuracyChart, accuracyTable, cliffChart, cliffTable, profileChart, profileTable, stepChart, stepTable } from "../../../src/figures/through-time.ts";
import { parseThroughTimeSummary } from "../../../src/lib/schemas/derived/through-time.ts";

const raw = JSON.parse(readFileSync(new URL("../../../public/derived/through-time/summary.json", import.meta.url), "utf8"));
const summary = parseThroughTimeSummary(raw);
const runLog = (id: string) => JSON.parse(readFileSync(new URL(`../../../public/runs/${id}/log.json`, import.meta.url), "utf8"));
const pct = (v: number) => `${Number((v * 100).toFixed(2))}%`;

describe("the summary against the raw logs", () => {
  it("final accuracies: each config and T's lowest and highest seed, and how many reached 95%", () => {
    for (const c of ["rnn", "rnn-orthogonal", "rnn-identity", "lstm", "gru"]) {
      for (const T of [5, 10, 20, 50, 100]) {
        const accs = [1, 2, 3].map((s) => runLog(`through-time-${c}-t${T}-s${s}`).final.testAccuracy as number);
        const a = summary.accuracy[c][T];
        expect([a.min, a.max], `${c} T ${T}`).toEqual([Math.min(...accs), Math.max(...accs)]);
        expect(a.learned, `${c} T ${T}`).toBe(accs.filter((v) => v >= 0.95).length);
      }
    }
  });

  it("the start-of-training profile at T = 50 is the geometric mean of the three logs, step by step", () => {
    expect(summary.profileT).toBe(50);
    for (const c of summary.configs) {
      const logs = [1, 2, 3].map((s) => runLog(`through-time-${c}-t50-s${s}`).initial.hiddenGradNorms as number[]);
      for (const t of [0, 17, 50]) expect(summary.profile[c].mean[t] / Math.cbrt(logs[0][t] * logs[1][t] * logs[2][t])).toBeCloseTo(1, 10);
    }
  });
});

describe("tables", () => {
  it("the accuracy table prints the tanh RNN at T = 20 as the logs' range and count", () => {
    const t = accuracyTable(summary);
    expect(t.columns).toEqual(["cell", "T = 5", "T = 10", "T = 20", "T = 50", "T = 100"]);
    expect(t.rows.map((r) => r[0])).toEqual(["tanh RNN", "tanh RNN, orthogonal W", "tanh RNN, W = identity", "LSTM", "GRU"]);
    const accs = [1, 2, 3].map((s) => runLog(`through-time-rnn-t20-s${s}`).final.testAccuracy as number);
    expect(t.rows[0][3]).toBe(`${pct(Math.min(...accs))} to ${pct(Math.max(...accs))} (${accs.filter((v) => v >= 0.95).length} of 3)`);
  });

  it("the profile table has a row per network and the steps 0, 10, …, 50", () => {
    const t = profileTable(summary);
    expect(t.columns).toEqual(["cell", "t = 0", "t = 10", "t = 20", "t = 30", "t = 40", "t = 50"]);
    expect(t.rows).toHaveLength(5);
  });

  it("the cliff table lists every point of the line in order of s: the coarse grid, with the fine grid across the wall", () => {
    const t = cliffTable(summary);
    expect(t.rows).toHaveLength(raw.cliff.points.length);
    const s = t.rows.map((r) => Number(r[0]));
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1]);
    // 40 coarse scales from 0.5 to 3, less the 3 inside the wall [1.2, 1.34], and 29 fine ones across it.
    expect(t.rows).toHaveLength(37 + 29);
  });
});

describe("charts", () => {
  it("the profile chart draws one line per network plus its legend stroke, and names each with its gradient at t = 0", () => {
    const svg = profileChart(summary);
    expect(svg.match(/<path[^>]*class="[^"]*plot-series/g)?.length ?? (svg.match(/plot-series/g) ?? []).length).toBeGreaterThanOrEqual(5);
    for (const c of summary.configs) expect(svg).toContain(CONFIG_NAMES[c]);
    expect(svg).toMatch(/role="img"/);
  });

  it("the accuracy chart's text alternative gives every network's median at every T", () => {
    const svg = accuracyChart(summary);
    const accs = [1, 2, 3].map((s) => runLog(`through-time-gru-t10-s${s}`).final.testAccuracy as number).sort((a, b) => a - b);
    expect(svg).toContain(`GRU: T 5 `);
    expect(svg).toContain(`T 10 ${pct(accs[1])}`);
    expect(svg).toContain("chance is 25%");
  });

  it("the cliff charts shade the wall from 1.2 to 1.34 and mark the gradient's peak inside it", () => {
    const cost = cliffChart(summary, "cost");
    const grad = cliffChart(summary, "gradient");
    expect(cost).toContain("between s = 1.2 and 1.34");
    const peak = raw.cliff.points.reduce((a: { gradNorm: number }, b: { gradNorm: number }) => (b.gradNorm > a.gradNorm ? b : a));
    expect(peak.scale).toBeGreaterThan(1.2);
    expect(peak.scale).toBeLessThan(1.34);
    expect(grad).toContain(`‖∇C‖ = ${Number(peak.gradNorm.toPrecision(3))}`);
  });
});

describe("one step from the wall", () => {
  it("the table and the chart's text give the raw file's costs and lengths; the plain step lands above its start, the clipped one below the foot", () => {
    const st = raw.cliff.step;
    const t = stepTable(summary);
    expect(t.rows.map((r) => Number(r[1]))).toEqual([st.cost, st.unclipped.cost, st.clipped.cost].map((v: number) => Number(v.toFixed(4))));
    expect(Number(t.rows[2][3])).toBeCloseTo(st.eta * st.clip, 12);
    const svg = stepChart(summary);
    expect(svg).toContain(`lands at cost ${Number(st.unclipped.cost.toPrecision(3))}`);
    expect(svg).toContain(`lands at cost ${Number(st.clipped.cost.toPrecision(3))}`);
    const foot = Math.min(...raw.cliff.points.filter((p: { scale: number }) => p.scale < raw.cliff.wall.from).map((p: { cost: number }) => p.cost));
    expect(svg).toContain(`The foot of the wall is at cost ${Number(foot.toPrecision(3))}`);
  });
});

describe("a bad summary names the file, the field and the fix", () => {
  it("a missing field and a median outside its range", () => {
    const bad = structuredClone(raw);
    delete bad.profile.lstm;
    expect(() => parseThroughTimeSummary(bad)).toThrow(new Error('the field "profile.lstm" of public/derived/through-time/summary.json is missing'));
    const odd = structuredClone(raw);
    odd.accuracy.gru["20"].median = 2;
    expect(() => parseThroughTimeSummary(odd)).toThrow(
      new Error('the field "accuracy.gru.20.median" of public/derived/through-time/summary.json is not valid (2): min ≤ median ≤ max must hold, and min is 0.2421875, median 2, max 1'),
    );
  });
});
