/**
 * <vg-trainer>: trains a network on 1,000 MNIST digits in the reader's browser and shows, as it
 * learns, how fast each layer learns, how far each layer's weights move, train and test accuracy,
 * and what the first layer's weights look like. This file only wires the parts:
 *   session.ts       the run (states, load/start/pause/step/reset), DOM-free; engine.ts what it runs on
 *   view.ts          what the trainer says and which run the charts show, DOM-free
 *   controls.ts      a control's value as a settings patch, and the controls moved to the settings
 *   committed.ts     each preset's committed run, fetched when first needed
 *   figure.ts        the charts as SVG (marks.ts, scales.ts); weights-view.ts the tiles and histograms
 * Before the reader presses Start only these files are loaded; Start (or Step) loads tfjs with a
 * backend (backend.ts), the trainer's digits and the shared training code (src/lib/training/training-run.ts).
 */
import { DemoElement } from "../demo-element.ts";
import { patchSvgChildren } from "../patch.ts";
import { fetchGetter } from "../verified-files.ts";
import type { TrainerPoint } from "./figure.ts";
import { named, parseSettings, patched, toRecord, type Preset, type TrainerSettings } from "./settings.ts";
import { TrainerSession, type SessionState } from "./session.ts";
import { CHARTS, chartsView, readout, speedCaption, statusText, type ChartRole, type ChartView } from "./view.ts";
import { controlOf, heldNumber, patchFor, showSettings } from "./controls.ts";
import { CommittedRuns } from "./committed.ts";
import { engineLoader, pageScheduler } from "./engine.ts";
import { WeightsView } from "./weights-view.ts";
import type { BackendName } from "./backend.ts";
import type { Climb } from "../../lib/analysis/chance.ts";

export class TrainerDemo extends DemoElement {
  protected readonly defaultStateId = "trainer";
  #presets: Preset[] = [];
  #built!: TrainerSettings;
  #session!: TrainerSession;
  #oneAnswer = 0.1;
  #committedOneAnswer: Record<string, number> = {};
  /** When each preset's live run leaves chance (measured in advance: public/derived/live-presets). */
  #climbs: Record<string, Climb> = {};
  /** The server-rendered charts (the page's preset's committed run), shown until its log is loaded or the reader trains. */
  #server = { charts: {} as Record<string, ChartView>, note: "" };
  /** Each preset's committed run, fetched when the reader first needs it. */
  #committed!: CommittedRuns;
  #weights!: WeightsView;

  protected setup(): void {
    this.#presets = JSON.parse(this.getAttribute("presets") ?? "[]") as Preset[];
    if (!this.#presets.length) throw new Error("<vg-trainer> needs a presets attribute");
    this.#oneAnswer = Number(this.getAttribute("one-answer")) || 0.1;
    this.#committedOneAnswer = JSON.parse(this.getAttribute("committed-one-answer") ?? "{}");
    this.#climbs = JSON.parse(this.getAttribute("live-climbs") ?? "{}");
    this.#weights = new WeightsView(this);
    this.#built = parseSettings({ preset: this.getAttribute("preset") }, this.#presets);
    const base = this.getAttribute("base") ?? "/";
    this.#committed = new CommittedRuns(fetchGetter(base), () => this.draw());
    const load = engineLoader(base);
    this.#session = new TrainerSession(this.#built, {
      load,
      scheduler: pageScheduler,
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
      if (svg) this.#server.charts[role] = { inner: svg.innerHTML, label: svg.getAttribute("aria-label") ?? "" };
    }
    this.#server.note = this.byRole<HTMLElement>("chart-note").textContent ?? "";
  }

  protected readState(): void {
    const saved = this.saved();
    this.#session.configure(named(saved ? parseSettings(saved, this.#presets, this.#built) : { ...this.#built }, this.#presets));
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
    const next = patched(this.#session.settings, patch, this.#presets);
    this.#session.configure(next, "The settings changed, so the network starts again from its initial weights.");
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

  #drawCharts(s: TrainerSettings): void {
    const points = this.#session.points;
    const preset = this.#presets.find((p) => p.id === s.preset) ?? null;
    // The page's own preset, untouched and untrained, keeps the server's charts: nothing is fetched before the reader acts.
    const untouched = !points.length && preset?.id === this.#built.preset && this.#session.state === "idle" && !this.#committed.has(preset.id);
    const committed = preset && !untouched ? this.#committed.get(preset.id) : undefined;
    const view =
      chartsView({
        settings: s, points, preset, builtPreset: this.#built.preset, committed, oneAnswer: this.#oneAnswer,
        committedOneAnswer: (preset && this.#committedOneAnswer[preset.id]) || this.#oneAnswer,
      }) ?? this.#server;
    for (const role of Object.keys(CHARTS) as ChartRole[]) {
      const svg = this.querySelector(`[data-role="chart-${role}"] svg`);
      const shown = view.charts[role];
      if (!svg || !shown) continue;
      patchSvgChildren(svg, shown.inner);
      if (svg.getAttribute("aria-label") !== shown.label) svg.setAttribute("aria-label", shown.label);
    }
    this.#text("speed-caption", speedCaption(s));
    this.#text("chart-note", view.note);
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
    showSettings(this, s, state, session.points.length > 1, session.points.at(-1)?.epoch ?? null);
    // Buttons stay enabled while tfjs loads or a step runs (a disabled button would drop the keyboard
    // focus); Start and Step ignore presses until the trainer is ready, and aria-busy says so.
    this.setAttribute("aria-busy", String(state === "loading" || state === "stepping"));
    this.#drawCharts(s);
    this.#weights.draw(s, session.weights, session.points.at(-1)?.epoch ?? 0);
    this.#text("readout", readout(session.points, s, state));
    if (state !== "failed") this.#text("status", statusText({ state, notice: session.notice, settings: s, presets: this.#presets, engine: session.engine, loadedOnce: session.loadedOnce, climb: this.#climbs[s.preset] }));
    this.dataset.state = state;
    // The backend that trains the current settings (not one a superseded load picked).
    const backend = session.engine?.backend;
    if (backend && this.dataset.backend !== backend) this.dataset.backend = backend;
    this.drawn({ state, epoch: session.points.at(-1)?.epoch ?? null, backend: this.backend, preset: s.preset });
  }
}

customElements.define("vg-trainer", TrainerDemo);
