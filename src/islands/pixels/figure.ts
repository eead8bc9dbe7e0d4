/**
 * The invisible-pixels demo's pictures as SVG strings (build time and browser):
 * a 28×28 image is one <path> per grey level, plus one for the red pixels and one
 * for the always-0 pixels, so that a redraw patches a few path data in place.
 */
import { esc, num } from "../../lib/svg.ts";
import type { DigitView, InfluenceView } from "./view.ts";

const SIDE = 28;
/** Grey levels an image is drawn with (a pixel of value v > 0 gets level ⌈v·LEVELS⌉). */
export const LEVELS = 8;

function squares(indices: Iterable<number>, inset = 0): string {
  const parts: string[] = [];
  const size = 1 - 2 * inset;
  for (const i of indices) parts.push(`M${(i % SIDE) + inset} ${Math.floor(i / SIDE) + inset}h${size}v${size}h-${size}z`);
  return parts.join("");
}

function where(mask: ArrayLike<number> | undefined, also: (i: number) => boolean = () => true): number[] {
  const out: number[] = [];
  if (!mask) return out;
  for (let i = 0; i < mask.length; i++) if (mask[i] && also(i)) out.push(i);
  return out;
}

/** The leaves of one image: LEVELS grey paths, then the red pixels, then the always-0 marks. */
export function imageLeaves(values: ArrayLike<number>, o: { red?: ArrayLike<number>; zero?: ArrayLike<number>; blankRed?: boolean; heat?: boolean } = {}): string {
  const byLevel: number[][] = Array.from({ length: LEVELS }, () => []);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v > 0) || (o.blankRed && o.red?.[i])) continue;
    byLevel[Math.min(LEVELS, Math.ceil(v * LEVELS)) - 1].push(i);
  }
  const cls = o.heat ? "heat" : "ink";
  const grey = byLevel.map((idx, k) => `<path class="${cls}" fill-opacity="${(k + 1) / LEVELS}" d="${squares(idx)}"/>`).join("");
  const red = o.blankRed ? "" : `<path class="red" d="${squares(where(o.red))}"/>`;
  const zero = `<path class="zero" d="${squares(where(o.zero), 0.38)}"/>`;
  return grey + red + zero;
}

/** A whole image figure: the background and a group of leaves the island patches (data-role given). */
export function imageSvg(role: string, label: string, leaves: string): string {
  return (
    `<svg class="pixels-svg" viewBox="0 0 ${SIDE} ${SIDE}" role="img" aria-label="${esc(label)}" shape-rendering="crispEdges">` +
    `<rect class="bg" width="${SIDE}" height="${SIDE}"/><g data-role="${role}">${leaves}</g></svg>`
  );
}

const answerText = (a: { digit: number; output: number }) => `${a.digit} (output ${num(a.output, 2)})`;

/** The four panels' text alternatives. */
export function panelLabels(v: DigitView): Record<"original" | "seen" | "random" | "trained", string> {
  return {
    original: `Test digit #${v.testIndex}, ${aDigit(v.label)}, as the network receives it: ${v.ink} of 784 pixels have ink.`,
    seen: `The same digit with the ${v.redCount} pixels whose outgoing weights are all below ${v.threshold.toFixed(3)} painted red; ${v.redOnInk} of them fall on its ink.`,
    random: `The digit rebuilt from the 30 activations of the random first layer (mean squared error ${num(v.error.random, 3)}).`,
    trained: `The digit rebuilt from the 30 activations of the trained first layer (mean squared error ${num(v.error.trained, 3)}).`,
  };
}

export function digitLeaves(v: DigitView, zero: ArrayLike<number>): Record<"original" | "seen" | "random" | "trained", string> {
  return {
    original: imageLeaves(v.image),
    seen: imageLeaves(v.image, { red: v.red, zero }),
    random: imageLeaves(v.reconstruction.random),
    trained: imageLeaves(v.reconstruction.trained),
  };
}

/** "a 7", "an 8". */
export const aDigit = (d: number) => `${d === 8 ? "an" : "a"} ${d}`;

/** The readout under the panels. */
export function summary(v: DigitView, sampleSize: number, digit: number): string {
  const t = v.threshold.toFixed(3);
  const red = v.redCount
    ? `${v.redCount} of 784 pixels are red (every outgoing weight below ${t}); ${v.redWithData} of them are non-zero in some digit, ${v.redOnInk} lie on this digit's ink. `
    : `No pixel is red: each has an outgoing weight of ${t} or more. `;
  return (
    `Digit ${digit + 1} of ${sampleSize} (test digit #${v.testIndex}, ${aDigit(v.label)}). ` +
    red +
    `Trained network: ${answerText(v.answers.trained)}; frozen-first-layer network: ${answerText(v.answers.frozen)}.`
  );
}

export function influenceLeaves(iv: InfluenceView, zero: ArrayLike<number>): string {
  const scaled = iv.max > 0 ? Array.from(iv.values, (v) => v / iv.max) : Array.from(iv.values, () => 0);
  return imageLeaves(scaled, { red: iv.red, zero, heat: true });
}

export function influenceLabel(iv: InfluenceView, fraction: number): string {
  return (
    `Influence of each pixel on the 30 activations, darker for more: the median pixel moves them by ${num(iv.median, 3)} per unit of ink, the most influential by ${num(iv.max, 3)}. ` +
    `${iv.redCount} pixels (red) have less than ${Math.round(fraction * 100)}% of the median influence.`
  );
}

/** The readout for a digit the reader drew. */
export function drawnSummary(v: DigitView): string {
  return (
    `Your digit covers ${v.ink} pixels after MNIST's preprocessing; ${v.redOnInk} of them are red. ` +
    `Trained network: ${answerText(v.answers.trained)}; frozen-first-layer network: ${answerText(v.answers.frozen)}. ` +
    `Rebuilt from the random layer's 30 activations with error ${num(v.error.random, 3)}, from the trained layer's with ${num(v.error.trained, 3)}.`
  );
}
