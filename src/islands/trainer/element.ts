/**
 * <vg-trainer>: trains a network on 1,000 MNIST digits in the reader's browser and
 * shows, as it learns, how fast each layer learns (‖∂C/∂b‖), how far each layer's
 * weights move (‖ΔW‖/‖W‖), train and test accuracy, and the first layer's weights
 * as 28×28 tiles.
 *
 * Before the reader presses Start, only this file, the settings and the figure code
 * are loaded: the server-rendered charts show the committed run of the preset, and
 * the tiles show the initial first layer (drawn from the seed, no tfjs needed).
 * Start (or Step) loads tfjs with a backend (backend.ts: WebGL, else wasm, else cpu),
 * the trainer's digits (checked by sha256) and the shared training code
 * (src/lib/training-run.ts, the same code that trained the committed runs).
 *
 * The page never freezes: training runs on the main thread in slices of at most
 * SLICE_MS of mini-batches, and every measurement is its own task, so no task
 * holds the page for long (measured by `npm run bench:trainer`).
 */
import { DemoElement } from "../demo-element.ts";
import { patchSvgChildren } from "../patch.ts";
import { fetchGetter } from "../verified-files.ts";
import { initialNetwork, relativeChange } from "../../lib/network.ts";
import type { TrainingRun, Snapshot } from "../../lib/training-run.ts";
import type { BackendName } from "./backend.ts";
import type { TrainerData } from "./data.ts";
import {
  accuracyDynamic,
  accuracyLabel,
  changeDynamic,
  changeLabel,
  sig,
  speedDynamic,
  speedLabel,
  type TrainerChartOptions,
  type TrainerPoint,
} from "./figure.ts";
import { tileGrid, tilesToRgba } from "./tiles.ts";
import {
  ACTIVATION_TEXT,
  BACKEND_TEXT,
  BATCHES,
  CUSTOM,
  INIT_TEXT,
  OPTIMIZER_TEXT,
  INIT_SCHEMES,
  RANGES,
  TEST_DIGITS,
  TRAIN_DIGITS,
  WIDTHS,
  architectureText,
  etaText,
  measureEvery,
  parseSettings,
  sameTraining,
  snapBatch,
  specOf,
  toRecord,
  type Preset,
  type TrainerSettings,
} from "./settings.ts";

const CHARTS = ["speed", "change", "accuracy"] as const;

/** Longest stretch of mini-batches in one task, in milliseconds. */
export const SLICE_MS = 12;

type State = "idle" | "loading" | "running" | "paused" | "stepping" | "failed";

interface Engine {
  tf: typeof import("@tensorflow/tfjs-core");
  backend: BackendName;
  reason: string;
  data: TrainerData;
  Run: typeof TrainingRun;
}

/** A new task (not a microtask), without setTimeout's 4 ms clamp. */
const channel = typeof MessageChannel === "function" ? new MessageChannel() : null;
const waiting: Array<() => void> = [];
if (channel) channel.port1.onmessage = () => waiting.shift()?.();
const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    if (!channel) return void setTimeout(resolve, 0);
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

/** Thrown inside a measurement when the run it measures was dropped (reset, new settings). */
class Discarded extends Error {}

const asPoint = (epoch: number, s: Snapshot, weightChange: number[]): TrainerPoint => ({
  epoch,
  trainAccuracy: s.trainAccuracy,
  testAccuracy: s.testAccuracy,
  cost: s.cost,
  gradNorms: [...s.gradNorms],
  weightGradNorms: [...s.weightGradNorms],
  weightChange,
});

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

export class TrainerDemo extends DemoElement {
  protected readonly defaultStateId = "trainer";
  #presets: Preset[] = [];
  #s!: TrainerSettings;
  #built!: TrainerSettings;
  #state: State = "idle";
  #engine: Engine | null = null;
  #engineFor: string | null = null;
  #loading: Promise<Engine> | null = null;
  /** The training loop while it runs (it may outlive a pause by one slice). */
  #loop: Promise<void> | null = null;
  #run: TrainingRun | null = null;
  #points: TrainerPoint[] = [];
  /** Bumped whenever a run is discarded: a loop or step from an older run stops. */
  #generation = 0;
  #initialFirst: { key: string; w: Float32Array; scale: number } | null = null;
  #firstNow: Float32Array | null = null;
  /** What the tiles canvas shows now. */
  #painted: { w: Float32Array; scale: number; moved: number } | null = null;
  #oneAnswer = 0.1;
  /** The server-rendered charts (the preset's committed run), to show again whenever nothing is trained and the settings are the preset's. */
  #committed = new Map<string, { inner: string; label: string }>();
  #committedNote = "";
  /** A one-off message for the status line (settings changed, reset, end reached). */
  #notice = "";

  protected setup(): void {
    this.#presets = JSON.parse(this.getAttribute("presets") ?? "[]") as Preset[];
    if (!this.#presets.length) throw new Error("<vg-trainer> needs a presets attribute");
    this.#oneAnswer = Number(this.getAttribute("one-answer")) || 0.1;
    this.#built = parseSettings({ preset: this.getAttribute("preset") }, this.#presets);
    this.addEventListener("input", this.#onInput);
    this.addEventListener("change", this.#onChange);
    this.addEventListener("click", this.#onClick);
    for (const el of this.querySelectorAll<HTMLElement>("[data-live]")) el.hidden = false;
    for (const role of CHARTS) {
      const svg = this.querySelector(`[data-role="chart-${role}"] svg`);
      if (svg) this.#committed.set(role, { inner: svg.innerHTML, label: svg.getAttribute("aria-label") ?? "" });
    }
    this.#committedNote = this.byRole<HTMLElement>("chart-note").textContent ?? "";
  }

  protected readState(): void {
    const saved = this.saved();
    const next = saved ? parseSettings(saved, this.#presets, this.#built) : { ...this.#built };
    // A link whose settings train exactly like a preset opens under its name, as the controls would show it.
    if (next.preset === CUSTOM) next.preset = this.#presets.find((p) => sameTraining(next, p.settings))?.id ?? CUSTOM;
    if (this.#s && !sameTraining(this.#s, next)) this.#discard();
    else if (this.#s && this.#s.backend !== next.backend) this.#discard();
    this.#s = next;
  }

  /** For tests and the benchmark: what the trainer has measured so far, and on what. */
  get points(): TrainerPoint[] {
    return this.#points.map((p) => ({ ...p, gradNorms: [...p.gradNorms], weightChange: [...p.weightChange] }));
  }
  get backend(): BackendName | null {
    return this.#engine?.backend ?? null;
  }
  get state(): State {
    return this.#state;
  }
  get settings(): TrainerSettings {
    return { ...this.#s, layers: [...this.#s.layers], frozen: [...this.#s.frozen] };
  }

  // -------------------------------------------------------------------------------------------
  // Settings from the controls.

  #set(patch: Partial<TrainerSettings>): void {
    const before = this.#s;
    const raw = { ...toRecord({ ...before, ...patch } as TrainerSettings), preset: before.preset };
    let next = parseSettings(raw, this.#presets, before);
    if (patch.preset) next = parseSettings({ preset: patch.preset, backend: before.backend }, this.#presets, before);
    // Settings that train exactly like a preset carry its name again (the menu shows it).
    if (next.preset === CUSTOM) next.preset = this.#presets.find((p) => sameTraining(next, p.settings))?.id ?? CUSTOM;
    const retrain = !sameTraining(before, next) || before.backend !== next.backend;
    this.#s = next;
    if (retrain) this.#discard(this.#run ? "The settings changed, so the network starts again from its initial weights." : "");
    this.draw();
    this.save(toRecord(this.#s));
  }

  #onInput = (e: Event): void => {
    const el = e.target;
    if (!(el instanceof HTMLInputElement)) return;
    const role = el.dataset.role;
    if (el.type === "number") {
      // Every complete number takes effect at once (arrow keys, the spinner, typing); an empty or
      // unreadable field waits for the reader to finish and is put right on change.
      if (el.value.trim() !== "" && Number.isFinite(Number(el.value))) {
        if (role === "seed") this.#set({ seed: Number(el.value) });
        else if (role === "epochs") this.#set({ epochs: Number(el.value) });
      }
      return;
    }
    if (el.type !== "range") return;
    const v = Number(el.value);
    if (role === "eta") this.#set({ eta: 10 ** v });
    else if (role === "lambda") this.#set({ lambda: v });
    else if (role === "batch") this.#set({ batch: BATCHES[Math.round(v)] ?? this.#s.batch });
  };

  #onChange = (e: Event): void => {
    const el = e.target;
    if (el instanceof HTMLSelectElement) {
      const v = el.value;
      const role = el.dataset.role;
      if (role === "preset") {
        if (v !== CUSTOM) this.#set({ preset: v });
      } else if (role === "depth") {
        const depth = Number(v);
        const ls = this.#s.layers;
        this.#set({ layers: Array.from({ length: depth }, (_, i) => ls[Math.min(i, ls.length - 1)]) });
      } else if (role === "width") {
        if (v !== "mixed") this.#set({ layers: this.#s.layers.map(() => Number(v)) });
      } else if (role === "activation") this.#set({ activation: v as TrainerSettings["activation"] });
      else if (role === "init") this.#set({ init: v as TrainerSettings["init"] });
      else if (role === "backend") this.#set({ backend: v as TrainerSettings["backend"] });
      else if (role === "optimizer") this.#set({ optimizer: v as TrainerSettings["optimizer"] });
    } else if (el instanceof HTMLInputElement) {
      if (el.type === "checkbox" && el.dataset.role === "freeze") {
        const layer = Number(el.dataset.layer);
        const frozen = new Set(this.#s.frozen);
        if (el.checked) frozen.add(layer);
        else frozen.delete(layer);
        this.#set({ frozen: [...frozen] });
      } else if (el.type === "checkbox" && el.dataset.role === "batchnorm") {
        this.#set({ batchNorm: el.checked });
      } else if (el.type === "checkbox" && el.dataset.role === "residual") {
        this.#set({ residual: el.checked });
      } else if (el.type === "number") {
        // On leaving the field: show the value that holds (parseSettings clamped or refused the text).
        const role = el.dataset.role as "seed" | "epochs";
        if (role === "seed" || role === "epochs") el.value = String(this.#s[role]);
      }
    }
  };

  #onClick = (e: Event): void => {
    const button = e.target instanceof Element ? e.target.closest<HTMLButtonElement>("button[data-act]") : null;
    if (!button || !this.contains(button)) return;
    const act = button.dataset.act;
    if (act === "start") void (this.#state === "running" ? this.#pause() : this.#start());
    else if (act === "step") void this.#step();
    else if (act === "reset") void this.#reset();
  };

  // -------------------------------------------------------------------------------------------
  // Training.

  #status(text: string): void {
    const el = this.byRole<HTMLElement>("status");
    if (el.textContent !== text) el.textContent = text;
  }

  /** tfjs, a backend and the digits, loaded once (again only if the reader picks another backend). */
  #load(): Promise<Engine> {
    if (this.#engine && this.#engineFor === this.#s.backend) return Promise.resolve(this.#engine);
    if (this.#loading && this.#engineFor === this.#s.backend) return this.#loading;
    const choice = this.#s.backend;
    this.#engineFor = choice;
    this.#loading = (async () => {
      const base = this.getAttribute("base") ?? "/";
      const [{ pickBackend }, { loadTrainerData }, { TrainingRun }] = await Promise.all([import("./backend.ts"), import("./data.ts"), import("../../lib/training-run.ts")]);
      const [picked, data] = await Promise.all([pickBackend(choice), this.#engine?.data ?? loadTrainerData(fetchGetter(base))]);
      const engine: Engine = { tf: picked.tf, backend: picked.name, reason: picked.reason, data, Run: TrainingRun };
      this.#engine = engine;
      this.dataset.backend = picked.name;
      return engine;
    })();
    this.#loading.catch(() => {
      this.#loading = null;
      this.#engineFor = null;
    });
    return this.#loading;
  }

  /** Waits for a new task; throws Discarded when the run of generation `gen` was dropped meanwhile. */
  async #yield(gen: number): Promise<void> {
    await nextTask();
    if (gen !== this.#generation) throw new Discarded();
  }

  /** The current run, created (and measured at epoch 0) if there is none. Each stage is its own task. */
  async #ensureRun(): Promise<TrainingRun | null> {
    if (this.#run) return this.#run;
    const gen = this.#generation;
    this.#state = "loading";
    this.draw();
    let engine: Engine;
    try {
      engine = await this.#load();
    } catch (e) {
      this.#fail((e as Error).message);
      return null;
    }
    try {
      await this.#yield(gen);
      const run = new engine.Run(engine.tf, specOf(this.#s), engine.data.train, engine.data.test);
      this.#run = run;
      await this.#yield(gen);
      const first = await run.snapshot(() => this.#yield(gen));
      this.#points = [asPoint(0, first, first.gradNorms.map(() => 0))];
      this.#firstNow = run.initial.weights[0];
      await this.#yield(gen);
      return run;
    } catch (e) {
      if (e instanceof Discarded) return null;
      throw e;
    }
  }

  /** Measures the run (each pass its own task); false if the run was discarded meanwhile. */
  async #measure(run: TrainingRun, gen: number): Promise<boolean> {
    try {
      await this.#yield(gen);
      const entry = await run.measure(() => this.#yield(gen));
      this.#points.push(asPoint(entry.epoch, entry, entry.weightChange));
      this.#firstNow = run.measuredParams.weights[0];
      // Drawing is a task of its own too.
      await this.#yield(gen);
      return true;
    } catch (e) {
      if (e instanceof Discarded) return false;
      throw e;
    }
  }

  /**
   * Trains until an epoch completes, in slices; false if the run was discarded meanwhile or
   * `interrupted()` (a pause) stopped it between slices (the run keeps its place in the epoch).
   */
  async #epoch(run: TrainingRun, gen: number, interrupted: () => boolean = () => false): Promise<boolean> {
    for (;;) {
      const t0 = performance.now();
      const done = run.advance(() => performance.now() - t0 > SLICE_MS);
      if (done) break;
      await nextTask();
      if (gen !== this.#generation || interrupted()) return false;
    }
    if (run.epoch % measureEvery(this.#s) === 0 || run.epoch >= this.#s.epochs) return this.#measure(run, gen);
    return true;
  }

  async #start(): Promise<void> {
    if (this.#state === "running" || this.#state === "loading" || this.#state === "stepping") return;
    // A loop that was paused may still be finishing its slice: only one loop ever trains.
    if (this.#loop) {
      this.#state = "running";
      this.draw();
      await this.#loop;
      if (this.#state !== "running") return;
      this.#state = "paused";
    }
    this.#notice = "";
    const gen = this.#generation;
    const run = await this.#ensureRun();
    if (!run || gen !== this.#generation) return;
    if (this.#atEnd(run)) return;
    this.#state = "running";
    this.draw();
    this.#loop = this.#train(run, gen);
    await this.#loop;
    this.#loop = null;
  }

  /** True (and paused, saying so) when the run has trained the settings' epochs. */
  #atEnd(run: TrainingRun): boolean {
    if (run.epoch < this.#s.epochs) return false;
    this.#state = "paused";
    this.#notice = `Reached ${this.#s.epochs} epochs: raise “Epochs” to train further, or Reset.`;
    this.draw();
    return true;
  }

  /** The training loop: epochs until the end, a pause, or a discarded run. */
  async #train(run: TrainingRun, gen: number): Promise<void> {
    const paused = () => this.#state !== "running";
    while (!paused() && gen === this.#generation) {
      const measuredBefore = this.#points.length;
      if (!(await this.#epoch(run, gen, paused))) return;
      if (this.#points.length !== measuredBefore) this.draw();
      if (run.epoch >= this.#s.epochs) {
        this.#state = "paused";
        this.draw();
        return;
      }
      await nextTask();
    }
  }

  #pause(): void {
    if (this.#state !== "running") return;
    this.#state = "paused";
    this.draw();
  }

  async #step(): Promise<void> {
    if (this.#state === "loading" || this.#state === "stepping") return;
    if (this.#state === "running") {
      // Pause first, and let the loop finish its slice: one epoch at a time, measured once.
      this.#state = "stepping";
      this.draw();
      await this.#loop;
    }
    this.#notice = "";
    const gen = this.#generation;
    const run = await this.#ensureRun();
    if (!run || gen !== this.#generation) return;
    // Past the last epoch a step would count "Epoch 16 of 15": it stops there, as Start does.
    if (this.#atEnd(run)) return;
    this.#state = "stepping";
    this.draw();
    const ok = await this.#epoch(run, gen);
    // A step always shows where it got to, measured or not.
    if (ok && this.#points.at(-1)?.epoch !== run.epoch) await this.#measure(run, gen);
    if (gen !== this.#generation) return;
    this.#state = "paused";
    this.draw();
  }

  /** Drops the run: the next Start or Step begins at epoch 0 of the current settings. */
  #discard(message = ""): void {
    this.#generation++;
    this.#run?.dispose();
    this.#run = null;
    this.#points = [];
    this.#firstNow = null;
    if (this.#state !== "failed") this.#state = "idle";
    this.#notice = message;
  }

  async #reset(): Promise<void> {
    this.#discard();
    this.#notice = "Reset: the network is back at its initial weights.";
    this.draw();
  }

  /** In place of the trainer: what went wrong. The committed run's charts and the rest of the page stay. */
  #fail(reason: string): void {
    this.#state = "failed";
    this.showFailure(reason, `The trainer cannot run here: ${reason}. The charts show the committed run; the rest of the page is unaffected.`, ["controls"]);
  }

  // -------------------------------------------------------------------------------------------
  // Drawing.

  #chartOptions(): TrainerChartOptions {
    return { maxEpoch: this.#s.epochs, layers: this.#s.layers.length + 1, oneAnswer: this.#oneAnswer, measure: this.#s.batchNorm ? "weight" : "bias" };
  }

  #initialFirstLayer(): { w: Float32Array; scale: number } {
    const s = this.#s;
    const key = `${s.layers[0]}|${s.init}|${s.seed}`;
    if (this.#initialFirst?.key !== key) {
      // Only the first layer is needed, and it is drawn first from the seed.
      const w = initialNetwork([784, s.layers[0]], INIT_SCHEMES[s.init], s.seed).weights[0];
      let sq = 0;
      for (let i = 0; i < w.length; i++) sq += w[i] * w[i];
      this.#initialFirst = { key, w, scale: 2.5 * Math.sqrt(sq / w.length) };
    }
    return this.#initialFirst;
  }

  #drawTiles(): void {
    const canvas = this.querySelector<HTMLCanvasElement>('[data-role="tiles"]');
    if (!canvas) return;
    const n1 = this.#s.layers[0];
    const { w: w0, scale } = this.#initialFirstLayer();
    const w = this.#firstNow && this.#firstNow.length === w0.length ? this.#firstNow : w0;
    const g = tileGrid(784, n1);
    const resized = canvas.width !== g.width || canvas.height !== g.height;
    if (resized) {
      // Resizing clears the canvas.
      canvas.width = g.width;
      canvas.height = g.height;
    }
    // Painted (and the move measured) only when the weights or their colour scale changed: draw() runs
    // on every slider step.
    if (resized || this.#painted?.w !== w || this.#painted.scale !== scale) {
      const ctx = canvas.getContext("2d");
      ctx?.putImageData(new ImageData(tilesToRgba(w, 784, n1, scale) as Uint8ClampedArray<ArrayBuffer>, g.width, g.height), 0, 0);
      this.#painted = { w, scale, moved: w === w0 ? 0 : relativeChange(w0, w) };
    }
    const moved = this.#painted!.moved;
    const frozen = this.#s.frozen.includes(1);
    const epoch = this.#points.at(-1)?.epoch ?? 0;
    const text =
      `The ${n1} first-layer weight vectors, one 28×28 tile per hidden neuron (blue negative, red positive, white 0; colours saturate at ±${sig(scale)}). ` +
      (frozen ? "The first layer is frozen: these never change." : epoch === 0 ? "These are the initial weights." : `After ${epoch} epochs they have moved ${sig(100 * moved)}% from the initial weights (‖W − W₀‖/‖W₀‖).`);
    canvas.setAttribute("aria-label", text);
    const readout = this.querySelector('[data-role="tiles-readout"]');
    if (readout && readout.textContent !== text) readout.textContent = text;
  }

  /** What an empty chart stands for: the network the next Start trains. */
  #plan(): string {
    const s = this.#s;
    const frozen = s.frozen.length ? `, weight layer${s.frozen.length > 1 ? "s" : ""} ${s.frozen.join(", ")} frozen` : "";
    const fixes = [s.batchNorm ? "batch normalisation" : "", s.residual ? "residual connections" : ""].filter(Boolean);
    const extra = (fixes.length ? `, ${fixes.join(" and ")}` : "") + (s.optimizer === "sgd" ? "" : `, ${OPTIMIZER_TEXT[s.optimizer]}`);
    return (
      `Start trains ${architectureText(s)} (${ACTIVATION_TEXT[s.activation]}, ${INIT_TEXT[s.init]}${frozen}${extra}) ` +
      `with η = ${etaText(s.eta)}, λ = ${s.lambda}, mini-batches of ${s.batch}, seed ${s.seed}, for ${s.epochs} epochs, ` +
      (s.backend === "auto" ? "on the fastest backend this browser offers." : `on ${BACKEND_TEXT[s.backend]}.`)
    );
  }

  #drawCharts(): void {
    const note = this.byRole<HTMLElement>("chart-note");
    const p = this.#points;
    const committed = p.length === 0 && sameTraining(this.#s, this.#built) && this.#s.epochs === this.#built.epochs && this.#s.backend === this.#built.backend;
    const o = this.#chartOptions();
    for (const role of CHARTS) {
      const svg = this.querySelector(`[data-role="chart-${role}"] svg`);
      if (!svg) continue;
      let inner: string;
      let label: string;
      if (committed) ({ inner, label } = this.#committed.get(role) ?? { inner: "", label: "" });
      else if (role === "speed") [inner, label] = [speedDynamic(p, o), speedLabel(p, o)];
      else if (role === "change") [inner, label] = [changeDynamic(p, o), changeLabel(p, o)];
      else [inner, label] = [accuracyDynamic(p, o), accuracyLabel(p, o)];
      if (!p.length && !committed) label = `${label} ${this.#plan()}`;
      patchSvgChildren(svg, inner);
      if (svg.getAttribute("aria-label") !== label) svg.setAttribute("aria-label", label);
    }
    const caption = this.querySelector('[data-role="speed-caption"]');
    const captionText = `How fast each hidden layer learns: ${this.#s.batchNorm ? "‖∂C₀/∂W‖ (with batch normalisation the biases' gradient is 0)" : "‖∂C/∂b‖"} (log scale)`;
    if (caption && caption.textContent !== captionText) caption.textContent = captionText;
    const text = committed
      ? this.#committedNote
      : p.length
        ? `Live: your network ${architectureText(this.#s)}, trained here on ${TRAIN_DIGITS.toLocaleString("en")} digits and tested on ${TEST_DIGITS.toLocaleString("en")}.`
        : `Live: press Start or Step to train ${architectureText(this.#s)} here.`;
    if (note.textContent !== text) note.textContent = text;
  }

  #drawControls(): void {
    const s = this.#s;
    const q = <T extends Element>(role: string) => this.querySelector<T>(`[data-role="${role}"]`);
    const setSelect = (role: string, v: string) => {
      const el = q<HTMLSelectElement>(role);
      if (el && el.value !== v) el.value = v;
    };
    setSelect("preset", s.preset);
    setSelect("depth", String(s.layers.length));
    const width = q<HTMLSelectElement>("width");
    if (width) {
      const uniform = s.layers.every((w) => w === s.layers[0]) && (WIDTHS as readonly number[]).includes(s.layers[0]);
      let mixed = width.querySelector<HTMLOptionElement>('option[value="mixed"]');
      if (!uniform) {
        if (!mixed) {
          mixed = document.createElement("option");
          mixed.value = "mixed";
          width.append(mixed);
        }
        mixed.textContent = s.layers.join(", ");
      } else mixed?.remove();
      const v = uniform ? String(s.layers[0]) : "mixed";
      if (width.value !== v) width.value = v;
    }
    setSelect("activation", s.activation);
    setSelect("init", s.init);
    setSelect("backend", s.backend);
    setSelect("optimizer", s.optimizer);
    const bn = q<HTMLInputElement>("batchnorm");
    if (bn) bn.checked = s.batchNorm;
    const res = q<HTMLInputElement>("residual");
    if (res) res.checked = s.residual;
    for (const box of this.querySelectorAll<HTMLInputElement>('input[data-role="freeze"]')) {
      const layer = Number(box.dataset.layer);
      const exists = layer <= s.layers.length + 1;
      const label = box.closest("label");
      if (label) label.hidden = !exists;
      box.checked = exists && s.frozen.includes(layer);
    }
    const range = (role: string, value: number, text: string) => {
      const el = q<HTMLInputElement>(role);
      if (el && Number(el.value) !== value) el.value = String(value);
      el?.setAttribute("aria-valuetext", text);
      this.show(q<HTMLOutputElement>(`${role}-out`), text);
    };
    range("eta", Math.log10(s.eta), etaText(s.eta));
    range("lambda", s.lambda, String(s.lambda));
    range("batch", BATCHES.indexOf(snapBatch(s.batch) as (typeof BATCHES)[number]), s.batch >= TRAIN_DIGITS ? `${s.batch} (full batch)` : String(s.batch));
    for (const role of ["seed", "epochs"] as const) {
      const el = q<HTMLInputElement>(role);
      if (el && el !== document.activeElement && Number(el.value) !== s[role]) el.value = String(s[role]);
    }
    this.show(q<HTMLOutputElement>("arch-out"), architectureText(s));
    const start = q<HTMLButtonElement>("start-button");
    if (start) {
      const running = this.#state === "running";
      const label = running ? "Pause" : this.#points.length > 1 ? "Continue" : "Start";
      if (start.textContent !== label) start.textContent = label;
      start.setAttribute("aria-pressed", String(running));
    }
    // Buttons stay enabled while tfjs loads or a step runs (a disabled button would drop the keyboard
    // focus); Start and Step ignore presses until the trainer is ready, and aria-busy says so.
    this.setAttribute("aria-busy", String(this.#state === "loading" || this.#state === "stepping"));
  }

  /** Which backend trains and why; before the first Start, what Start will load. */
  #statusText(): string {
    if (this.#state === "loading") return "Loading tfjs and the digits…";
    const notice = this.#notice ? `${this.#notice} ` : "";
    if (this.#engine && this.#engineFor === this.#s.backend && this.#state !== "idle") {
      const preset = this.#presets.find((x) => x.id === this.#s.preset);
      const fewer = preset && preset.shippedTrain > TRAIN_DIGITS ? ` The committed run trained on ${preset.shippedTrain.toLocaleString("en")} digits; here ${TRAIN_DIGITS.toLocaleString("en")}.` : "";
      return `${notice}${this.#engine.reason}${fewer}`;
    }
    const how = this.#s.backend === "auto" ? "on WebGL if this browser offers it, else on WebAssembly, else in plain JavaScript" : `on ${BACKEND_TEXT[this.#s.backend]}`;
    const loads = this.#engine ? "" : ` The first Start loads tfjs (about 250 KB compressed) and ${TRAIN_DIGITS.toLocaleString("en")} training and ${TEST_DIGITS.toLocaleString("en")} test digits (about 320 KB).`;
    return `${notice}Start or Step trains ${how}.${loads}`;
  }

  #readout(): string {
    const p = this.#points.at(-1);
    if (!p) return this.#state === "loading" ? "Loading…" : `${architectureText(this.#s)}: not trained yet.`;
    // With batch normalisation the biases' gradient is rounding noise: the weights' gradient is the measure.
    const weights = this.#s.batchNorm && p.weightGradNorms;
    const hidden = (weights ? p.weightGradNorms! : p.gradNorms).slice(0, -1);
    const name = weights ? "‖∂C₀/∂W‖" : "‖∂C/∂b‖";
    // The spread, named by its quantity as the fixes lesson's table names it (the last hidden layer's over the first's):
    // ‖∂C/∂b‖ where that is the measure shown, and ‖∂C₀/∂W‖, the table's, whenever it was measured.
    const ratio = (v: readonly number[]) => (v.length > 2 && v[0] > 0 ? sig(v[v.length - 2] / v[0]) : null);
    const spreads = [
      ...(weights ? [] : [["‖∂C/∂b‖", ratio(p.gradNorms)]]),
      ...(p.weightGradNorms ? [["‖∂C₀/∂W‖", ratio(p.weightGradNorms)]] : []),
    ].filter(([, r]) => r !== null);
    const spread = spreads.length ? ` Spread, the last hidden layer's over the first's: ${spreads.map(([q, r]) => `${q} ${r}×`).join(", ")}.` : "";
    return (
      `Epoch ${p.epoch} of ${this.#s.epochs}: train ${pct(p.trainAccuracy)}, test ${pct(p.testAccuracy)}, cost ${sig(p.cost, 3)}. ` +
      `${name} per hidden layer: ${hidden.map((g) => sig(g)).join(", ")}.${spread}`
    );
  }

  protected draw(): void {
    if (!this.#s) return;
    this.#drawControls();
    this.#drawCharts();
    this.#drawTiles();
    const readout = this.byRole<HTMLElement>("readout");
    const text = this.#readout();
    if (readout.textContent !== text) readout.textContent = text;
    if (this.#state !== "failed") this.#status(this.#statusText());
    this.dataset.state = this.#state;
    this.drawn({ state: this.#state, epoch: this.#points.at(-1)?.epoch ?? null, backend: this.backend, preset: this.#s.preset });
  }
}

customElements.define("vg-trainer", TrainerDemo);
