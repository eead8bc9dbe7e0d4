/** The fixes lesson's measurements from run logs: hand-made logs with known answers, and the chart's marks. */
import { describe, expect, it } from "vitest";
import { fixRow, fixesTable, profileChart, profileRows, profileTable, type FixLog } from "../../../src/figures/fixes.ts";
import { parseRunLog } from "../../../src/lib/schemas/run-log.ts";
import { fullLog } from "../../support/run-log.ts";

const parseFixLog = (id: string, partial: Record<string, unknown>) => parseRunLog(id, fullLog(partial, id));

/** A log of [4, 3, 3, 3, 2]: three hidden layers, four weight layers. */
function logOf(over: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  const snap = (w: number[], acc: number) => ({ trainAccuracy: acc + 0.05, testAccuracy: acc, weightGradNorms: w });
  return {
    title: "t",
    architecture: [4, 3, 3, 3, 2],
    initial: snap([0.01, 0.1, 1, 5], 0.1),
    epochs: [
      { epoch: 1, ...snap([0.1, 0.1, 0.4, 5], 0.5), weightChange: [0.5, 0.1, 0.2, 0.3] },
      { epoch: 2, ...snap([1, 1, 0.1, 5], 0.8), weightChange: [0.25, 0.1, 0.3, 0.3] },
    ],
    ...over,
  };
}

describe("fixRow", () => {
  const row = fixRow(parseFixLog("x", logOf()), "label");
  it("spread is the last hidden layer's ‖∂C₀/∂W‖ over the first's (the output layer left out)", () => {
    expect(row.hidden).toBe(3);
    expect(row.spreadStart).toBeCloseTo(100, 12);
    // epoch 1: 0.4/0.1 = 4; epoch 2: 0.1/1 = 0.1; geometric mean √0.4.
    expect(row.spreadTraining).toBeCloseTo(Math.sqrt(0.4), 12);
  });
  it("adds up the first and last hidden layers' moves, and reads the accuracies", () => {
    expect(row.firstLayerMoved).toBeCloseTo(0.75, 12);
    expect(row.lastHiddenMoved).toBeCloseTo(0.5, 12);
    expect(row.finalTest).toBe(0.8);
    expect(row.finalTrain).toBeCloseTo(0.85, 12);
    expect(row.firstEpochTest).toBe(0.5);
    expect(row.epochs).toBe(2);
  });
  it("refuses a network with one hidden layer", () => {
    const one = parseFixLog("y", logOf({ architecture: [4, 3, 2], initial: { trainAccuracy: 0, testAccuracy: 0, weightGradNorms: [1, 2] }, epochs: [{ epoch: 1, trainAccuracy: 0, testAccuracy: 0, weightGradNorms: [1, 2], weightChange: [0, 0] }] }));
    expect(() => fixRow(one, "y")).toThrow("y: a spread needs at least two hidden layers, the network has 1");
  });
});

describe("tables and the profile chart", () => {
  const runs = [
    { label: "steep", log: parseFixLog("a", logOf()) as FixLog },
    { label: "flat", log: parseFixLog("b", logOf({ initial: { trainAccuracy: 0.1, testAccuracy: 0.1, weightGradNorms: [1, 1, 1, 1] } })) as FixLog },
  ];
  it("profile rows are the hidden layers' initial norms, per fix", () => {
    expect(profileRows(runs)).toEqual([
      { fix: "steep", layer: 1, value: 0.01 },
      { fix: "steep", layer: 2, value: 0.1 },
      { fix: "steep", layer: 3, value: 1 },
      { fix: "flat", layer: 1, value: 1 },
      { fix: "flat", layer: 2, value: 1 },
      { fix: "flat", layer: 3, value: 1 },
    ]);
    expect(profileTable(runs).rows).toEqual([["steep", "0.010", "0.10", "1.0"], ["flat", "1.0", "1.0", "1.0"]]);
  });
  it("the fixes table prints each row's numbers", () => {
    const t = fixesTable(runs.map((r) => fixRow(r.log, r.label)));
    expect(t.rows[0]).toEqual(["steep", "100", "0.63", "0.75", "50.00%", "80.00%", "85.00%"]);
    expect(t.columns).toHaveLength(7);
  });
  it("draws a profile that repeats an earlier one once, and says so", async () => {
    const { distinctProfiles } = await import("../../../src/figures/fixes.ts");
    const twin = { label: "twin", log: runs[0].log };
    const d = distinctProfiles([...runs, twin]);
    expect(d.drawn.map((r) => r.label)).toEqual(["steep", "flat"]);
    expect(d.same).toEqual([["twin", "steep"]]);
    expect(profileChart([...runs, twin])).toContain("twin starts from the same network as steep: the same line.");
  });
  it("the chart is an accessible SVG naming each fix's first and last hidden layer", () => {
    const svg = profileChart(runs);
    expect(svg).toMatch(/^<svg[^>]* role="img"/);
    expect(svg).toContain("steep: layer 1 0.010, layer 3 1.0; flat: layer 1 1.0, layer 3 1.0");
    expect(svg).not.toContain("style=");
    expect(() => profileChart([])).toThrow("profileChart: no runs to draw");
  });
});

describe("a missing fix run", () => {
  it("stops the build naming the run and the command that trains it", async () => {
    const { fixRuns } = await import("../../../src/components/fix-data.ts");
    expect(() => fixRuns("/nonexistent-runs")).toThrow('there is no run "fix-baseline" (public/runs/fix-baseline/log.json). Train it with: npm run pretrain -- --only fix-baseline');
  });
});
