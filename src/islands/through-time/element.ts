/**
 * <vg-through-time>: trains a tanh RNN, an LSTM or a GRU on the recall task in the reader's browser and
 * shows, after each epoch, ‖∂C/∂hₜ‖ against the step t and the accuracy, with the committed seed-1 run of
 * the same settings faint behind. This file only wires the parts:
 *   settings.ts   choices, URL state, the run id and the spec the live run trains
 *   session.ts    the live run's states (DOM-free); worker.ts trains it off the main thread (protocol.ts)
 *   committed.ts  each committed run's log, fetched and checked when the settings name it
 *   view.ts       what the demo says and which run each chart draws; figure.ts the charts as SVG
 * Before the reader acts only these files (not the worker) are loaded; the first Start or Step creates the
 * worker, which loads tfjs (src/islands/trainer/backend.ts) and src/lib/recurrent/training/recurrent-run.ts.
 */
import { DemoElement } from "../demo-element.ts";
import { patchSvgChildren } from "../patch.ts";
import { fetchGetter } from "../verified-files.ts";
import { CommittedLogs, type TimeEntry } from "./committed.ts";
import { accuracyDynamic, accuracyLabel, gradientDynamic, gradientLabel } from "./figure.ts";
import { INITS, initOffered, liveSpec, parseSettings, runId, toRecord, type CommittedConfig, type ThroughTimeSettings } from "./settings.ts";
import { TimeSession } from "./session.ts";
import { chartsChoice, readout, statusText, type RunState } from "./view.ts";
import type { WorkerLike } from "./protocol.ts";

const same = (a: ThroughTimeSettings, b: ThroughTimeSettings) => a.cell === b.cell && a.T === b.T && a.init === b.init && a.clip === b.clip;

export class ThroughTimeDemo extends DemoElement {
  protected readonly defaultStateId = "through-time";
  #configs: Record<string, CommittedConfig> = {};
  #built!: ThroughTimeSettings;
  #s!: ThroughTimeSettings;
  #session!: TimeSession;
  #committed!: CommittedLogs;
  #server = { gradient: "", gradientLabel: "", accuracy: "", accuracyLabel: "", note: "" };
  #chance = 0.25;

  protected setup(): void {
    this.#configs = JSON.parse(this.getAttribute("configs") ?? "{}");
    this.#chance = Number(this.getAttribute("chance")) || 0.25;
    this.#built = parseSettings({});
    this.#s = this.#built;
    const base = this.getAttribute("base") ?? "/";
    this.#committed = new CommittedLogs(fetchGetter(base), () => this.draw());
    const id = runId(this.#built);
    const epochs = this.#configs[id]?.epochs ?? 12;
    this.#session = new TimeSession(liveSpec(this.#built, this.#configs), epochs, {
      connect: () => new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "through-time" }) as unknown as WorkerLike,
      changed: () => this.draw(),
      failed: (reason) => this.showFailure(reason, `The live demo cannot run here: ${reason}. The charts show the last run drawn; the rest of the page is unaffected.`, ["controls"]),
    });
    for (const role of ["gradient", "accuracy"] as const) {
      const svg = this.#svg(role);
      this.#server[role] = svg?.innerHTML ?? "";
      this.#server[`${role}Label`] = svg?.getAttribute("aria-label") ?? "";
    }
    this.#server.note = this.byRole<HTMLElement>("note").textContent ?? "";
    this.addEventListener("change", this.#onEdit);
    this.addEventListener("click", this.#onClick);
  }

  protected readState(): void {
    const saved = this.saved();
    this.#configure(saved ? parseSettings(saved, this.#built) : this.#built);
  }

  /** For tests and the benchmark: the live run's entries, its state and backend, the settings. */
  get entries(): TimeEntry[] {
    return this.#session.entries.map((e) => ({ ...e, hiddenGradNorms: [...e.hiddenGradNorms] }));
  }
  get state(): RunState {
    return this.#session.state;
  }
  get backend(): string | null {
    return this.#session.backend?.name ?? null;
  }
  get settings(): ThroughTimeSettings {
    return { ...this.#s };
  }
  /** For the benchmark: the worker's time for the last epoch and its mini-batch steps, in ms. */
  get timing(): { epochMs: number | null; stepsMs: number[] } {
    return { epochMs: this.#session.lastEpochMs, stepsMs: [...this.#session.lastStepsMs] };
  }

  #svg(role: string): SVGSVGElement | null {
    return this.querySelector(`[data-role="chart-${role}"] svg`);
  }

  #configure(next: ThroughTimeSettings, notice = ""): void {
    this.#s = next;
    const id = runId(next);
    try {
      this.#session.configure(liveSpec(next, this.#configs), this.#configs[id]?.epochs ?? 12, notice);
    } catch (e) {
      this.showFailure((e as Error).message, `The live demo cannot train these settings: ${(e as Error).message}.`, []);
    }
  }

  #onEdit = (e: Event): void => {
    const t = e.target;
    if (!(t instanceof HTMLSelectElement || t instanceof HTMLInputElement) || !this.contains(t)) return;
    const role = t.dataset.role;
    const raw = toRecord(this.#s);
    if (role === "cell" || role === "T" || role === "init") raw[role] = t.value;
    else if (role === "clip" && t instanceof HTMLInputElement) raw.clip = t.checked ? "on" : "off";
    else return;
    const next = parseSettings(raw, this.#s);
    if (same(next, this.#s)) return this.draw();
    this.#configure(next, "The settings changed, so the network starts again from its initial weights.");
    this.save(toRecord(next));
    this.draw();
  };

  #onClick = (e: Event): void => {
    const button = e.target instanceof Element ? e.target.closest<HTMLButtonElement>("button[data-act]") : null;
    if (!button || !this.contains(button) || this.failed) return;
    const act = button.dataset.act;
    if (act === "start") this.#session.toggle();
    else if (act === "step") this.#session.step();
    else if (act === "reset") {
      this.#configure(this.#s, "Reset: the network starts again from its initial weights.");
    }
    this.draw();
  };

  #showControls(state: RunState): void {
    const s = this.#s;
    const set = (role: string, v: string) => {
      const el = this.querySelector<HTMLSelectElement>(`select[data-role="${role}"]`);
      if (el && el.value !== v) el.value = v;
    };
    set("cell", s.cell);
    set("T", String(s.T));
    set("init", s.init);
    for (const o of this.querySelectorAll<HTMLOptionElement>('select[data-role="init"] option')) o.disabled = !initOffered(s.cell, o.value as (typeof INITS)[number]);
    const clip = this.querySelector<HTMLInputElement>('input[data-role="clip"]');
    if (clip && clip.checked !== s.clip) clip.checked = s.clip;
    const start = this.querySelector<HTMLButtonElement>('button[data-act="start"]');
    if (start) {
      const running = state === "running";
      const label = running ? "Pause" : this.#session.entries.length && state !== "done" ? "Resume" : "Start";
      if (start.textContent !== label) start.textContent = label;
      start.setAttribute("aria-pressed", String(running));
    }
    const epoch = this.#session.entries.at(-1)?.epoch;
    this.#text("epoch-out", epoch === undefined ? `epoch – of ${this.#session.maxEpoch}` : `epoch ${epoch} of ${this.#session.maxEpoch}`);
  }

  #text(role: string, text: string): void {
    const el = this.querySelector(`[data-role="${role}"]`);
    if (el && el.textContent !== text) el.textContent = text;
  }

  #drawCharts(): void {
    const s = this.#s;
    const live = this.#session.entries;
    const id = runId(s);
    // The page's own settings, untouched and untrained, keep the server's charts: nothing is fetched before the reader acts.
    const untouched = !live.length && same(s, this.#built) && this.#session.state === "idle";
    const view = untouched ? null : chartsChoice(s, live, this.#committed.get(id));
    const charts = view
      ? {
          gradient: [gradientDynamic(s.T, view), gradientLabel(s.T, view)],
          accuracy: [accuracyDynamic({ ...view, maxEpoch: this.#session.maxEpoch, chance: this.#chance }), accuracyLabel({ ...view, maxEpoch: this.#session.maxEpoch, chance: this.#chance })],
        }
      : { gradient: [this.#server.gradient, this.#server.gradientLabel], accuracy: [this.#server.accuracy, this.#server.accuracyLabel] };
    for (const role of ["gradient", "accuracy"] as const) {
      const svg = this.#svg(role);
      if (!svg) continue;
      patchSvgChildren(svg, charts[role][0]);
      if (svg.getAttribute("aria-label") !== charts[role][1]) svg.setAttribute("aria-label", charts[role][1]);
    }
    this.#text("note", view ? view.note : this.#server.note);
  }

  protected draw(): void {
    const session = this.#session;
    if (!session) return;
    const state = session.state;
    this.#showControls(state);
    this.setAttribute("aria-busy", String(state === "loading" || state === "stepping"));
    this.#drawCharts();
    const clip = this.#configs[runId(this.#s)]?.spec.clip ?? 1;
    this.#text("readout", readout(session.entries, this.#s, session.maxEpoch, this.#s.clip ? clip : null));
    if (state !== "failed" && !this.failed) this.#text("status", statusText({ state, backendReason: session.backend?.reason ?? null, notice: session.notice }));
    this.dataset.state = this.failed ? "failed" : state;
    this.drawn({ state, epoch: session.entries.at(-1)?.epoch ?? null, backend: this.backend });
  }
}


customElements.define("vg-through-time", ThroughTimeDemo);
