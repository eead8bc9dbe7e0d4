/**
 * <vg-plateau>: gradient descent creeping along a nearly flat stretch before a
 * drop, with |∂C/∂y| at every step. Shared behaviour is in DemoElement.
 */
import { profileDynamic, profileLabel, run, slopeAlt, slopeLine, slopeSvg, summary, stepAxisEnd } from "./figure.ts";
import { DEFAULTS, fromRecord, parseSettings, toRecord, type PlateauSettings, type RawSettings } from "./settings.ts";
import { DemoElement } from "../demo-element.ts";
import { setLiveText } from "../live-text.ts";
import { patchSvgChildren } from "../patch.ts";
import { num } from "../../lib/svg.ts";

export class PlateauDemo extends DemoElement {
  protected readonly defaultStateId = "plateau";
  #s: PlateauSettings = DEFAULTS;

  protected setup(): void {
    this.addEventListener("input", this.#onInput);
    this.addEventListener("change", this.#onInput);
  }

  protected readState(): void {
    const saved = this.saved();
    const attrs: RawSettings = { optimizer: this.getAttribute("optimizer"), eta: this.getAttribute("eta"), steps: this.getAttribute("steps"), y0: this.getAttribute("y0") };
    this.#s = parseSettings(saved ? { ...attrs, ...fromRecord(saved) } : attrs);
    this.byRole<HTMLSelectElement>("optimizer").value = this.#s.optimizer;
    this.byRole<HTMLInputElement>("log-eta").value = String(Math.log10(this.#s.eta));
    this.byRole<HTMLInputElement>("steps").value = String(this.#s.steps);
    this.byRole<HTMLInputElement>("y0").value = String(this.#s.y0);
  }

  #onInput = (ev: Event): void => {
    const t = ev.target as HTMLInputElement;
    if (ev.type === "change" && t.type === "range") return; // already drawn on input
    this.#s = parseSettings({
      optimizer: this.byRole<HTMLSelectElement>("optimizer").value,
      eta: 10 ** Number(this.byRole<HTMLInputElement>("log-eta").value),
      steps: this.byRole<HTMLInputElement>("steps").value,
      y0: this.byRole<HTMLInputElement>("y0").value,
    });
    this.draw(t.type === "range");
    this.save(toRecord(this.#s));
  };

  protected draw(continuous = false): void {
    const s = this.#s;
    const r = run(s);
    patchSvgChildren(this.byRole("profile-dynamic"), profileDynamic(r));
    this.byRole<HTMLElement>("profile").querySelector("svg")!.setAttribute("aria-label", profileLabel(s, r));
    const slopeHost = this.byRole<HTMLElement>("slope");
    const chart = slopeHost.querySelector("svg");
    if (chart && chart.getAttribute("data-axis") === String(stepAxisEnd(s.steps))) {
      chart.querySelector('[data-role="slope-line"]')!.setAttribute("d", slopeLine(s, r));
      chart.setAttribute("aria-label", slopeAlt(r));
    } else {
      slopeHost.innerHTML = slopeSvg(s, r);
    }
    setLiveText(this.byRole("readout"), summary(s, r), continuous);
    this.show(this.byRole("eta-out"), num(s.eta, 3));
    this.show(this.byRole("steps-out"), String(s.steps));
    this.show(this.byRole("y0-out"), num(s.y0, 1));
    this.dataset.status = r.status;
    this.drawn({ status: r.status });
  }
}

if (!customElements.get("vg-plateau")) customElements.define("vg-plateau", PlateauDemo);
