/**
 * <vg-collision>: a shipped digit plus a change the random first layer cannot see.
 * The server renders the view for the page's settings. The digits and the two
 * first layers are fetched (by a dynamic import of the loader, and checked against
 * their manifests' sha256) when the reader first reaches for a control; a file that
 * fails the check replaces the controls with a message and the static figure stays.
 * No math here: view.ts computes, figure.ts draws.
 */
import { DemoElement } from "../demo-element.ts";
import { setLiveText } from "../live-text.ts";
import { patchSvgChildren } from "../patch.ts";
import { barLeaves, barsLabel, changedLabel, imageLeaves, signedLeaves, sourceLabel, summary, tableCaption, tableRows, targetLabel, type LayerName } from "./figure.ts";
import { KEYS, aDigit, digitText, parseSettings, tText, toRecord, fromRecord, type CollisionKey, type CollisionSettings, type RawSettings } from "./settings.ts";
import type { CollisionData } from "./data.ts";

type ViewModule = typeof import("./view.ts");
const LAYERS: readonly LayerName[] = ["random", "trained"];
const isKey = (v: unknown): v is CollisionKey => typeof v === "string" && (KEYS as readonly string[]).includes(v);

export class CollisionDemo extends DemoElement {
  protected readonly defaultStateId = "collision";
  #s!: CollisionSettings;
  /** The settings the server rendered. */
  #built!: CollisionSettings;
  #size = 1;
  /** The sample's labels, shipped in an attribute so that the digit sliders name their digit before any data. */
  #labels: number[] = [];
  #data: CollisionData | null = null;
  #view: ViewModule | null = null;
  /** The split of the last pair drawn (a new pair costs one projection). */
  #change: { key: string; d: Float64Array; v: Float64Array } | null = null;

  protected setup(): void {
    this.#size = Number(this.getAttribute("sample-size")) || 1;
    this.#labels = Array.from(this.getAttribute("labels") ?? "", Number);
    this.#built = parseSettings(this.#attrs(), this.#size);
    this.addEventListener("input", this.#onInput);
    // The data is fetched when the reader first reaches for the demo, not before.
    this.addEventListener("focusin", () => void this.#load(), { once: true });
    this.addEventListener("pointerdown", () => void this.#load(), { once: true });
  }

  #attrs(): RawSettings {
    return Object.fromEntries(KEYS.map((k) => [k, this.getAttribute(k)]));
  }

  protected readState(): void {
    const saved = this.saved();
    this.#s = parseSettings(saved ? { ...this.#attrs(), ...fromRecord(saved) } : this.#attrs(), this.#size, this.#built);
    // A shared link that shows something else than the server rendered needs the data now.
    if (KEYS.some((k) => this.#s[k] !== this.#built[k])) void this.#load();
  }

  get settings(): CollisionSettings {
    return { ...this.#s };
  }

  /** Fetches and checks the data once; draws what the settings ask for when it arrives. */
  #load(): Promise<void> {
    return this.loadOnce(
      "Loading the digits and the two first layers…",
      async () => {
        const base = this.getAttribute("base") ?? "/";
        const [{ loadCollisionData }, view, { fetchGetter }] = await Promise.all([import("./data.ts"), import("./view.ts"), import("../verified-files.ts")]);
        const data = await loadCollisionData(fetchGetter(base));
        if (data.count !== this.#size) throw new Error(`the page was built with ${this.#size} digits, the data has ${data.count}`);
        this.#data = data;
        this.#view = view;
      },
      // In place of the controls: what went wrong. The static figure and the rest of the page stay.
      (reason) =>
        this.showFailure(reason, `This demo cannot run: ${reason}. The figure shows the digits as the site was built; the rest of the page is unaffected.`, ["controls"]),
    );
  }

  #onInput = (e: Event): void => {
    const el = e.target;
    if (!(el instanceof HTMLInputElement) || !isKey(el.dataset.role)) return;
    this.#s = parseSettings({ ...this.#s, [el.dataset.role]: el.value }, this.#size, this.#s);
    void this.#load();
    this.draw(true);
    this.save(toRecord(this.#s));
  };

  #digitText(k: number): string {
    const label = this.#labels[k];
    return digitText(k, this.#size, Number.isInteger(label) ? label : undefined);
  }

  /** Writes an element's text only when it changed. */
  #text(role: string, text: string): void {
    const el = this.byRole<HTMLElement>(role);
    if (el.textContent !== text) el.textContent = text;
  }

  protected draw(continuous = false): void {
    const s = this.#s;
    const texts: Record<CollisionKey, string> = { source: this.#digitText(s.source), target: this.#digitText(s.target), t: tText(s.t) };
    for (const k of KEYS) {
      const input = this.byRole<HTMLInputElement>(k);
      if (!continuous) input.value = String(s[k]);
      if (input.getAttribute("aria-valuetext") !== texts[k]) input.setAttribute("aria-valuetext", texts[k]);
      this.show(this.byRole<HTMLOutputElement>(`${k}-out`), texts[k]);
    }
    const data = this.#data;
    const view = this.#view;
    if (!data || !view || this.failed) return;

    const key = `${s.source}:${s.target}`;
    if (this.#change?.key !== key) this.#change = { key, ...view.collisionChange(data, s.source, s.target) };
    const v = view.collisionView(data, s, this.#change);
    const images: [string, string, string][] = [
      ["source", imageLeaves(v.source.image), sourceLabel(v)],
      ["changed", signedLeaves(v.changed), changedLabel(v)],
      ["target", imageLeaves(v.target.image), targetLabel(v)],
    ];
    for (const [role, leaves, label] of images) {
      const g = this.byRole<SVGGElement>(`${role}-leaves`);
      patchSvgChildren(g, leaves);
      const svg = g.ownerSVGElement!;
      if (svg.getAttribute("aria-label") !== label) svg.setAttribute("aria-label", label);
    }
    this.#text("source-name", aDigit(v.source.label));
    this.#text("target-name", aDigit(v.target.label));
    this.#text("t-name", tText(v.t));
    for (const which of LAYERS) {
      const g = this.byRole<SVGGElement>(`${which}-bars`);
      patchSvgChildren(g, barLeaves(v[which]));
      const label = barsLabel(which, v);
      const svg = g.ownerSVGElement!;
      if (svg.getAttribute("aria-label") !== label) svg.setAttribute("aria-label", label);
    }
    setLiveText(this.byRole("readout"), summary(v), continuous);
    this.#text("table-caption", tableCaption(v));
    const rows = this.byRole<HTMLTableSectionElement>("table-body").rows;
    tableRows(v).forEach((r, i) => {
      const cells = rows[i]?.cells;
      if (!cells) return;
      r.forEach((text, c) => {
        if (cells[c] && cells[c].textContent !== text) cells[c].textContent = text;
      });
    });
    this.drawn({ settings: this.settings, random: v.random.maxChange, trained: v.trained.maxChange });
  }
}

if (!customElements.get("vg-collision")) customElements.define("vg-collision", CollisionDemo);
