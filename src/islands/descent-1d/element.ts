/**
 * <vg-descent-1d>: gradient descent on a cost with a long, nearly flat stretch.
 * Shared behaviour (state in the URL, revealing the controls, vg-drawn) is in DemoElement.
 */
import { ariaLabel, dynamicSvg, run, summary } from "./figure.ts";
import { parseSettings, type Descent1DSettings } from "./settings.ts";
import { num } from "../../lib/draw/svg.ts";
import { shortNumber } from "../../lib/site/hash-state.ts";
import { DemoElement } from "../demo-element.ts";
import { setLiveText } from "../live-text.ts";
import { patchSvgChildren } from "../patch.ts";

export class Descent1DDemo extends DemoElement {
  protected readonly defaultStateId = "descent";
  #settings: Descent1DSettings = parseSettings({});
  #svg!: SVGSVGElement;
  #dynamic!: SVGGElement;
  #readout!: HTMLElement;
  #inputs!: { start: HTMLInputElement; logEta: HTMLInputElement; steps: HTMLInputElement };

  get settings(): Descent1DSettings {
    return { ...this.#settings };
  }

  protected setup(): void {
    this.#svg = this.byRole<HTMLElement>("plot").querySelector("svg")!;
    this.#dynamic = this.byRole("dynamic");
    this.#readout = this.byRole("readout");
    this.#inputs = { start: this.byRole("start"), logEta: this.byRole("log-eta"), steps: this.byRole("steps") };
    this.addEventListener("input", this.#onInput);
  }

  protected readState(): void {
    const saved = this.saved() ?? {};
    this.#settings = parseSettings({
      start: saved.start ?? this.getAttribute("start"),
      eta: saved.eta ?? this.getAttribute("eta"),
      steps: saved.steps ?? this.getAttribute("steps"),
    });
    this.#inputs.start.value = String(this.#settings.start);
    this.#inputs.logEta.value = String(Math.log10(this.#settings.eta));
    this.#inputs.steps.value = String(this.#settings.steps);
  }

  /** Only the slider that moved is read: the others may hold a value between two of their steps, which a read would snap. */
  #onInput = (ev: Event): void => {
    const t = ev.target as HTMLInputElement;
    const was = this.#settings;
    this.#settings = parseSettings({
      start: t === this.#inputs.start ? t.value : was.start,
      eta: t === this.#inputs.logEta ? 10 ** Number(t.value) : was.eta,
      steps: t === this.#inputs.steps ? t.value : was.steps,
    });
    this.draw(true);
    const s = this.#settings;
    this.save({ start: shortNumber(s.start), eta: shortNumber(s.eta), steps: String(s.steps) });
  };

  protected draw(continuous = false): void {
    const s = this.#settings;
    const result = run(s);
    patchSvgChildren(this.#dynamic, dynamicSvg(result));
    this.#svg.setAttribute("aria-label", ariaLabel(s, result));
    setLiveText(this.#readout, summary(s, result), continuous);
    this.show(this.querySelector('[data-role="start-out"]'), num(s.start, 1));
    // The slider's position is log10 η: a screen reader reads the shown value instead.
    const eta = num(s.eta, 2);
    this.show(this.querySelector('[data-role="eta-out"]'), eta);
    if (this.#inputs.logEta.getAttribute("aria-valuetext") !== eta) this.#inputs.logEta.setAttribute("aria-valuetext", eta);
    this.show(this.querySelector('[data-role="steps-out"]'), String(s.steps));
    this.dataset.status = result.status;
    this.drawn({ status: result.status });
  }
}

if (!customElements.get("vg-descent-1d")) customElements.define("vg-descent-1d", Descent1DDemo);
