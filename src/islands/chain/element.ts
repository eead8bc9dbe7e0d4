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
import { num } from "../../lib/draw/svg.ts";
import { DemoElement } from "../demo-element.ts";
import { setLiveText } from "../live-text.ts";
import { patchSvgChildren } from "../patch.ts";

const isKey = (v: unknown): v is ChainKey => typeof v === "string" && (KEYS as readonly string[]).includes(v);

export class ChainDemo extends DemoElement {
  protected readonly defaultStateId = "chain";
  #settings: ChainSettings = parseSettings({});
  /** The seed of the last random draw; each click on "Random" draws with the next one. */
  #seed = DEFAULT_SEED;
  #svg!: SVGSVGElement;
  #dynamic!: SVGGElement;
  #rows!: HTMLElement;
  #caption!: HTMLElement;
  #readout!: HTMLElement;
  #inputs = new Map<ChainKey, HTMLInputElement>();
  #outputs = new Map<ChainKey, HTMLOutputElement>();

  protected setup(): void {
    this.#svg = this.byRole<HTMLElement>("plot").querySelector("svg")!;
    this.#dynamic = this.byRole("chain-dynamic");
    this.#rows = this.byRole("table-rows");
    this.#caption = this.byRole("table-caption");
    this.#readout = this.byRole("readout");
    for (const key of KEYS) {
      this.#inputs.set(key, this.byRole<HTMLInputElement>(key));
      this.#outputs.set(key, this.byRole<HTMLOutputElement>(`${key}-out`));
    }
    this.addEventListener("input", this.#onInput);
    this.addEventListener("click", this.#onClick);
    // Open for readers without JavaScript; with the live figure it is one click away,
    // and a closed table costs nothing to keep up to date.
    this.byRole<HTMLDetailsElement>("numbers").open = false;
  }

  get settings(): ChainSettings {
    return { w: this.#settings.w.slice(), b: this.#settings.b.slice(), x: this.#settings.x };
  }

  protected readState(): void {
    const saved = this.saved() ?? {};
    const raw: Partial<Record<ChainKey, string | null>> = {};
    for (const key of KEYS) raw[key] = saved[key] ?? this.getAttribute(key);
    this.#settings = parseSettings(raw);
  }

  #writeState(): void {
    this.save(toRecord(this.#settings));
  }

  /** A slider moved: only its own value changes, so the others keep their exact values. */
  #onInput = (e: Event): void => {
    const el = e.target;
    if (!(el instanceof HTMLInputElement) || !isKey(el.dataset.role)) return;
    this.#settings = withSetting(this.#settings, el.dataset.role, fromSlider(el.dataset.role, el.value));
    this.draw(true);
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
    this.draw();
    this.#writeState();
  };

  /** Redraws figure, table, readout and outputs; moves the sliders too unless one of them is being dragged (continuous). */
  protected draw(continuous = false): void {
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
      if (!continuous) input.value = String(sliderPosition(key, value));
      if (input.getAttribute("aria-valuetext") !== text) input.setAttribute("aria-valuetext", text);
      this.show(this.#outputs.get(key)!, text);
    }
    this.dataset.trend = trend(g);
    this.drawn({ settings: this.settings, factors: g.factors.slice(), dCdb: g.dCdb.slice() });
  }
}

if (!customElements.get("vg-chain")) customElements.define("vg-chain", ChainDemo);
