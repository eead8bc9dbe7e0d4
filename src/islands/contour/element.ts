/**
 * <vg-contour>: gradient descent on C(x, y) = a·x² + y², drawn over its contour
 * lines. The server renders the default figure and hidden controls; this element
 * reveals them, lets the reader drag the start point (mouse, touch, arrow keys)
 * and redraws the parts that changed. It has no math of its own beyond pixels.
 */
import { altText, boundText, chartSeries, chartSvg, contoursSvg, pathSvg, run, summary, xScale, yScale, stepAxisEnd } from "./figure.ts";
import { DEFAULTS, RANGES, VIEW, fromRecord, parseSettings, toRecord, type ContourSettings, type RawSettings } from "./settings.ts";
import { DemoElement } from "../demo-element.ts";
import { clamp } from "../../lib/site/settings-input.ts";
import { setLiveText } from "../live-text.ts";
import { patchSvgChildren } from "../patch.ts";
import { fmt, num } from "../../lib/draw/svg.ts";


export class ContourDemo extends DemoElement {
  protected readonly defaultStateId = "bowl";
  #s: ContourSettings = DEFAULTS;
  #drawnA = NaN;
  #el!: {
    svg: SVGSVGElement;
    contours: SVGGElement;
    path: SVGGElement;
    handle: SVGCircleElement;
    chart: HTMLElement;
    readout: HTMLElement;
    bound: HTMLElement;
    logA: HTMLInputElement;
    logEta: HTMLInputElement;
    steps: HTMLInputElement;
    optimizer: HTMLSelectElement;
    x0: HTMLInputElement;
    y0: HTMLInputElement;
    grad: HTMLInputElement;
  };
  #dragging = false;

  protected setup(): void {
    const q = <T extends Element>(role: string) => this.byRole<T>(role);
    this.#el = {
      svg: q("main-svg"),
      contours: q("contours"),
      path: q("path"),
      handle: q("handle"),
      chart: q("chart"),
      readout: q("readout"),
      bound: q("bound"),
      logA: q("log-a"),
      logEta: q("log-eta"),
      steps: q("steps"),
      optimizer: q("optimizer"),
      x0: q("x0"),
      y0: q("y0"),
      grad: q("grad"),
    };
    const { handle, svg } = this.#el;
    // Without JavaScript the figure is one image with a description. Live, it is a
    // group whose start point is a focusable control that assistive technology can reach.
    svg.setAttribute("role", "group");
    handle.setAttribute("tabindex", "0");
    handle.setAttribute("role", "slider");
    handle.setAttribute("aria-valuemin", String(RANGES.x0.min));
    handle.setAttribute("aria-valuemax", String(RANGES.x0.max));
    handle.removeAttribute("aria-hidden");
    handle.addEventListener("keydown", this.#onKey);
    svg.addEventListener("pointerdown", this.#onPointerDown);
    svg.addEventListener("pointermove", this.#onPointerMove);
    svg.addEventListener("pointerup", this.#onPointerUp);
    svg.addEventListener("pointercancel", this.#onPointerUp);
    svg.style.touchAction = "none";
    this.addEventListener("input", this.#onInput);
    this.addEventListener("change", this.#onInput);
  }

  get settings(): ContourSettings {
    return { ...this.#s };
  }

  protected readState(): void {
    const saved = this.saved();
    const attrs: RawSettings = {
      a: this.getAttribute("a"),
      eta: this.getAttribute("eta"),
      steps: this.getAttribute("steps"),
      optimizer: this.getAttribute("optimizer"),
      x0: this.getAttribute("x0"),
      y0: this.getAttribute("y0"),
      showGradient: this.getAttribute("show-gradient"),
    };
    this.#s = parseSettings(saved ? { ...attrs, ...fromRecord(saved) } : attrs);
    this.#syncControls();
  }

  #syncControls(): void {
    const e = this.#el;
    const s = this.#s;
    e.logA.value = String(Math.log10(s.a));
    e.logEta.value = String(Math.log10(s.eta));
    e.steps.value = String(s.steps);
    e.optimizer.value = s.optimizer;
    e.x0.value = String(s.x0);
    e.y0.value = String(s.y0);
    e.grad.checked = s.showGradient;
  }

  /** continuous: a slider or the drag is still moving (the text readout then follows shortly). */
  #update(next: Partial<ContourSettings>, fromControls = false, continuous = false): void {
    this.#s = parseSettings({ ...this.#s, ...next });
    if (!fromControls) this.#syncControls();
    this.draw(continuous);
    this.save(toRecord(this.#s));
  }

  /**
   * Only the control that changed is read: a slider snaps a value that is not on its step
   * grid (the default η = 0.009 sits between two log steps), so reading every slider would
   * silently move η to 0.0089 whenever the reader changed anything else.
   */
  #onInput = (ev: Event): void => {
    const t = ev.target as HTMLElement;
    if (!(t instanceof HTMLInputElement || t instanceof HTMLSelectElement)) return;
    if (ev.type === "change" && t.type === "range") return; // already handled on input
    const v = t.value;
    const changed: Partial<ContourSettings> | null =
      t.dataset.role === "log-a" ? { a: 10 ** Number(v) }
      : t.dataset.role === "log-eta" ? { eta: 10 ** Number(v) }
      : t.dataset.role === "steps" ? { steps: Number(v) }
      : t.dataset.role === "optimizer" ? { optimizer: v as ContourSettings["optimizer"] }
      : t.dataset.role === "x0" ? { x0: Number(v) }
      : t.dataset.role === "y0" ? { y0: Number(v) }
      : t.dataset.role === "grad" ? { showGradient: (t as HTMLInputElement).checked }
      : null;
    if (!changed) return;
    this.#update(changed, true, t instanceof HTMLInputElement && t.type === "range");
  };

  #pointToData(ev: PointerEvent): [number, number] | null {
    const m = this.#el.svg.getScreenCTM();
    if (!m) return null;
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse());
    const x = VIEW.x[0] + ((p.x - xScale.range[0]) / (xScale.range[1] - xScale.range[0])) * (VIEW.x[1] - VIEW.x[0]);
    const y = VIEW.y[0] + ((p.y - yScale.range[0]) / (yScale.range[1] - yScale.range[0])) * (VIEW.y[1] - VIEW.y[0]);
    return [clamp(x, RANGES.x0.min, RANGES.x0.max), clamp(y, RANGES.y0.min, RANGES.y0.max)];
  }

  #onPointerDown = (ev: PointerEvent): void => {
    const p = this.#pointToData(ev);
    if (!p) return;
    this.#dragging = true;
    this.#el.svg.setPointerCapture?.(ev.pointerId);
    this.#el.handle.focus({ preventScroll: true });
    this.#update({ x0: p[0], y0: p[1] });
    ev.preventDefault();
  };

  #onPointerMove = (ev: PointerEvent): void => {
    if (!this.#dragging) return;
    const p = this.#pointToData(ev);
    if (p) this.#update({ x0: p[0], y0: p[1] }, false, true);
  };

  #onPointerUp = (ev: PointerEvent): void => {
    this.#dragging = false;
    this.#el.svg.releasePointerCapture?.(ev.pointerId);
  };

  #onKey = (ev: KeyboardEvent): void => {
    const step = ev.shiftKey ? 0.1 : 0.02;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const m = moves[ev.key];
    if (!m) return;
    ev.preventDefault();
    this.#update({ x0: this.#s.x0 + m[0], y0: this.#s.y0 + m[1] });
  };

  protected draw(continuous = false): void {
    const s = this.#s;
    const e = this.#el;
    const r = run(s);
    if (s.a !== this.#drawnA) {
      patchSvgChildren(e.contours, contoursSvg(s.a));
      this.#drawnA = s.a;
    }
    patchSvgChildren(e.path, pathSvg(s, r, this.stateId));
    e.handle.setAttribute("cx", fmt(xScale(s.x0)));
    e.handle.setAttribute("cy", fmt(yScale(s.y0)));
    e.handle.setAttribute("aria-label", "Start point of gradient descent");
    e.handle.setAttribute("aria-valuenow", String(s.x0));
    e.handle.setAttribute("aria-valuetext", `x = ${num(s.x0, 2)}, y = ${num(s.y0, 2)}. Arrow keys move it.`);
    const chart = e.chart.firstElementChild as SVGSVGElement | null;
    if (chart && chart.getAttribute("data-axis") === String(stepAxisEnd(s.steps))) {
      const ser = chartSeries(s, r);
      const set = (role: string, attrs: Record<string, string>) => {
        const el = chart.querySelector(`[data-role="${role}"]`);
        for (const [k, v] of Object.entries(attrs)) el?.setAttribute(k, v);
      };
      set("series-x", { d: ser.x });
      set("series-y", { d: ser.y });
      set("label-x", { x: fmt(ser.labelX[0]), y: fmt(ser.labelX[1]) });
      set("label-y", { x: fmt(ser.labelY[0]), y: fmt(ser.labelY[1]) });
      chart.setAttribute("aria-label", ser.alt);
    } else {
      e.chart.innerHTML = chartSvg(s, r);
    }
    const text = summary(s, r);
    setLiveText(e.readout, text, continuous);
    e.svg.setAttribute("aria-label", altText(s, r, text));
    const bound = boundText(s);
    if (e.bound.textContent !== bound) e.bound.textContent = bound;
    // Log sliders: the position is an exponent, so a screen reader reads the shown value instead.
    for (const [input, out, text] of [[e.logA, "a-out", num(s.a, 0)], [e.logEta, "eta-out", num(s.eta, 4)]] as const) {
      this.show(this.querySelector(`[data-role="${out}"]`), text);
      if (input.getAttribute("aria-valuetext") !== text) input.setAttribute("aria-valuetext", text);
    }
    this.show(this.querySelector('[data-role="steps-out"]'), String(s.steps));
    this.show(this.querySelector('[data-role="x0-out"]'), num(s.x0, 2));
    this.show(this.querySelector('[data-role="y0-out"]'), num(s.y0, 2));
    this.dataset.status = r.status;
    this.drawn({ status: r.status });
  }
}

if (!customElements.get("vg-contour")) customElements.define("vg-contour", ContourDemo);
