/**
 * <vg-plateau>: gradient descent creeping along a nearly flat stretch before a
 * drop, with |∂C/∂y| at every step. Reveals the server-rendered controls,
 * listens and redraws; no math of its own.
 */
import { profileSvg, run, slopeSvg, summary } from "./figure.ts";
import { DEFAULTS, fromRecord, parseSettings, toRecord, type PlateauSettings, type RawSettings } from "./settings.ts";
import { parseHash, withDemoState } from "../../lib/hash-state.ts";
import { num } from "../../lib/svg.ts";

export class PlateauDemo extends HTMLElement {
  #s: PlateauSettings = DEFAULTS;

  connectedCallback(): void {
    this.#readState();
    this.addEventListener("input", this.#onInput);
    this.addEventListener("change", this.#onInput);
    window.addEventListener("hashchange", this.#onHashChange);
    this.#q<HTMLElement>("controls").hidden = false;
    this.#draw();
  }

  disconnectedCallback(): void {
    window.removeEventListener("hashchange", this.#onHashChange);
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
    const saved = parseHash(location.hash).get(this.stateId);
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
    this.#draw();
    const hash = withDemoState(location.hash, this.stateId, toRecord(this.#s));
    history.replaceState(history.state, "", hash || location.pathname + location.search);
  };

  #onHashChange = (): void => {
    if (!parseHash(location.hash).has(this.stateId)) return;
    this.#readState();
    this.#draw();
  };

  #draw(): void {
    const s = this.#s;
    const r = run(s);
    this.#q<HTMLElement>("profile").innerHTML = profileSvg(s, r);
    this.#q<HTMLElement>("slope").innerHTML = slopeSvg(s, r);
    this.#q<HTMLElement>("readout").textContent = summary(s, r);
    this.#q<HTMLOutputElement>("eta-out").value = num(s.eta, 3);
    this.#q<HTMLOutputElement>("steps-out").value = String(s.steps);
    this.#q<HTMLOutputElement>("y0-out").value = num(s.y0, 1);
    this.dataset.status = r.status;
    this.dispatchEvent(new CustomEvent("vg-drawn", { detail: { status: r.status } }));
  }
}

if (!customElements.get("vg-plateau")) customElements.define("vg-plateau", PlateauDemo);
