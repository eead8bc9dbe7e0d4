/**
 * <vg-pixels>: real test digits as the random first layer of frozen-first-layer
 * sees them. The server renders the first digit, its masks, reconstructions and
 * influence map. The networks, the decoders and the shipped digits are fetched
 * (and checked against their manifests' sha256) when the reader first touches a
 * control; a file that fails the check replaces the demo with a message, and the
 * rest of the page is untouched. No math here: view.ts computes, figure.ts draws.
 */
import { DemoElement } from "../demo-element.ts";
import { LIVE_DELAY_MS, setLiveText } from "../live-text.ts";
import { patchSvgChildren } from "../patch.ts";
import { fetchGetter } from "../verified-files.ts";
import { mnistPreprocess } from "../../lib/mnist/preprocess.ts";
import { loadPixelData } from "./data.ts";
import { aDigit, digitLeaves, imageLeaves, influenceLabel, influenceLeaves, legendLabel, panelLabels, summary, drawnSummary } from "./figure.ts";
import { KEYS, parseSettings, settingText, toRecord, type PixelKey, type PixelSettings } from "./settings.ts";
import { digitImage, digitView, influenceValues, influenceView, liveMedian, redAgreement, viewOf, type PixelData } from "./view.ts";
import { num } from "../../lib/draw/svg.ts";

const PANELS = ["original", "seen", "random", "trained"] as const;
const SLIDERS = ["threshold", "unlucky", "influence"] as const;
type Slider = (typeof SLIDERS)[number];
const isSlider = (v: unknown): v is Slider => typeof v === "string" && (SLIDERS as readonly string[]).includes(v);
/** The parts beyond the main controls that only work with JavaScript (shown by #reveal). */
const REVEALED = ["draw", "influence-controls"] as const;
/** Side of the drawing pad in canvas pixels (10 per MNIST pixel). */
const PAD = 280;

/**
 * The checked data, one load per site base URL for the whole page: the page's <vg-pixels>
 * share it, so each file is fetched once however many demos there are.
 */
const shared = new Map<string, Promise<PixelData>>();
function sharedData(base: string): Promise<PixelData> {
  let p = shared.get(base);
  if (!p) {
    p = loadPixelData(fetchGetter(base)).then((r) => r.data);
    shared.set(base, p);
  }
  return p;
}

export class PixelsDemo extends DemoElement {
  protected readonly defaultStateId = "pixels";
  #s!: PixelSettings;
  /** The settings the server rendered. */
  #built!: PixelSettings;
  #size = 1;
  #data: PixelData | null = null;
  #influence = new Map<number, Float64Array>();
  #influenceTimer: ReturnType<typeof setTimeout> | null = null;
  #quiz: "off" | "asking" | "told" = "off";
  #guess = -1;
  #pad: HTMLCanvasElement | null = null;
  #padCtx: CanvasRenderingContext2D | null = null;
  #drawing = false;
  #last: [number, number] | null = null;
  #drawn: Float64Array | null = null;

  protected setup(): void {
    this.#size = Number(this.getAttribute("sample-size")) || 1;
    this.#built = parseSettings(Object.fromEntries(KEYS.map((k) => [k, this.getAttribute(k)])), this.#size);
    this.#pad = this.querySelector<HTMLCanvasElement>('[data-role="pad"]');
    this.addEventListener("input", this.#onInput);
    this.addEventListener("click", this.#onClick);
    this.addEventListener("keydown", this.#onKey);
    // The data is fetched when the reader first reaches for the demo, not before.
    this.addEventListener("focusin", () => void this.#load(), { once: true });
    this.addEventListener("pointerdown", () => void this.#load(), { once: true });
    this.#pad?.addEventListener("pointerdown", this.#onPadDown);
    this.#pad?.addEventListener("pointermove", this.#onPadMove);
    this.#pad?.addEventListener("pointerup", this.#onPadUp);
    this.#pad?.addEventListener("pointercancel", this.#onPadUp);
    this.#clearPad();
    this.#reveal(true);
  }

  protected readState(): void {
    const saved = this.saved() ?? {};
    const raw: Partial<Record<PixelKey, string | null>> = {};
    for (const k of KEYS) raw[k] = saved[k] ?? this.getAttribute(k);
    this.#s = parseSettings(raw, this.#size, this.#built);
    // A shared link that shows something else than the server rendered needs the data now.
    if (KEYS.some((k) => this.#s[k] !== this.#built[k])) void this.#load();
  }

  get settings(): PixelSettings {
    return { ...this.#s };
  }

  /** Fetches and checks the data once; draws what the settings ask for when it arrives. */
  #load(): Promise<void> {
    return this.loadOnce(
      "Loading the networks and digits…",
      async () => {
        this.#data = await sharedData(this.getAttribute("base") ?? "/");
      },
      // In place of the demo: what went wrong. The static figures and the rest of the page stay.
      (reason) =>
        this.showFailure(
          reason,
          `This demo cannot run: ${reason}. The pictures show the first digit as the site was built; the rest of the page is unaffected.`,
          ["controls", ...REVEALED],
        ),
    );
  }

  #onInput = (e: Event): void => {
    const el = e.target;
    if (!(el instanceof HTMLInputElement) || !isSlider(el.dataset.role)) return;
    this.#s = parseSettings({ ...this.#s, [el.dataset.role]: el.value }, this.#size, this.#s);
    void this.#load();
    this.draw(true);
    this.save(toRecord(this.#s));
  };

  #step(by: number): void {
    void this.#load();
    this.#s = { ...this.#s, digit: (this.#s.digit + by + this.#size) % this.#size };
    if (this.#quiz !== "off") this.#quiz = "asking";
    this.draw();
    this.save(toRecord(this.#s));
  }

  #onClick = (e: Event): void => {
    const button = e.target instanceof Element ? e.target.closest<HTMLButtonElement>("button[data-act]") : null;
    if (!button || !this.contains(button)) return;
    const act = button.dataset.act;
    void this.#load();
    if (act === "prev") this.#step(-1);
    else if (act === "next") this.#step(1);
    else if (act === "quiz") {
      this.#quiz = this.#quiz === "off" ? "asking" : "off";
      this.draw();
    } else if (act === "guess") {
      this.#guess = Number(button.dataset.digit);
      this.#quiz = "told";
      this.draw();
    } else if (act === "clear") {
      this.#clearPad();
      this.#drawn = null;
      this.draw();
    } else if (act === "sample") void this.#sampleToPad();
  };

  /** Arrow keys on the digit browser step through the digits. */
  #onKey = (e: KeyboardEvent): void => {
    const t = e.target instanceof HTMLElement ? e.target : null;
    if (!t?.closest('[data-role="browse"]')) return;
    if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      e.preventDefault();
      this.#step(e.key === "ArrowLeft" ? -1 : 1);
    }
  };

  /** The parts beyond the main controls that only work with JavaScript. */
  #reveal(on: boolean): void {
    for (const role of REVEALED) {
      const el = this.querySelector<HTMLElement>(`[data-role="${role}"]`);
      if (el) el.hidden = !on;
    }
  }

  #part<T extends Element>(role: string): T | null {
    return this.querySelector<T>(`[data-role="${role}"]`);
  }

  #clearPad(): void {
    if (!this.#pad) return;
    this.#padCtx ??= this.#pad.getContext("2d", { willReadFrequently: true });
    const ctx = this.#padCtx;
    if (!ctx) return;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, PAD, PAD);
  }

  #padPoint(e: PointerEvent): [number, number] {
    const r = this.#pad!.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * PAD, ((e.clientY - r.top) / r.height) * PAD];
  }

  #onPadDown = (e: PointerEvent): void => {
    this.#pad!.setPointerCapture(e.pointerId);
    this.#drawing = true;
    this.#last = this.#padPoint(e);
    this.#stroke(this.#last);
    e.preventDefault();
  };

  #onPadMove = (e: PointerEvent): void => {
    if (!this.#drawing) return;
    this.#stroke(this.#padPoint(e));
  };

  #onPadUp = (): void => {
    if (!this.#drawing) return;
    this.#drawing = false;
    this.#last = null;
    void this.#readPad();
  };

  #stroke(p: [number, number]): void {
    const ctx = this.#padCtx;
    if (!ctx) return;
    ctx.strokeStyle = "#000";
    ctx.lineWidth = 22;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    const from = this.#last ?? p;
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(p[0] + 0.01, p[1]);
    ctx.stroke();
    this.#last = p;
  }

  /** The pad as MNIST sees a digit: ink 0–1, fitted into 20×20 and centred by its centre of mass. */
  async #readPad(): Promise<void> {
    const ctx = this.#padCtx;
    if (!ctx) return;
    const rgba = ctx.getImageData(0, 0, PAD, PAD).data;
    const gray = new Float64Array(PAD * PAD);
    for (let i = 0; i < gray.length; i++) gray[i] = 1 - rgba[i * 4] / 255;
    const img = mnistPreprocess(gray, PAD, PAD);
    this.#drawn = img ? Float64Array.from(img) : null;
    await this.#load();
    this.draw();
  }

  /** The keyboard's way to the pad: the current test digit, drawn ten times larger. */
  async #sampleToPad(): Promise<void> {
    await this.#load();
    const ctx = this.#padCtx;
    if (!this.#data || !ctx) return;
    const img = digitImage(this.#data, this.#s.digit);
    this.#clearPad();
    for (let i = 0; i < 784; i++) {
      if (img[i] <= 0) continue;
      const v = Math.round(255 * (1 - img[i]));
      ctx.fillStyle = `rgb(${v},${v},${v})`;
      ctx.fillRect((i % 28) * 10, Math.floor(i / 28) * 10, 10, 10);
    }
    await this.#readPad();
  }

  #influenceFor(unlucky: number): Float64Array {
    let v = this.#influence.get(unlucky);
    if (!v) {
      v = influenceValues(this.#data!, unlucky);
      this.#influence.set(unlucky, v);
    }
    return v;
  }

  protected draw(continuous = false): void {
    const s = this.#s;
    for (const k of SLIDERS) {
      const input = this.#part<HTMLInputElement>(k);
      if (!input) continue;
      const text = settingText(k, s[k]);
      if (!continuous) input.value = String(s[k]);
      if (input.getAttribute("aria-valuetext") !== text) input.setAttribute("aria-valuetext", text);
      this.show(this.querySelector<HTMLOutputElement>(`[data-role="${k}-out"]`), text);
    }
    this.show(this.querySelector<HTMLOutputElement>('[data-role="digit-out"]'), `${s.digit + 1} of ${this.#size}`);
    const data = this.#data;
    if (!data || this.failed) return;

    const v = digitView(data, s);
    const leaves = digitLeaves(v, data.alwaysZero);
    const labels = panelLabels(v);
    for (const p of PANELS) {
      patchSvgChildren(this.byRole(`${p}-leaves`), leaves[p]);
      this.byRole<HTMLElement>(`panel-${p}`).querySelector("svg")!.setAttribute("aria-label", labels[p]);
    }
    // Asking: the label and the answers stay hidden; once the reader has guessed, everything shows again.
    const asking = this.#quiz === "asking";
    this.byRole<HTMLElement>("label-text").textContent = asking ? "hidden" : aDigit(v.label);
    setLiveText(this.byRole("readout"), asking ? "Can you tell? The label and the networks' answers are hidden until you guess." : summary(v, this.#size, s.digit), continuous);

    const influence = this.#part<HTMLElement>("influence-map");
    let influenceRed: number | null = null;
    // A new unlucky share costs a pass over every shipped digit (tens of ms): while the slider is
    // being dragged the map keeps its last state, and catches up once the slider settles.
    if (influence && continuous && !this.#influence.has(s.unlucky)) {
      if (this.#influenceTimer !== null) clearTimeout(this.#influenceTimer);
      this.#influenceTimer = setTimeout(() => {
        this.#influenceTimer = null;
        this.draw();
      }, LIVE_DELAY_MS);
    } else if (influence) {
      // The red rule's yardstick: the shipped layer's median influence, whatever the unlucky share.
      const reference = liveMedian(this.#influenceFor(0), data.alwaysZero);
      const iv = influenceView(this.#influenceFor(s.unlucky), data.alwaysZero, s.influence, reference);
      const label = influenceLabel(iv, s.influence, redAgreement(v.red, iv.red, data.alwaysZero));
      patchSvgChildren(this.byRole("influence-leaves"), influenceLeaves(iv, data.alwaysZero));
      influence.querySelector("svg")!.setAttribute("aria-label", label);
      setLiveText(this.byRole("influence-readout"), label, continuous);
      this.byRole<HTMLElement>("legend-max").textContent = num(iv.max, 3);
      this.byRole<HTMLElement>("legend").querySelector("svg")!.setAttribute("aria-label", legendLabel(iv));
      influenceRed = iv.redCount;
    }

    // "Can you tell?": only the digit with its red pixels blanked, until the reader guesses.
    const quiz = this.byRole<HTMLElement>("quiz");
    quiz.hidden = this.#quiz === "off";
    this.byRole<HTMLElement>("panels").classList.toggle("quizzing", this.#quiz !== "off");
    this.byRole<HTMLButtonElement>("quiz-toggle").setAttribute("aria-pressed", String(this.#quiz !== "off"));
    if (this.#quiz !== "off") {
      patchSvgChildren(this.byRole("quiz-leaves"), imageLeaves(v.image, { red: v.red, blankRed: true }));
      const told = this.#quiz === "told";
      this.byRole<HTMLElement>("quiz-result").textContent = told
        ? `You said ${this.#guess}. It is ${aDigit(v.label)}. Given the same blanked digit, the trained network says ${v.answers.trained.digit}; the frozen-first-layer network says ${v.answers.frozen.digit}.`
        : `${v.redCount} of 784 pixels are blanked. Which digit is it?`;
    }

    // The reader's own digit.
    const mine = this.#part<HTMLElement>("mine");
    if (mine) {
      mine.hidden = !this.#drawn;
      const d = this.#drawn && viewOf(data, this.#drawn, s, { label: -1, testIndex: -1 });
      const dl = d ? digitLeaves(d, data.alwaysZero) : null;
      // A cleared pad clears the pictures too, so nothing stale is left behind.
      for (const p of PANELS) patchSvgChildren(this.byRole(`mine-${p}-leaves`), dl ? dl[p] : "");
      this.byRole<HTMLElement>("mine-readout").textContent = d ? drawnSummary(d) : "";
    }
    this.drawn({ settings: this.settings, red: v.redCount, influenceRed, answers: v.answers, quiz: this.#quiz });
  }
}

if (!customElements.get("vg-pixels")) customElements.define("vg-pixels", PixelsDemo);
