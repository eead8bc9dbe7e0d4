/**
 * <vg-descent-1d>: gradient descent on a cost with a long, nearly flat stretch.
 * The server renders the default figure and the (hidden) controls; this element
 * reveals the controls, listens to them and redraws. It has no math of its own.
 */
import { ariaLabel, dynamicSvg, run, summary } from "./figure.ts";
import { parseSettings, type Descent1DSettings } from "./settings.ts";
import { num } from "../../lib/svg.ts";
import { shortNumber } from "../../lib/hash-state.ts";
import { onStateLink, saveState, savedState } from "../url-state.ts";
import { setLiveText } from "../live-text.ts";
import { patchSvgChildren } from "../patch.ts";

export class Descent1DDemo extends HTMLElement {
  #settings: Descent1DSettings = parseSettings({});
  #svg!: SVGSVGElement;
  #dynamic!: SVGGElement;
  #stopLinks = () => {};
  #readout!: HTMLElement;
  #inputs!: { start: HTMLInputElement; logEta: HTMLInputElement; steps: HTMLInputElement };
  #outputs!: { start: HTMLOutputElement; eta: HTMLOutputElement; steps: HTMLOutputElement };

  connectedCallback(): void {
    const q = <T extends Element>(role: string) => {
      const el = this.querySelector<T>(`[data-role="${role}"]`);
      if (!el) throw new Error(`<vg-descent-1d> is missing its [data-role="${role}"] element`);
      return el;
    };
    this.#svg = q<HTMLElement>("plot").querySelector("svg")!;
    this.#dynamic = q<SVGGElement>("dynamic");
    this.#readout = q<HTMLElement>("readout");
    this.#inputs = { start: q("start"), logEta: q("log-eta"), steps: q("steps") };
    this.#outputs = { start: q("start-out"), eta: q("eta-out"), steps: q("steps-out") };
    this.#readState();
    this.addEventListener("input", this.#onInput);
    this.#stopLinks = onStateLink(this.stateId, () => {
      this.#readState();
      this.#draw();
    });
    q<HTMLElement>("controls").hidden = false;
    this.#draw();
  }

  disconnectedCallback(): void {
    this.removeEventListener("input", this.#onInput);
    this.#stopLinks();
  }

  /** The id this demo's settings use in the URL fragment. */
  get stateId(): string {
    return this.getAttribute("state-id") || "descent";
  }

  /** Settings from the attributes, overridden by any saved in the URL fragment. */
  #readState(): void {
    const saved = savedState(this.stateId) ?? {};
    this.#settings = parseSettings({
      start: saved.start ?? this.getAttribute("start"),
      eta: saved.eta ?? this.getAttribute("eta"),
      steps: saved.steps ?? this.getAttribute("steps"),
    });
    this.#inputs.start.value = String(this.#settings.start);
    this.#inputs.logEta.value = String(Math.log10(this.#settings.eta));
    this.#inputs.steps.value = String(this.#settings.steps);
  }

  #writeState(): void {
    const s = this.#settings;
    saveState(this.stateId, { start: shortNumber(s.start), eta: shortNumber(s.eta), steps: String(s.steps) });
  }

  get settings(): Descent1DSettings {
    return { ...this.#settings };
  }

  #onInput = (): void => {
    this.#settings = parseSettings({
      start: this.#inputs.start.value,
      eta: 10 ** Number(this.#inputs.logEta.value),
      steps: this.#inputs.steps.value,
    });
    this.#draw(true);
    this.#writeState();
  };

  /** continuous: called for a slider that is still moving (the text readout then follows shortly). */
  #draw(continuous = false): void {
    const s = this.#settings;
    const result = run(s);
    patchSvgChildren(this.#dynamic, dynamicSvg(result));
    this.#svg.setAttribute("aria-label", ariaLabel(s, result));
    setLiveText(this.#readout, summary(s, result), continuous);
    // Only changed text is written: every text change costs a text layout.
    const put = (out: HTMLOutputElement, text: string) => {
      if (out.value !== text) out.value = text;
    };
    put(this.#outputs.start, num(s.start, 1));
    put(this.#outputs.eta, num(s.eta, 2));
    put(this.#outputs.steps, String(s.steps));
    this.dataset.status = result.status;
    this.dispatchEvent(new CustomEvent("vg-drawn", { detail: { status: result.status } }));
  }
}

if (!customElements.get("vg-descent-1d")) customElements.define("vg-descent-1d", Descent1DDemo);
