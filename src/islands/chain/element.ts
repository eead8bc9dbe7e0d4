/**
 * <vg-chain>: the chain of four sigmoid neurons, live. The server renders the
 * default figure, the table and the (hidden) controls; this element reveals the
 * controls, listens to the sliders and preset buttons, redraws synchronously and
 * keeps its state in the URL fragment. It has no math of its own: values,
 * presets and slider scales come from settings.ts, everything drawn from figure.ts.
 */
import { dynamicSvg, figureLabel, gradients, summary, tableCaption, tableCells, trend } from "./figure.ts";
import {
  DEFAULT_SEED,
  KEYS,
  explodingSettings,
  fromSlider,
  parseSettings,
  randomSettings,
  settingValue,
  sliderPosition,
  toRecord,
  windowSettings,
  withSetting,
  type ChainKey,
  type ChainSettings,
} from "./settings.ts";
import { num } from "../../lib/svg.ts";
import { onStateLink, saveState, savedState } from "../url-state.ts";
import { setLiveText } from "../live-text.ts";
import { patchSvgChildren } from "../patch.ts";

const isKey = (v: unknown): v is ChainKey => typeof v === "string" && (KEYS as readonly string[]).includes(v);

export class ChainDemo extends HTMLElement {
  #settings: ChainSettings = parseSettings({});
  /** The seed of the last random draw; each click on "Random" draws with the next one. */
  #seed = DEFAULT_SEED;
  #svg!: SVGSVGElement;
  #dynamic!: SVGGElement;
  #rows!: HTMLElement;
  #caption!: HTMLElement;
  #stopLinks = () => {};
  #readout!: HTMLElement;
  #inputs = new Map<ChainKey, HTMLInputElement>();
  #outputs = new Map<ChainKey, HTMLOutputElement>();

  connectedCallback(): void {
    const q = <T extends Element>(role: string) => {
      const el = this.querySelector<T>(`[data-role="${role}"]`);
      if (!el) throw new Error(`<vg-chain> is missing its [data-role="${role}"] element`);
      return el;
    };
    this.#svg = q<HTMLElement>("plot").querySelector("svg")!;
    this.#dynamic = q<SVGGElement>("chain-dynamic");
    this.#rows = q<HTMLElement>("table-rows");
    this.#caption = q<HTMLElement>("table-caption");
    this.#readout = q<HTMLElement>("readout");
    for (const key of KEYS) {
      this.#inputs.set(key, q<HTMLInputElement>(key));
      this.#outputs.set(key, q<HTMLOutputElement>(`${key}-out`));
    }
    this.#readState();
    this.addEventListener("input", this.#onInput);
    this.addEventListener("click", this.#onClick);
    this.#stopLinks = onStateLink(this.stateId, () => {
      this.#readState();
      this.#draw();
    });
    q<HTMLElement>("controls").hidden = false;
    // Open for readers without JavaScript; with the live figure it is one click away,
    // and a closed table costs nothing to keep up to date.
    q<HTMLDetailsElement>("numbers").open = false;
    this.#draw();
  }

  disconnectedCallback(): void {
    this.removeEventListener("input", this.#onInput);
    this.removeEventListener("click", this.#onClick);
    this.#stopLinks();
  }

  /** The id this demo's settings use in the URL fragment. */
  get stateId(): string {
    return this.getAttribute("state-id") || "chain";
  }

  get settings(): ChainSettings {
    return { w: this.#settings.w.slice(), b: this.#settings.b.slice(), x: this.#settings.x };
  }

  /** Settings from the attributes, overridden by any saved in the URL fragment. */
  #readState(): void {
    const saved = savedState(this.stateId) ?? {};
    const raw: Partial<Record<ChainKey, string | null>> = {};
    for (const key of KEYS) raw[key] = saved[key] ?? this.getAttribute(key);
    this.#settings = parseSettings(raw);
  }

  #writeState(): void {
    saveState(this.stateId, toRecord(this.#settings));
  }

  /** A slider moved: only its own value changes, so the others keep their exact values. */
  #onInput = (e: Event): void => {
    const el = e.target;
    if (!(el instanceof HTMLInputElement) || !isKey(el.dataset.role)) return;
    this.#settings = withSetting(this.#settings, el.dataset.role, fromSlider(el.dataset.role, el.value));
    this.#draw(false, true);
    this.#writeState();
  };

  #onClick = (e: Event): void => {
    const button = e.target instanceof Element ? e.target.closest<HTMLButtonElement>("button[data-preset]") : null;
    if (!button || !this.contains(button)) return;
    const x = this.#settings.x;
    const preset = button.dataset.preset;
    if (preset === "random") this.#settings = randomSettings(++this.#seed, x);
    else if (preset === "exploding") this.#settings = explodingSettings(x);
    else if (preset === "window") this.#settings = windowSettings(x);
    else return;
    this.#draw();
    this.#writeState();
  };

  /** Redraws figure, table, readout and outputs; moves the sliders too unless one of them is being dragged. */
  #draw(moveSliders = true, continuous = false): void {
    const s = this.#settings;
    const g = gradients(s);
    patchSvgChildren(this.#dynamic, dynamicSvg(s, g));
    this.#svg.setAttribute("aria-label", figureLabel(s, g));
    // Only text that changed is written: every text change costs a text layout.
    const setText = (el: Element | null | undefined, text: string) => {
      if (el && el.textContent !== text) el.textContent = text;
    };
    tableCells(s, g).forEach((cells, i) => {
      const tds = this.#rows.children[i]?.children;
      cells.forEach((text, j) => {
        if (text !== null) setText(tds?.[j + 1], text);
      });
    });
    setText(this.#caption, tableCaption(s, g));
    setLiveText(this.#readout, summary(s, g), continuous);
    for (const key of KEYS) {
      const value = settingValue(s, key);
      const text = num(value, 2);
      const input = this.#inputs.get(key)!;
      if (moveSliders) input.value = String(sliderPosition(key, value));
      if (input.getAttribute("aria-valuetext") !== text) input.setAttribute("aria-valuetext", text);
      const output = this.#outputs.get(key)!;
      if (output.value !== text) output.value = text;
    }
    this.dataset.trend = trend(g);
    this.dispatchEvent(new CustomEvent("vg-drawn", { detail: { settings: this.settings, factors: g.factors.slice(), dCdb: g.dCdb.slice() } }));
  }
}

if (!customElements.get("vg-chain")) customElements.define("vg-chain", ChainDemo);
