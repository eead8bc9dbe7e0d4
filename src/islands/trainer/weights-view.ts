/**
 * The trainer's picture of what changes: the first layer's weights as 28×28 tiles on a canvas and a
 * histogram per weight layer of how far its weights moved (W − W₀). Before training the tiles show
 * the initial weights W₀ (drawn from the seed, no tfjs needed); once the run has moved, they show
 * W − W₀ on its own scale, but never finer than an eighth of the initial weights' size (tiles.ts
 * tileChangeScale), so a layer that learns turns red and blue while a stalled one stays nearly white
 * and a frozen one white. DOM: paints into the element's canvas and histogram <svg>.
 */
import { patchSvgChildren } from "../patch.ts";
import { initialNetwork, relativeChange, type NetworkParams } from "../../lib/nets/network.ts";
import { changeTilesToRgba, tileChangeScale, tileGrid, tilesToRgba } from "./tiles.ts";
import { histogramHeight, histogramView, HIST } from "./histograms.ts";
import { INIT_SCHEMES, type TrainerSettings } from "./settings.ts";
import { tilesText, weightScale } from "./view.ts";

export class WeightsView {
  #root: HTMLElement;
  #initial: { key: string; w: Float32Array; scale: number } | null = null;
  /** What the canvas shows now: painted again only when the weights change (draw() runs on every slider step). */
  #painted: { now: Float32Array | null; key: string; w: number; h: number } | null = null;
  #moved = 0;
  #scale = 0;
  #floored = false;
  /** The weights the histogram shows (it sorts every layer's change: drawn again only for new weights). */
  #histFor: { now: NetworkParams; frozen: string } | null = null;

  constructor(root: HTMLElement) {
    this.#root = root;
  }

  #text(role: string, text: string): void {
    const el = this.#root.querySelector(`[data-role="${role}"]`);
    if (el && el.textContent !== text) el.textContent = text;
  }

  draw(s: TrainerSettings, weights: { initial: NetworkParams; now: NetworkParams } | null, epoch: number): void {
    this.#tiles(s, weights, epoch);
    this.#histogram(s, weights);
  }

  #tiles(s: TrainerSettings, weights: { initial: NetworkParams; now: NetworkParams } | null, epoch: number): void {
    const canvas = this.#root.querySelector<HTMLCanvasElement>('[data-role="tiles"]');
    if (!canvas) return;
    const n1 = s.layers[0];
    const key = `${n1}|${s.init}|${s.seed}`;
    if (this.#initial?.key !== key) {
      // Only the first layer is needed, and it is drawn first from the seed.
      const w = initialNetwork([784, n1], INIT_SCHEMES[s.init], s.seed).weights[0];
      this.#initial = { key, w, scale: weightScale(w) };
    }
    const w0 = this.#initial.w;
    const now = weights && epoch > 0 && weights.now.weights[0].length === w0.length ? weights.now.weights[0] : null;
    const g = tileGrid(784, n1);
    if (canvas.width !== g.width || canvas.height !== g.height) [canvas.width, canvas.height] = [g.width, g.height];
    const p = this.#painted;
    if (!p || p.now !== now || p.key !== key || p.w !== g.width || p.h !== g.height) {
      ({ scale: this.#scale, floored: this.#floored } = now ? tileChangeScale(w0, now) : { scale: this.#initial.scale, floored: false });
      this.#moved = now ? relativeChange(w0, now) : 0;
      const rgba = now ? changeTilesToRgba(w0, now, 784, n1, this.#scale) : tilesToRgba(w0, 784, n1, this.#scale);
      canvas.getContext("2d")?.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, g.width, g.height), 0, 0);
      this.#painted = { now, key, w: g.width, h: g.height };
    }
    const text = tilesText(s, now ? epoch : 0, this.#scale, this.#moved, this.#floored);
    canvas.setAttribute("aria-label", text);
    this.#text("tiles-readout", text);
  }

  #histogram(s: TrainerSettings, weights: { initial: NetworkParams; now: NetworkParams } | null): void {
    const svg = this.#root.querySelector<SVGSVGElement>('svg[data-role="hist"]');
    if (!svg) return;
    const box = this.#root.querySelector<HTMLElement>("div.trainer-hist");
    if (!weights) {
      this.#histFor = null;
      if (box) box.hidden = true;
      return;
    }
    if (box) box.hidden = false;
    const frozen = s.frozen.join(",");
    if (this.#histFor?.now === weights.now && this.#histFor.frozen === frozen) return;
    this.#histFor = { now: weights.now, frozen };
    const layers = weights.initial.weights.map((w0, l) => ({ w0, w: weights.now.weights[l], frozen: s.frozen.includes(l + 1) }));
    const viewBox = `0 0 ${HIST.w} ${histogramHeight(layers.length)}`;
    if (svg.getAttribute("viewBox") !== viewBox) svg.setAttribute("viewBox", viewBox);
    const { inner, label } = histogramView(layers);
    patchSvgChildren(svg, inner);
    if (svg.getAttribute("aria-label") !== label) svg.setAttribute("aria-label", label);
    this.#text("hist-readout", label);
  }
}
