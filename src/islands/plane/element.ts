/**
 * <vg-plane>: a point on the plane of a run's own training, θ(α, β) = θ₀ + αΔ₁ + βΔ₊, over the
 * cost's contours drawn at build time. The reader drags the point on the chart or moves the α
 * and β sliders; the readout gives C, ∂C/∂α, ∂C/∂β and the test accuracy there. Until the
 * reader first reaches for the demo it shows the loader's value at the point the page was built
 * for (the readout as built; the grid itself is not carried in the page); then the run's weights and the shipped digits are fetched (checked against their manifests)
 * and every point is computed in the browser. A file that fails puts a message in place of the
 * readout; the chart and the rest of the page stay. No math here: data.ts and figure.ts.
 */
import { DemoElement } from "../demo-element.ts";
import { LIVE_DELAY_MS, setLiveText } from "../live-text.ts";
import { patchSvgChildren } from "../patch.ts";
import { fetchGetter } from "../verified-files.ts";
import { liveLabel, liveReadout, markerLeaves, parsePair, pendingReadout, toDomain, type PlaneScales } from "./figure.ts";
import { KEYS, fromRecord, parseSettings, settingText, snap, toRecord, type PlaneKey, type PlaneSettings } from "./settings.ts";
import type { PlaneInputs } from "./data.ts";

type Live = { inputs: PlaneInputs; livePoint: typeof import("./data.ts").livePoint };

export class PlaneDemo extends DemoElement {
  protected readonly defaultStateId = "plane";
  #s!: PlaneSettings;
  #scales!: PlaneScales;
  /** The digits the loader used (what the browser compares its own counts with). */
  #runDigits = { train: 0, test: 0 };
  /** The readout as built, and the point it is for. */
  #built = { text: "", alpha: 0, beta: 0 };
  #chartLabel = "";
  #svg!: SVGSVGElement;
  #marker!: SVGGElement;
  #live: Live | null = null;
  #dragging = false;
  #computeTimer: ReturnType<typeof setTimeout> | null = null;

  protected setup(): void {
    const d = this.dataset;
    this.#scales = {
      x: { domain: parsePair(d.xDomain ?? null, "x domain"), range: parsePair(d.xRange ?? null, "x range") },
      y: { domain: parsePair(d.yDomain ?? null, "y domain"), range: parsePair(d.yRange ?? null, "y range") },
    };
    this.#runDigits = { train: Number(this.getAttribute("train-digits")), test: Number(this.getAttribute("test-digits")) };
    this.#built = { text: this.byRole<HTMLElement>("readout").textContent ?? "", alpha: Number(this.getAttribute("alpha")), beta: Number(this.getAttribute("beta")) };
    this.#svg = this.byRole<HTMLElement>("chart").querySelector("svg")!;
    this.#marker = this.byRole<SVGGElement>("marker");
    this.#chartLabel = this.#svg.getAttribute("aria-label") ?? "";
    this.addEventListener("input", this.#onInput);
    // The weights and digits are fetched when the reader first reaches for the demo, not before.
    this.addEventListener("focusin", () => void this.#load(), { once: true });
    this.addEventListener("pointerdown", () => void this.#load(), { once: true });
    this.#svg.addEventListener("pointerdown", this.#onPointerDown);
    this.#svg.addEventListener("pointermove", this.#onPointerMove);
    this.#svg.addEventListener("pointerup", this.#onPointerUp);
    this.#svg.addEventListener("pointercancel", this.#onPointerUp);
    this.#svg.style.touchAction = "none";
    this.#svg.style.cursor = "crosshair";
  }

  get settings(): PlaneSettings {
    return { ...this.#s };
  }

  protected readState(): void {
    const saved = this.saved();
    const attrs = Object.fromEntries(KEYS.map((k) => [k, this.getAttribute(k)]));
    this.#s = parseSettings(saved ? { ...attrs, ...fromRecord(saved) } : attrs);
  }

  /** Fetches and prepares the run's weights and the digits once; redraws when they are ready. */
  #load(): Promise<void> {
    return this.loadOnce(
      "Loading the run's weights and the digits…",
      async () => {
        const base = this.getAttribute("base") ?? "/";
        const { loadPlaneInputs, livePoint } = await import("./data.ts");
        const inputs = await loadPlaneInputs(fetchGetter(base), this.getAttribute("run") ?? "", this.#runDigits.train, this.#runDigits.test);
        this.#live = { inputs, livePoint };
      },
      // In place of the live readout: what went wrong. The chart and the rest of the page stay.
      (reason) =>
        this.showFailure(
          reason,
          `This demo cannot compute in your browser: ${reason}. The chart shows the cost as the site was built; the rest of the page is unaffected.`,
          ["controls", "readout"],
        ),
    );
  }

  #update(next: Partial<PlaneSettings>, continuous: boolean): void {
    this.#s = parseSettings({ ...this.#s, ...next });
    void this.#load();
    this.draw(continuous);
    this.save(toRecord(this.#s));
  }

  #onInput = (e: Event): void => {
    const el = e.target;
    if (!(el instanceof HTMLInputElement)) return;
    const k = el.dataset.role as PlaneKey;
    if (!(KEYS as readonly string[]).includes(k)) return;
    this.#update({ [k]: Number(el.value) }, true);
  };

  #pointToData(e: PointerEvent): PlaneSettings | null {
    const m = this.#svg.getScreenCTM();
    if (!m) return null;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    return { alpha: snap(toDomain(this.#scales.x, p.x), "alpha"), beta: snap(toDomain(this.#scales.y, p.y), "beta") };
  }

  #onPointerDown = (e: PointerEvent): void => {
    if (this.failed) return;
    const p = this.#pointToData(e);
    if (!p) return;
    this.#dragging = true;
    this.#svg.setPointerCapture?.(e.pointerId);
    this.#update(p, false);
    e.preventDefault();
  };

  #onPointerMove = (e: PointerEvent): void => {
    if (!this.#dragging) return;
    const p = this.#pointToData(e);
    if (p && (p.alpha !== this.#s.alpha || p.beta !== this.#s.beta)) this.#update(p, true);
  };

  #onPointerUp = (e: PointerEvent): void => {
    if (!this.#dragging) return;
    this.#dragging = false;
    this.#svg.releasePointerCapture?.(e.pointerId);
  };

  protected draw(continuous = false): void {
    const s = this.#s;
    for (const k of KEYS) {
      const input = this.querySelector<HTMLInputElement>(`[data-role="${k}"]`);
      const text = settingText(s[k]);
      if (input) {
        if (Number(input.value) !== s[k]) input.value = String(s[k]);
        if (input.getAttribute("aria-valuetext") !== text) input.setAttribute("aria-valuetext", text);
      }
      this.show(this.querySelector<HTMLOutputElement>(`[data-role="${k}-out"]`), text);
    }
    patchSvgChildren(this.#marker, markerLeaves(this.#scales, s));
    const label = liveLabel(s, this.#chartLabel);
    if (this.#svg.getAttribute("aria-label") !== label) this.#svg.setAttribute("aria-label", label);
    if (this.failed) return;
    const readout = this.byRole<HTMLElement>("readout");
    if (this.#computeTimer !== null) clearTimeout(this.#computeTimer);
    this.#computeTimer = null;
    if (!this.#live) {
      // The loader's value is in the page only for the point it was built for.
      const asBuilt = s.alpha === this.#built.alpha && s.beta === this.#built.beta;
      setLiveText(readout, asBuilt ? this.#built.text : pendingReadout(s), continuous);
      this.dataset.computed = asBuilt ? "grid" : "pending";
    } else if (continuous) {
      // A point costs two passes over 1,000 digits (several ms): while a slider or the drag is
      // moving, the marker follows at once and the numbers once it settles.
      this.#computeTimer = setTimeout(() => {
        this.#computeTimer = null;
        this.#compute(readout);
      }, LIVE_DELAY_MS);
    } else {
      this.#compute(readout);
    }
    this.drawn({ alpha: s.alpha, beta: s.beta, computed: this.dataset.computed });
  }

  #compute(readout: HTMLElement): void {
    const live = this.#live!;
    const s = this.#s;
    const { point, testAccuracy } = live.livePoint(live.inputs, s);
    setLiveText(readout, liveReadout(s, point, testAccuracy, live.inputs.counts), false);
    this.dataset.computed = "browser";
  }
}

if (!customElements.get("vg-plane")) customElements.define("vg-plane", PlaneDemo);
