/**
 * The "through time" demo's live run on the page side, DOM-free: its state, Start/Pause, Step one
 * epoch, Reset, and the entries the worker (worker.ts) measured. It knows nothing of the page: it gets
 * a worker from `connect()` the first time the reader starts or steps (that is when tfjs loads), and
 * reports every change through `changed()`.
 */
import type { RecurrentRunSpec } from "../../lib/recurrent/training/recurrent-run.ts";
import type { TimeEntry } from "./committed.ts";
import type { FromWorker, WorkerLike } from "./protocol.ts";
import type { RunState } from "./view.ts";

export interface SessionHooks {
  /** A worker that trains (made on the first Start or Step). */
  connect(): WorkerLike;
  changed(): void;
  /** The worker could not start or tfjs could not load: the session stays "failed". */
  failed(reason: string): void;
}

export class TimeSession {
  #hooks: SessionHooks;
  #worker: WorkerLike | null = null;
  #spec: RecurrentRunSpec;
  #maxEpoch: number;
  #gen = 0;
  /** The generation the worker was asked to build (init sent). */
  #built = -1;
  #state: RunState = "idle";
  #entries: TimeEntry[] = [];
  #backend: { name: string; reason: string } | null = null;
  #notice = "";
  /** Milliseconds the worker took for the last epoch (training and measuring), and for each of its mini-batch steps. */
  lastEpochMs: number | null = null;
  lastStepsMs: number[] = [];

  constructor(spec: RecurrentRunSpec, maxEpoch: number, hooks: SessionHooks) {
    this.#spec = spec;
    this.#maxEpoch = maxEpoch;
    this.#hooks = hooks;
  }

  get state(): RunState {
    return this.#state;
  }
  get entries(): readonly TimeEntry[] {
    return this.#entries;
  }
  get backend(): { name: string; reason: string } | null {
    return this.#backend;
  }
  get notice(): string {
    return this.#notice;
  }
  get maxEpoch(): number {
    return this.#maxEpoch;
  }
  get spec(): RecurrentRunSpec {
    return this.#spec;
  }
  /** Epochs completed by the last measurement. */
  get epoch(): number {
    return this.#entries.at(-1)?.epoch ?? 0;
  }

  /** New settings (or Reset): the run is dropped; `notice` is said if something had been trained. */
  configure(spec: RecurrentRunSpec, maxEpoch: number, notice = ""): void {
    if (this.#state === "failed") return;
    const had = this.#entries.length > 0;
    this.#spec = spec;
    this.#maxEpoch = maxEpoch;
    this.#gen++;
    this.#entries = [];
    this.#notice = had ? notice : "";
    this.#state = "idle";
  }

  /** Start, or Pause while running. */
  toggle(): void {
    if (this.#state === "running") return this.pause();
    this.#train(this.#maxEpoch, "running");
  }

  /** Train one more epoch (from a run paused mid-epoch: to the end of that epoch). */
  step(): void {
    if (this.#state === "running") this.pause();
    this.#train(this.epoch + 1, "stepping");
  }

  pause(): void {
    if (this.#state !== "running" && this.#state !== "stepping") return;
    this.#worker?.postMessage({ type: "pause", gen: this.#gen });
    this.#state = "paused";
    this.#notice = "";
    this.#hooks.changed();
  }

  #train(until: number, state: "running" | "stepping"): void {
    if (this.#state === "failed" || this.#state === "loading" || this.#state === "stepping") return;
    if (this.#entries.length && this.epoch >= this.#maxEpoch) {
      this.#state = "done";
      this.#hooks.changed();
      return;
    }
    const worker = this.#connect();
    if (!worker) return;
    if (this.#built !== this.#gen) {
      this.#built = this.#gen;
      worker.postMessage({ type: "init", gen: this.#gen, spec: this.#spec });
    }
    worker.postMessage({ type: "train", gen: this.#gen, until: Math.min(until, this.#maxEpoch) });
    this.#state = this.#entries.length ? state : "loading";
    this.#pending = state;
    this.#notice = "";
    this.#hooks.changed();
  }

  /** What the run turns into once its epoch-0 entry arrives. */
  #pending: "running" | "stepping" = "running";

  #connect(): WorkerLike | null {
    if (this.#worker) return this.#worker;
    try {
      const w = this.#hooks.connect();
      w.onmessage = (e) => this.#onMessage(e.data);
      w.onerror = (e) => this.#fail(`the training worker failed to start${e.message ? ` (${e.message})` : ""}`);
      this.#worker = w;
      return w;
    } catch (e) {
      this.#fail(`the training worker could not be created (${(e as Error).message})`);
      return null;
    }
  }

  #fail(reason: string): void {
    this.#state = "failed";
    this.#worker?.terminate();
    this.#hooks.failed(reason);
  }

  #onMessage(m: FromWorker): void {
    if (m.type === "backend") {
      this.#backend = { name: m.name, reason: m.reason };
      return this.#hooks.changed();
    }
    if (m.gen !== this.#gen) return;
    if (m.type === "error") return this.#fail(m.message);
    if (m.type === "entry") {
      this.#entries = [...this.#entries, m.entry];
      if (m.entry.epoch > 0) {
        this.lastEpochMs = m.ms;
        this.lastStepsMs = m.steps;
      }
      if (this.#state === "loading") this.#state = this.#pending;
    } else if (m.type === "stopped" && this.#state !== "paused") {
      this.#state = m.epoch >= this.#maxEpoch ? "done" : "paused";
    }
    this.#hooks.changed();
  }
}
