/**
 * <vg-trainer>: trains a network on 1,000 MNIST digits in the reader's browser and shows, as it
 * learns, how fast each layer learns, how far each layer's weights move, train and test accuracy,
 * and what the first layer's weights look like. This file only wires the parts:
 *   session.ts   the run (states, load/start/pause/step/reset), DOM-free
 *   view.ts      what the trainer says (plan, status, readout, captions), DOM-free
 *   controls.ts  a control's value as a settings patch, and the controls moved to the settings
 *   figure.ts    the charts as SVG; tiles.ts the weight tiles
 * Before the reader presses Start only these files are loaded; Start (or Step) loads tfjs with a
 * backend (backend.ts), the trainer's digits and the shared training code (src/lib/training-run.ts).
 */
import { DemoElement } from "../demo-element.ts";
import { patchSvgChildren } from "../patch.ts";
import { fetchGetter } from "../verified-files.ts";
import { initialNetwork, relativeChange } from "../../lib/network.ts";
import { accuracyDynamic, accuracyLabel, changeDynamic, changeLabel, speedDynamic, speedLabel, type TrainerPoint } from "./figure.ts";
import { tileGrid, tilesToRgba } from "./tiles.ts";
import { INIT_SCHEMES, CUSTOM, parseSettings, sameTraining, toRecord, type Preset, type TrainerSettings } from "./settings.ts";
import { TrainerSession, type Engine, type SessionState } from "./session.ts";
import { chartNote, chartOptions, plan, readout, speedCaption, statusText, tilesText, weightScale } from "./view.ts";
import { controlOf, heldNumber, patchFor, showSettings } from "./controls.ts";
import type { BackendName } from "./backend.ts";

const CHARTS = { speed: [speedDynamic, speedLabel], change: [changeDynamic, changeLabel], accuracy: [accuracyDynamic, accuracyLabel] } as const;

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

export class TrainerDemo extends DemoElement {
  protected readonly defaultStateId = "trainer";
  #presets: Preset[] = [];
  #built!: TrainerSettings;
  #session!: TrainerSession;
  #oneAnswer = 0.1;
  /** The server-rendered charts (the preset's committed run), shown again whenever nothing is trained and the settings are the preset's. */
  #committed = new Map<string, { inner: string; label: string }>();
  #committedNote = "";
  #initial: { key: string; w: Float32Array; scale: number } | null = null;
  #painted: { w: Float32Array; scale: number; moved: number } | null = null;

  protected setup(): void {
    this.#presets = JSON.parse(this.getAttribute("presets") ?? "[]") as Preset[];
    if (!this.#presets.length) throw new Error("<vg-trainer> needs a presets attribute");
    this.#oneAnswer = Number(this.getAttribute("one-answer")) || 0.1;
    this.#built = parseSettings({ preset: this.getAttribute("preset") }, this.#presets);
    this.#session = new TrainerSession(this.#built, {
      load: (backend) => this.#load(backend),
      scheduler: { nextTask, now: () => performance.now() },
      changed: () => this.draw(),
      failed: (reason) =>
        this.showFailure(reason, `The trainer cannot run here: ${reason}. The charts show the committed run; the rest of the page is unaffected.`, ["controls"]),
    });
    this.addEventListener("input", this.#onEdit);
    this.addEventListener("change", this.#onEdit);
    this.addEventListener("click", this.#onClick);
    for (const el of this.querySelectorAll<HTMLElement>("[data-live]")) el.hidden = false;
    for (const role of Object.keys(CHARTS)) {
      const svg = this.querySelector(`[data-role="chart-${role}"] svg`);
      if (svg) this.#committed.set(role, { inner: svg.innerHTML, label: svg.getAttribute("aria-label") ?? "" });
    }
    this.#committedNote = this.byRole<HTMLElement>("chart-note").textContent ?? "";
  }

  protected readState(): void {
    const saved = this.saved();
    this.#session.configure(this.#named(saved ? parseSettings(saved, this.#presets, this.#built) : { ...this.#built }));
  }

  /** Settings that train exactly like a preset carry its name (the menu shows it). */
  #named(s: TrainerSettings): TrainerSettings {
    if (s.preset === CUSTOM) s.preset = this.#presets.find((p) => sameTraining(s, p.settings))?.id ?? CUSTOM;
    return s;
  }

  /** For tests and the benchmark: what the trainer has measured so far, and on what. */
  get points(): TrainerPoint[] {
    return this.#session.points.map((p) => ({ ...p, gradNorms: [...p.gradNorms], weightChange: [...p.weightChange] }));
  }
  get backend(): BackendName | null {
    return (this.#session.engine?.backend as BackendName | undefined) ?? null;
  }
  get state(): SessionState {
    return this.#session.state;
  }
  get settings(): TrainerSettings {
    const s = this.#session.settings;
    return { ...s, layers: [...s.layers], frozen: [...s.frozen] };
  }

  #set(patch: Partial<TrainerSettings>): void {
    const before = this.#session.settings;
    const next = patch.preset
      ? parseSettings({ preset: patch.preset, backend: before.backend }, this.#presets, before)
      : parseSettings({ ...toRecord({ ...before, ...patch }), preset: before.preset }, this.#presets, before);
    this.#session.configure(this.#named(next), "The settings changed, so the network starts again from its initial weights.");
    this.draw();
    this.save(toRecord(this.#session.settings));
  }

  #onEdit = (e: Event): void => {
    const c = controlOf(e.target);
    if (!c) return;
    if (c.onInput === (e.type === "input")) {
      const patch = patchFor(c.role, c.value, this.#session.settings);
      if (patch) this.#set(patch);
    } else if (e.type === "change" && e.target instanceof HTMLInputElement) {
      // On leaving a number field: show the value that holds (parseSettings clamped or refused the text).
      const held = heldNumber(c.role, this.#session.settings);
      if (held !== null) e.target.value = held;
    }
  };

  #onClick = (e: Event): void => {
    const button = e.target instanceof Element ? e.target.closest<HTMLButtonElement>("button[data-act]") : null;
    if (!button || !this.contains(button)) return;
    const act = button.dataset.act;
    if (act === "start") void this.#session.toggle();
    else if (act === "step") void this.#session.step();
    else if (act === "reset") this.#session.reset();
  };

  /** tfjs with the chosen backend, the digits (loaded once) and the shared training code. */
  #data: Promise<import("./data.ts").TrainerData> | null = null;
  async #load(choice: TrainerSettings["backend"]): Promise<Engine> {
    const base = this.getAttribute("base") ?? "/";
    const [{ pickBackend }, { loadTrainerData }, { TrainingRun }] = await Promise.all([import("./backend.ts"), import("./data.ts"), import("../../lib/training-run.ts")]);
    this.#data ??= loadTrainerData(fetchGetter(base));
    this.#data.catch(() => (this.#data = null));
    const [picked, data] = await Promise.all([pickBackend(choice), this.#data]);
    this.dataset.backend = picked.name;
    return { backend: picked.name, reason: picked.reason, run: (spec) => new TrainingRun(picked.tf, spec, data.train, data.test) };
  }

  #drawCharts(s: TrainerSettings): void {
    const p = this.#session.points;
    const committed = p.length === 0 && sameTraining(s, this.#built) && s.epochs === this.#built.epochs && s.backend === this.#built.backend;
    const o = chartOptions(s, this.#oneAnswer);
    for (const [role, [inner, label]] of Object.entries(CHARTS)) {
      const svg = this.querySelector(`[data-role="chart-${role}"] svg`);
      if (!svg) continue;
      const shown = committed ? (this.#committed.get(role) ?? { inner: "", label: "" }) : { inner: inner(p, o), label: label(p, o) + (p.length ? "" : ` ${plan(s)}`) };
      patchSvgChildren(svg, shown.inner);
      if (svg.getAttribute("aria-label") !== shown.label) svg.setAttribute("aria-label", shown.label);
    }
    this.#text("speed-caption", speedCaption(s));
    this.#text("chart-note", chartNote(s, p.length > 0, committed ? this.#committedNote : null));
  }

  #drawTiles(s: TrainerSettings): void {
    const canvas = this.querySelector<HTMLCanvasElement>('[data-role="tiles"]');
    if (!canvas) return;
    const n1 = s.layers[0];
    const key = `${n1}|${s.init}|${s.seed}`;
    if (this.#initial?.key !== key) {
      // Only the first layer is needed, and it is drawn first from the seed.
      const w = initialNetwork([784, n1], INIT_SCHEMES[s.init], s.seed).weights[0];
      this.#initial = { key, w, scale: weightScale(w) };
    }
    const { w: w0, scale } = this.#initial;
    const now = this.#session.weights?.now.weights[0];
    const w = now && now.length === w0.length ? now : w0;
    const g = tileGrid(784, n1);
    const resized = canvas.width !== g.width || canvas.height !== g.height;
    if (resized) [canvas.width, canvas.height] = [g.width, g.height];
    // Painted (and the move measured) only when the weights or their colour scale changed: draw() runs on every slider step.
    if (resized || this.#painted?.w !== w || this.#painted.scale !== scale) {
      canvas.getContext("2d")?.putImageData(new ImageData(tilesToRgba(w, 784, n1, scale) as Uint8ClampedArray<ArrayBuffer>, g.width, g.height), 0, 0);
      this.#painted = { w, scale, moved: w === w0 ? 0 : relativeChange(w0, w) };
    }
    const text = tilesText(s, this.#session.points.at(-1)?.epoch ?? 0, scale, this.#painted!.moved);
    canvas.setAttribute("aria-label", text);
    this.#text("tiles-readout", text);
  }

  #text(role: string, text: string): void {
    const el = this.querySelector(`[data-role="${role}"]`);
    if (el && el.textContent !== text) el.textContent = text;
  }

  protected draw(): void {
    const session = this.#session;
    if (!session) return;
    const s = session.settings;
    const state = session.state;
    showSettings(this, s, state, session.points.length > 1);
    // Buttons stay enabled while tfjs loads or a step runs (a disabled button would drop the keyboard
    // focus); Start and Step ignore presses until the trainer is ready, and aria-busy says so.
    this.setAttribute("aria-busy", String(state === "loading" || state === "stepping"));
    this.#drawCharts(s);
    this.#drawTiles(s);
    this.#text("readout", readout(session.points, s, state));
    if (state !== "failed") this.#text("status", statusText({ state, notice: session.notice, settings: s, presets: this.#presets, engine: session.engine, loadedOnce: session.loadedOnce }));
    this.dataset.state = state;
    this.drawn({ state, epoch: session.points.at(-1)?.epoch ?? null, backend: this.backend, preset: s.preset });
  }
}

customElements.define("vg-trainer", TrainerDemo);
