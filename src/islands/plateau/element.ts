/**
 * <vg-plateau>: gradient descent creeping along a nearly flat stretch before a
 * drop, with |∂C/∂y| at every step. Reveals the server-rendered controls,
 * listens and redraws; no math of its own.
 */
import { profileDynamic, profileLabel, run, slopeAlt, slopeLine, slopeSvg, summary, stepAxisEnd } from "./figure.ts";
import { DEFAULTS, fromRecord, parseSettings, toRecord, type PlateauSettings, type RawSettings } from "./settings.ts";
import { onStateLink, saveState, savedState } from "../url-state.ts";
import { setLiveText } from "../live-text.ts";
import { patchSvgChildren } from "../patch.ts";
import { num } from "../../lib/svg.ts";

export class PlateauDemo extends HTMLElement {
  #s: PlateauSettings = DEFAULTS;
  #stopLinks = () => {};

  connectedCallback(): void {
    this.#readState();
    this.addEventListener("input", this.#onInput);
    this.addEventListener("change", this.#onInput);
    this.#stopLinks = onStateLink(this.stateId, () => {
      this.#readState();
      this.#draw();
    });
    this.#q<HTMLElement>("controls").hidden = false;
    this.#draw();
  }

  disconnectedCallback(): void {
    this.#stopLinks();
  }

  get stateId(): string {
    return this.getAttribute("state-id") || "plateau";
  }

  #q<T extends Element>(role: string): T {
    const el = this.querySelector<T>(`[data-role="${role}"]`);
    if (!el) throw new Error(`<vg-plateau> is missing its [data-role="${role}"] element`);
    return el;
  }

  #readState(): void {
    const saved = savedState(this.stateId);
    const attrs: RawSettings = { optimizer: this.getAttribute("optimizer"), eta: this.getAttribute("eta"), steps: this.getAttribute("steps"), y0: this.getAttribute("y0") };
    this.#s = parseSettings(saved ? { ...attrs, ...fromRecord(saved) } : attrs);
    this.#q<HTMLSelectElement>("optimizer").value = this.#s.optimizer;
    this.#q<HTMLInputElement>("log-eta").value = String(Math.log10(this.#s.eta));
    this.#q<HTMLInputElement>("steps").value = String(this.#s.steps);
    this.#q<HTMLInputElement>("y0").value = String(this.#s.y0);
  }

  #onInput = (ev: Event): void => {
    const t = ev.target as HTMLInputElement;
    if (ev.type === "change" && t.type === "range") return;
    this.#s = parseSettings({
      optimizer: this.#q<HTMLSelectElement>("optimizer").value,
      eta: 10 ** Number(this.#q<HTMLInputElement>("log-eta").value),
      steps: this.#q<HTMLInputElement>("steps").value,
      y0: this.#q<HTMLInputElement>("y0").value,
    });
    this.#draw(t.type === "range");
    saveState(this.stateId, toRecord(this.#s));
  };

  /** continuous: a slider is still moving (the text readout then follows shortly). */
  #draw(continuous = false): void {
    const s = this.#s;
    const r = run(s);
    const profile = this.#q<HTMLElement>("profile").querySelector("svg")!;
    patchSvgChildren(this.#q<SVGGElement>("profile-dynamic"), profileDynamic(r));
    profile.setAttribute("aria-label", profileLabel(s, r));
    const slopeHost = this.#q<HTMLElement>("slope");
    const chart = slopeHost.querySelector("svg");
    if (chart && chart.getAttribute("data-axis") === String(stepAxisEnd(s.steps))) {
      chart.querySelector('[data-role="slope-line"]')!.setAttribute("d", slopeLine(s, r));
      chart.setAttribute("aria-label", slopeAlt(r));
    } else {
      slopeHost.innerHTML = slopeSvg(s, r);
    }
    setLiveText(this.#q<HTMLElement>("readout"), summary(s, r), continuous);
    for (const [role, text] of [["eta-out", num(s.eta, 3)], ["steps-out", String(s.steps)], ["y0-out", num(s.y0, 1)]]) {
      const out = this.#q<HTMLOutputElement>(role);
      if (out.value !== text) out.value = text; // only changed text: each change costs a text layout
    }
    this.dataset.status = r.status;
    this.dispatchEvent(new CustomEvent("vg-drawn", { detail: { status: r.status } }));
  }
}

if (!customElements.get("vg-plateau")) customElements.define("vg-plateau", PlateauDemo);
