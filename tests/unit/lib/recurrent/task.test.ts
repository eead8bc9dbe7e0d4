import { describe, expect, it } from "vitest";
import { chanceAccuracy, recallTask } from "../../../../src/lib/recurrent/task.ts";

const opts = { T: 6, K: 4, count: 400, seed: 11 };

/** The symbol channels of step t of item n (K entries) and its flag. */
function stepOf(task: ReturnType<typeof recallTask>, n: number, t: number) {
  const { inputs, steps, inputSize } = task;
  const row = Array.from(inputs.subarray((n * steps + t) * inputSize, (n * steps + t + 1) * inputSize));
  return { symbols: row.slice(0, inputSize - 1), flag: row[inputSize - 1] };
}

describe("recallTask", () => {
  it("has the documented shape: T + 1 steps, K + 1 channels", () => {
    const task = recallTask(opts);
    expect(task.steps).toBe(7);
    expect(task.inputSize).toBe(5);
    expect(task.inputs.length).toBe(400 * 7 * 5);
    expect(task.labels.length).toBe(400);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const a = recallTask(opts);
    const b = recallTask(opts);
    expect(Array.from(b.inputs)).toEqual(Array.from(a.inputs));
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    const c = recallTask({ ...opts, seed: 12 });
    expect(Array.from(c.labels)).not.toEqual(Array.from(a.labels));
    expect(Array.from(c.inputs)).not.toEqual(Array.from(a.inputs));
  });

  it("labels equal the step-0 symbol; steps 0..T−1 show one symbol and no flag; step T only the flag", () => {
    const task = recallTask(opts);
    for (let n = 0; n < opts.count; n++) {
      for (let t = 0; t < opts.T; t++) {
        const { symbols, flag } = stepOf(task, n, t);
        expect(flag).toBe(0); // distractors (and the target) never carry the query flag
        expect(symbols.filter((v) => v === 1).length).toBe(1);
        expect(symbols.filter((v) => v !== 0 && v !== 1).length).toBe(0);
        if (t === 0) expect(symbols.indexOf(1)).toBe(task.labels[n]);
      }
      const query = stepOf(task, n, opts.T);
      expect(query.flag).toBe(1);
      expect(query.symbols.every((v) => v === 0)).toBe(true);
    }
  });

  it("T = 1 has no distractors: the query follows the target", () => {
    const task = recallTask({ T: 1, K: 3, count: 5, seed: 1 });
    expect(task.steps).toBe(2);
    for (let n = 0; n < 5; n++) {
      expect(stepOf(task, n, 0).symbols.indexOf(1)).toBe(task.labels[n]);
      expect(stepOf(task, n, 1)).toEqual({ symbols: [0, 0, 0], flag: 1 });
    }
  });

  it("balances labels by construction: each class ⌊count/K⌋ or ⌈count/K⌉ times, in a shuffled order", () => {
    // Tolerance 0/1 (not a statistical one): the generator shuffles the list i mod K,
    // so a constant guess scores at most ⌈count/K⌉/count, i.e. chance.
    for (const [K, count] of [[4, 400], [3, 100], [7, 50], [10, 9]]) {
      const task = recallTask({ T: 3, K, count, seed: 5 });
      const counts = new Array(K).fill(0);
      for (const y of task.labels) counts[y]++;
      for (const c of counts) {
        expect(c).toBeGreaterThanOrEqual(Math.floor(count / K));
        expect(c).toBeLessThanOrEqual(Math.ceil(count / K));
      }
    }
    const task = recallTask(opts);
    const cyclic = Array.from({ length: opts.count }, (_, i) => i % opts.K);
    expect(Array.from(task.labels)).not.toEqual(cyclic);
  });

  it("draws distractor symbols uniformly (each within 5 binomial standard deviations of its share)", () => {
    const task = recallTask({ T: 21, K: 5, count: 200, seed: 3 });
    const counts = new Array(5).fill(0);
    for (let n = 0; n < 200; n++) for (let t = 1; t < 21; t++) counts[stepOf(task, n, t).symbols.indexOf(1)]++;
    const draws = 200 * 20;
    const sd = Math.sqrt(draws * 0.2 * 0.8);
    for (const c of counts) expect(Math.abs(c - draws / 5)).toBeLessThan(5 * sd);
  });

  it("refuses bad options, naming the file and the option", () => {
    expect(() => recallTask({ ...opts, T: 0 })).toThrow(
      "src/lib/recurrent/task.ts: recallTask option T must be an integer in 1..100000 (the distance to remember), got 0",
    );
    expect(() => recallTask({ ...opts, K: 256 })).toThrow(
      "src/lib/recurrent/task.ts: recallTask option K must be an integer in 2..255 (the alphabet size; labels are a Uint8Array), got 256",
    );
    expect(() => recallTask({ ...opts, seed: 0.5 })).toThrow("src/lib/recurrent/task.ts: recallTask option seed must be an integer, got 0.5");
  });
});

describe("chanceAccuracy", () => {
  it("is 1/K", () => {
    expect(chanceAccuracy(4)).toBe(0.25);
    expect(chanceAccuracy(10)).toBeCloseTo(0.1, 15);
    expect(() => chanceAccuracy(1)).toThrow("src/lib/recurrent/task.ts: chanceAccuracy K must be an integer ≥ 2, got 1");
  });
});
