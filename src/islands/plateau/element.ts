/**
 * <vg-plateau>: gradient descent creeping along a nearly flat stretch before a
 * drop, with |∂C/∂y| at every step. Shared behaviour is in DemoElement.
 */
import { profileDynamic, profileLabel, run, slopeAlt, slopeLine, slopeSvg, summary, stepAxisEnd } from "./figure.ts";
import { DEFAULTS, fromRecord, parseSettings, toRecord, type PlateauSettings, type RawSettings } from "./settings.ts";
import { DemoElement } from "../demo-element.ts";
import { setLiveText } from "../live-text.ts";
import { patchSvgChildren } from "../patch.ts";
import { num } from "../../lib/draw/svg.ts";

export class PlateauDemo extends DemoElement {
  protected readonly defaultStateId = "plateau";
  #s: PlateauSettings = DEFAULTS;
  #el!: Record<"optimizer" | "logEta" | "steps" | "y0", HTMLInputElement | HTMLSelectElement> & {
    profile: SVGSVGElement;
    dots: SVGGElement;
    slope: HTMLElement;
    readout: HTMLElement;
    outputs: [HTMLOutputElement, HTMLOutputElement, HTMLOutputElement];
  };

  protected setup(): void {
    this.#el = {
      optimizer: this.byRole("optimizer"),
      logEta: this.byRole("log-eta"),
      steps: this.byRole("steps"),
      y0: this.byRole("y0"),
      profile: this.byRole<HTMLElement>("profile").querySelector("svg")!,
      dots: this.byRole("profile-dynamic"),
      slope: this.byRole("slope"),
      readout: this.byRole("readout"),
      outputs: [this.byRole("eta-out"), this.byRole("steps-out"), this.byRole("y0-out")],
    };
    this.addEventListener("input", this.#onInput);
    this.addEventListener("change", this.#onInput);
  }

  protected readState(): void {
    const saved = this.saved();
    const attrs: RawSettings = { optimizer: this.getAttribute("optimizer"), eta: this.getAttribute("eta"), steps: this.getAttribute("steps"), y0: this.getAttribute("y0") };
    this.#s = parseSettings(saved ? { ...attrs, ...fromRecord(saved) } : attrs);
    const e = this.#el;
    e.optimizer.value = this.#s.optimizer;
    e.logEta.value = String(Math.log10(this.#s.eta));
    e.steps.value = String(this.#s.steps);
    e.y0.value = String(this.#s.y0);
  }

  /**
   * Only the control that changed is read: a slider snaps a value that is not on its step
   * grid (η = 0.9 sits between two log steps), so reading every slider would silently
   * move η whenever the reader changed the optimizer, the steps or the start.
   */
  #onInput = (ev: Event): void => {
    const t = ev.target as HTMLInputElement;
    if (ev.type === "change" && t.type === "range") return; // already drawn on input
    const changed: RawSettings | null =
      t.dataset.role === "optimizer" ? { optimizer: t.value }
      : t.dataset.role === "log-eta" ? { eta: 10 ** Number(t.value) }
      : t.dataset.role === "steps" ? { steps: t.value }
      : t.dataset.role === "y0" ? { y0: t.value }
      : null;
    if (!changed) return;
    this.#s = parseSettings({ ...this.#s, ...changed });
    this.draw(t.type === "range");
    this.save(toRecord(this.#s));
  };

  protected draw(continuous = false): void {
    const s = this.#s;
    const r = run(s);
    const e = this.#el;
    patchSvgChildren(e.dots, profileDynamic(r));
    e.profile.setAttribute("aria-label", profileLabel(s, r));
    const slopeHost = e.slope;
    const chart = slopeHost.querySelector("svg");
    if (chart && chart.getAttribute("data-axis") === String(stepAxisEnd(s.steps))) {
      chart.querySelector('[data-role="slope-line"]')!.setAttribute("d", slopeLine(s, r));
      chart.setAttribute("aria-label", slopeAlt(r));
    } else {
      slopeHost.innerHTML = slopeSvg(s, r);
    }
    setLiveText(e.readout, summary(s, r), continuous);
    // The η slider's position is log10 η: a screen reader reads the shown value instead.
    const eta = num(s.eta, 3);
    this.show(e.outputs[0], eta);
    if (e.logEta.getAttribute("aria-valuetext") !== eta) e.logEta.setAttribute("aria-valuetext", eta);
    this.show(e.outputs[1], String(s.steps));
    this.show(e.outputs[2], num(s.y0, 1));
    this.dataset.status = r.status;
    this.drawn({ status: r.status });
  }
}

if (!customElements.get("vg-plateau")) customElements.define("vg-plateau", PlateauDemo);
