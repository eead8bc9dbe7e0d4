/**
 * The "through time" demo's Web Worker: loads tfjs with the live trainer's backend loader
 * (src/islands/trainer/backend.ts, asked for WebAssembly: the backend the committed runs were trained
 * on) and trains RecurrentRun (src/lib/recurrent/training/recurrent-run.ts), the code that trained the committed
 * runs, one mini-batch per task so that a pause or a new run is heard between batches. Messages:
 * protocol.ts. Loaded by the page on the reader's first Start or Step, never before.
 */
import { pickBackend, type PickedBackend } from "../trainer/backend.ts";
import { RecurrentRun } from "../../lib/recurrent/training/recurrent-run.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";
import { backendSentence } from "./view.ts";

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);
let picked: Promise<PickedBackend> | null = null;
let run: RecurrentRun | null = null;
let gen = -1;
let goal = 0;
/** A new task (not a microtask): messages that arrived meanwhile are handled first. */
const nextTask = () => new Promise<void>((ok) => setTimeout(ok, 0));

async function init(m: Extract<ToWorker, { type: "init" }>): Promise<void> {
  // The loop of the old run stops at its next check (its gen is no longer current) before the run is disposed.
  gen = m.gen;
  goal = 0;
  await loopDone;
  run?.dispose();
  run = null;
  if (!picked) {
    picked = pickBackend("wasm");
    const p = await picked;
    post({ type: "backend", name: p.name, reason: backendSentence(p.name, p.reason) });
  }
  const { tf } = await picked;
  if (gen !== m.gen) return;
  const started = performance.now();
  run = new RecurrentRun(tf, m.spec);
  const entry = await run.measure(nextTask);
  if (gen === m.gen) post({ type: "entry", gen, entry, ms: performance.now() - started, steps: [] });
}

/** Trains the current run up to `goal` epochs, measuring after each; stops early when paused or replaced. */
async function loop(mine: number): Promise<void> {
  let started = performance.now();
  let steps: number[] = [];
  while (run && gen === mine && run.epoch < goal) {
    const t0 = performance.now();
    const ended = run.advance(() => true);
    steps.push(performance.now() - t0);
    if (ended) {
      const entry = await run.measure(nextTask);
      if (gen !== mine) return;
      post({ type: "entry", gen, entry, ms: performance.now() - started, steps });
      started = performance.now();
      steps = [];
    }
    await nextTask();
  }
  if (run && gen === mine) post({ type: "stopped", gen, epoch: run.epoch });
}

let looping = false;
let loopDone: Promise<void> = Promise.resolve();
function startLoop(): void {
  if (looping) return;
  looping = true;
  const mine = gen;
  loopDone = loop(mine)
    .catch((err: Error) => {
      if (gen === mine) post({ type: "error", gen, message: err.message });
    })
    .finally(() => {
      looping = false;
    });
}

let queue = Promise.resolve();
self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  // A pause is heard at once (between two mini-batches); the rest wait for what came before them.
  if (m.type === "pause") {
    if (m.gen === gen) goal = 0;
    return;
  }
  queue = queue.then(async () => {
    try {
      if (m.type === "init") await init(m);
      else if (m.type === "train" && m.gen === gen) {
        goal = m.until;
        startLoop();
      }
    } catch (err) {
      post({ type: "error", gen: m.gen, message: (err as Error).message });
    }
  });
};
