/**
 * The live trainer's session (src/islands/trainer/session.ts) with a fake run and a fake clock:
 * the states a reader sees, one training loop at a time, slices no longer than SLICE_MS, measuring
 * as the settings ask, stopping at the last epoch, dropping a run on new settings, and loading
 * once per backend. The expected values are counted here from the fake run's own record of what
 * it was asked to do, not from the session.
 */
import { describe, expect, it } from "vitest";
import { SLICE_MS, TrainerSession, type Engine, type RunLike, type SessionHooks } from "../../../../src/islands/trainer/session.ts";
import type { TrainerSettings } from "../../../../src/islands/trainer/settings.ts";
import type { RunSpec } from "../../../../src/lib/training/training-run.ts";

const SETTINGS: TrainerSettings = {
  preset: "custom", layers: [30], activation: "sigmoid", init: "nielsen", frozen: [], eta: 0.1, lambda: 0, batch: 10,
  seed: 1, epochs: 3, optimizer: "sgd", batchNorm: false, residual: false, backend: "auto",
};
const weights = (v: number) => ({ sizes: [1, 1], weights: [new Float32Array([v])], biases: [new Float32Array([0])] });

/** A run of `batches` mini-batches per epoch whose every mini-batch takes `msPerBatch` of the fake clock. */
class FakeRun implements RunLike {
  epoch = 0;
  batch = 0;
  disposed = false;
  measuredEpochs: number[] = [];
  /** Mini-batches trained while a measurement was under way: a second loop (must stay 0). */
  trainedWhileMeasuring = 0;
  measuring = false;
  /** Mini-batches per call of advance: a slice. */
  slices: number[] = [];
  initial = weights(0);
  measuredParams = weights(0);
  readonly spec: RunSpec;
  readonly clock: { t: number };
  readonly batches: number;
  readonly msPerBatch: number;
  constructor(spec: RunSpec, clock: { t: number }, batches = 10, msPerBatch = 5) {
    [this.spec, this.clock, this.batches, this.msPerBatch] = [spec, clock, batches, msPerBatch];
  }
  advance(stop?: () => boolean): boolean {
    if (this.disposed) throw new Error("advance on a disposed run");
    if (this.measuring) this.trainedWhileMeasuring++;
    let n = 0;
    do {
      this.clock.t += this.msPerBatch;
      this.batch++;
      n++;
    } while (this.batch < this.batches && !stop?.());
    this.slices.push(n);
    if (this.batch < this.batches) return false;
    this.batch = 0;
    this.epoch++;
    return true;
  }
  async snapshot(between: () => Promise<void>) {
    await between();
    return { trainAccuracy: 0.1 * this.epoch, testAccuracy: 0.1 * this.epoch, cost: 1, gradNorms: [0.01, 0.1], weightGradNorms: [0.02, 0.2] };
  }
  async measure(between: () => Promise<void>) {
    if (this.disposed) throw new Error("measure on a disposed run");
    this.measuredEpochs.push(this.epoch);
    this.measuredParams = weights(this.epoch);
    this.measuring = true;
    const epoch = this.epoch;
    const snap = await this.snapshot(between);
    await between();
    this.measuring = false;
    return { epoch, ...snap, weightChange: [0.5, 0.5] };
  }
  dispose() {
    this.disposed = true;
  }
}

function harness(settings: Partial<TrainerSettings> = {}, o: { fail?: string; batches?: number } = {}) {
  const clock = { t: 0 };
  const runs: FakeRun[] = [];
  const loads: string[] = [];
  const failures: string[] = [];
  let tasks = 0;
  let changes = 0;
  const hooks: SessionHooks = {
    async load(backend) {
      loads.push(backend);
      await new Promise((r) => setTimeout(r, 0));
      if (o.fail) throw new Error(o.fail);
      const engine: Engine = { backend: backend === "auto" ? "webgl" : backend, reason: `Training on ${backend}.`, run: (spec) => (runs[runs.length] = new FakeRun(spec, clock, o.batches)) };
      return engine;
    },
    scheduler: { nextTask: () => (tasks++, new Promise((r) => setTimeout(r, 0))), now: () => clock.t },
    changed: () => void changes++,
    failed: (reason) => void failures.push(reason),
  };
  const session = new TrainerSession({ ...SETTINGS, ...settings }, hooks);
  return { session, runs, loads, failures, clock, get tasks() { return tasks; }, get changes() { return changes; } };
}

describe("TrainerSession", () => {
  it("Start trains to the last epoch, measuring epoch 0 and every epoch, in slices of at most SLICE_MS, then pauses", async () => {
    const h = harness();
    await h.session.start();
    expect(h.session.state).toBe("paused");
    expect(h.session.points.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    const run = h.runs[0];
    expect(run.measuredEpochs).toEqual([1, 2, 3]);
    // 5 ms a batch, a slice stops once more than 12 ms passed: 3 batches, then 3, 3, and the epoch's last 1.
    expect(run.slices.slice(0, 4)).toEqual([3, 3, 3, 1]);
    expect(Math.max(...run.slices) * run.msPerBatch).toBeLessThanOrEqual(SLICE_MS + run.msPerBatch);
    expect(h.session.weights?.now.weights[0][0]).toBe(3);
    expect(h.changes).toBeGreaterThan(3);
  });

  it("with full batches measures every 5th epoch and the last", async () => {
    const h = harness({ batch: 1000, epochs: 12 }, { batches: 1 });
    await h.session.start();
    expect(h.session.points.map((p) => p.epoch)).toEqual([0, 5, 10, 12]);
  });

  it("Step trains one epoch and measures it; past the last epoch it stops there and says so", async () => {
    const h = harness({ epochs: 2 });
    await h.session.step();
    expect(h.session.points.map((p) => p.epoch)).toEqual([0, 1]);
    await h.session.step();
    await h.session.step();
    expect(h.runs[0].epoch).toBe(2);
    expect(h.session.points.at(-1)?.epoch).toBe(2);
    expect(h.session.state).toBe("paused");
    expect(h.session.notice).toBe("Reached 2 epochs: raise “Epochs” to train further, or Reset.");
    await h.session.start();
    expect(h.runs[0].epoch).toBe(2);
    // Raising the epochs keeps the run: Step goes on from epoch 2.
    expect(h.session.configure({ ...h.session.settings, epochs: 3 })).toBe(false);
    await h.session.step();
    expect(h.session.points.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
  });

  it("Pause stops between slices and Start continues the same run with one loop: every epoch measured once", async () => {
    const h = harness({ epochs: 4 });
    const started = h.session.start();
    while (h.session.state !== "running") await new Promise((r) => setTimeout(r, 0));
    h.session.pause();
    expect(h.session.state).toBe("paused");
    // Start again before the paused loop finished its slice, then twice more.
    const again = [h.session.start(), h.session.start(), h.session.toggle()];
    await Promise.all([started, ...again]);
    while (h.session.state === "running") await new Promise((r) => setTimeout(r, 0));
    await h.session.start();
    expect(h.runs).toHaveLength(1);
    expect(h.runs[0].trainedWhileMeasuring).toBe(0);
    expect(h.runs[0].measuredEpochs).toEqual([1, 2, 3, 4]);
    expect(h.session.points.map((p) => p.epoch)).toEqual([0, 1, 2, 3, 4]);
  });

  it("new training settings drop the run (disposed, points gone, the old loop stops) and say so; an epochs-only change does not", async () => {
    const h = harness({ epochs: 50 });
    const started = h.session.start();
    while ((h.session.points.at(-1)?.epoch ?? 0) < 1) await new Promise((r) => setTimeout(r, 0));
    expect(h.session.configure({ ...h.session.settings, epochs: 60 })).toBe(false);
    expect(h.session.state).toBe("running");
    expect(h.session.configure({ ...h.session.settings, seed: 2 }, "changed")).toBe(true);
    await started;
    expect(h.runs[0].disposed).toBe(true);
    expect(h.session.points).toEqual([]);
    expect(h.session.weights).toBeNull();
    expect(h.session.state).toBe("idle");
    expect(h.session.notice).toBe("changed");
    const epochAtDrop = h.runs[0].epoch;
    await new Promise((r) => setTimeout(r, 20));
    expect(h.runs[0].epoch).toBe(epochAtDrop);
    // Without anything trained to show, nothing is said.
    expect(h.session.configure({ ...h.session.settings, seed: 3 }, "changed")).toBe(true);
    expect(h.session.notice).toBe("");
    await h.session.step();
    expect(h.runs[1].spec.seed).toBe(3);
  });

  it("Pause during a measurement, then Step at once: the step waits for the measurement, so nothing trains while it runs and no epoch is measured twice", async () => {
    const h = harness({ epochs: 6 });
    const started = h.session.start();
    // Pause while the loop is inside a measurement (the fake run marks it), then step in the same tick.
    while (!(h.runs[0]?.measuring && h.runs[0].epoch >= 1)) await new Promise((r) => setTimeout(r, 0));
    h.session.pause();
    const stepped = h.session.step();
    await Promise.all([started, stepped]);
    expect(h.runs[0].trainedWhileMeasuring).toBe(0);
    const epochs = h.session.points.map((p) => p.epoch);
    expect(new Set(epochs).size).toBe(epochs.length);
    expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => i));
  });

  it("Epochs lowered below what the run trained: Start and Step stop and say so", async () => {
    const h = harness({ epochs: 3 });
    await h.session.start();
    h.session.configure({ ...h.session.settings, epochs: 2 });
    await h.session.step();
    expect(h.runs[0].epoch).toBe(3);
    expect(h.session.notice).toBe("The run has trained 3 epochs, more than the 2 now set: raise “Epochs” to train further, or Reset.");
  });

  it("a run that fails to build or measure leaves the session failed and says why (not stuck loading)", async () => {
    const h = harness();
    const failures: string[] = [];
    const session = new TrainerSession(SETTINGS, {
      load: async () => ({ backend: "cpu", reason: "", run: () => { throw new Error("out of memory"); } }),
      scheduler: { nextTask: () => new Promise((r) => setTimeout(r, 0)), now: () => 0 },
      changed: () => {},
      failed: (reason) => void failures.push(reason),
    });
    await session.start();
    expect(session.state).toBe("failed");
    expect(failures).toEqual(["out of memory"]);
    expect(h.runs).toHaveLength(0);
  });

  it("new settings while tfjs loads: the Start that was loading trains nothing, and the next Start trains the new settings", async () => {
    const h = harness();
    const started = h.session.start();
    expect(h.session.state).toBe("loading");
    h.session.configure({ ...h.session.settings, seed: 2 });
    await started;
    await new Promise((r) => setTimeout(r, 20));
    expect(h.runs).toHaveLength(0);
    expect(h.session.points).toEqual([]);
    expect(h.session.state).toBe("idle");
    await h.session.start();
    expect(h.runs.map((r) => r.spec.seed)).toEqual([2]);
  });

  it("new settings after the run is built but before its first point: nothing was shown, so nothing is said", async () => {
    const h = harness();
    const started = h.session.start();
    while (!h.runs.length) await new Promise((r) => setTimeout(r, 0));
    expect(h.session.points).toEqual([]);
    h.session.configure({ ...h.session.settings, seed: 5 }, "changed");
    await started;
    expect(h.runs[0].disposed).toBe(true);
    expect(h.session.notice).toBe("");
  });

  it("Reset drops the run and says the network is back at its initial weights", async () => {
    const h = harness();
    await h.session.step();
    h.session.reset();
    expect(h.runs[0].disposed).toBe(true);
    expect(h.session.points).toEqual([]);
    expect(h.session.notice).toBe("Reset: the network is back at its initial weights.");
  });

  it("loads once per backend choice; a new choice loads again and drops the run", async () => {
    const h = harness();
    await h.session.step();
    await h.session.step();
    expect(h.loads).toEqual(["auto"]);
    expect(h.session.engine?.backend).toBe("webgl");
    h.session.configure({ ...h.session.settings, backend: "cpu" });
    expect(h.session.engine).toBeNull();
    expect(h.session.loadedOnce).toBe(true);
    await h.session.step();
    expect(h.loads).toEqual(["auto", "cpu"]);
    expect(h.session.points.map((p) => p.epoch)).toEqual([0, 1]);
  });

  it("a failed load leaves the session failed and reports the reason", async () => {
    const h = harness({}, { fail: "no digits" });
    await h.session.start();
    expect(h.session.state).toBe("failed");
    expect(h.failures).toEqual(["no digits"]);
    expect(h.runs).toHaveLength(0);
  });

  it("yields a task between every measurement pass", async () => {
    const h = harness({ epochs: 1 });
    const before = h.tasks;
    await h.session.step();
    // Epoch 0: before the run, after it, inside the snapshot, after it; epoch 1: one slice break at least, measure's own.
    expect(h.tasks - before).toBeGreaterThanOrEqual(8);
  });
});
