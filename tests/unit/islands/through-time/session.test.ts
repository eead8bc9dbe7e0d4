/**
 * The "through time" demo's page-side session (src/islands/through-time/session.ts) with a fake worker
 * that records what it is sent: no worker before the first Start or Step (tfjs loads then), a new run
 * for each generation, messages about an old run dropped, Pause, and a failed worker.
 */
import { describe, expect, it } from "vitest";
import { TimeSession } from "../../../../src/islands/through-time/session.ts";
import type { FromWorker, ToWorker, WorkerLike } from "../../../../src/islands/through-time/protocol.ts";
import type { RecurrentRunSpec } from "../../../../src/lib/recurrent/training/recurrent-run.ts";
import type { TimeEntry } from "../../../../src/islands/through-time/committed.ts";

const SPEC = { cell: "lstm", T: 10 } as unknown as RecurrentRunSpec;
const entry = (epoch: number): TimeEntry => ({ epoch, trainAccuracy: 0.25, testAccuracy: 0.25, cost: 1.4, gradNormBeforeClip: null, hiddenGradNorms: Array(11).fill(0.1) });

function setup() {
  const sent: ToWorker[] = [];
  let made = 0;
  const failures: string[] = [];
  const worker: WorkerLike = { postMessage: (m) => void sent.push(m), onmessage: null, onerror: null, terminate: () => {} };
  const session = new TimeSession(SPEC, 12, { connect: () => (made++, worker), changed: () => {}, failed: (r) => void failures.push(r) });
  const reply = (m: FromWorker) => worker.onmessage!({ data: m });
  return { sent, session, reply, failures, made: () => made, worker };
}

describe("the through-time session", () => {
  it("makes no worker until Start or Step; Step asks for a new run and one epoch", () => {
    const t = setup();
    expect(t.made()).toBe(0);
    t.session.step();
    expect(t.made()).toBe(1);
    expect(t.sent).toEqual([{ type: "init", gen: 0, spec: SPEC }, { type: "train", gen: 0, until: 1 }]);
    expect(t.session.state).toBe("loading");
    t.reply({ type: "entry", gen: 0, entry: entry(0), ms: 5, steps: [] });
    expect(t.session.state).toBe("stepping");
    t.reply({ type: "entry", gen: 0, entry: entry(1), ms: 50, steps: [6, 7] });
    t.reply({ type: "stopped", gen: 0, epoch: 1 });
    expect(t.session.state).toBe("paused");
    expect(t.session.entries.map((e) => e.epoch)).toEqual([0, 1]);
    expect(t.session.lastStepsMs).toEqual([6, 7]);
  });
  it("Start trains to the last epoch; Pause is sent at once; new settings drop the old run's messages", () => {
    const t = setup();
    t.session.toggle();
    expect(t.sent.at(-1)).toEqual({ type: "train", gen: 0, until: 12 });
    t.reply({ type: "entry", gen: 0, entry: entry(0), ms: 5, steps: [] });
    expect(t.session.state).toBe("running");
    t.session.toggle();
    expect(t.sent.at(-1)).toEqual({ type: "pause", gen: 0 });
    expect(t.session.state).toBe("paused");
    t.session.configure({ ...SPEC, clip: null }, 12, "The settings changed.");
    expect(t.session.notice).toBe("The settings changed.");
    t.reply({ type: "entry", gen: 0, entry: entry(1), ms: 5, steps: [] });
    expect(t.session.entries).toEqual([]);
    t.session.step();
    expect(t.sent.slice(-2)).toEqual([{ type: "init", gen: 1, spec: { ...SPEC, clip: null } }, { type: "train", gen: 1, until: 1 }]);
    expect(t.made()).toBe(1);
  });
  it("at the last epoch Start says done; a worker error fails the session", () => {
    const t = setup();
    t.session.toggle();
    for (let e = 0; e <= 12; e++) t.reply({ type: "entry", gen: 0, entry: entry(e), ms: 1, steps: [] });
    t.reply({ type: "stopped", gen: 0, epoch: 12 });
    expect(t.session.state).toBe("done");
    t.session.toggle();
    expect(t.session.state).toBe("done");
    t.reply({ type: "error", gen: 0, message: "tfjs could not start" });
    expect(t.session.state).toBe("failed");
    expect(t.failures).toEqual(["tfjs could not start"]);
  });
});
