/**
 * The invisible-pixels demo's pictures as SVG strings (build time and browser):
 * a 28×28 image is one <path> per grey level, plus one for the red pixels and one
 * for the always-0 pixels, so that a redraw patches a few path data in place.
 */
import { esc, num } from "../../lib/draw/svg.ts";
import type { DigitView, InfluenceView, RedAgreement } from "./view.ts";

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

/** Which input the networks and decoders were given, in words. */
export function inputText(v: Pick<DigitView, "redCount" | "redOnInk">): string {
  if (!v.redCount) return "the whole digit (no pixel is red)";
  return `the digit as the red panel shows it, with its ${v.redCount} red pixels blanked (${v.redOnInk} of them had ink)`;
}

/** The four panels' text alternatives. */
export function panelLabels(v: DigitView): Record<"original" | "seen" | "random" | "trained", string> {
  const from = v.redCount ? `the digit with its ${v.redCount} red pixels blanked` : "the whole digit";
  return {
    original: `Test digit #${v.testIndex}, ${aDigit(v.label)}, as the network receives it: ${v.ink} of 784 pixels have ink.`,
    seen: `The same digit with the ${v.redCount} pixels whose outgoing weights are all below ${num(v.threshold, 3)} painted red; ${v.redOnInk} of them fall on its ink.`,
    random: `Rebuilt from the 30 activations of the random first layer given ${from} (mean squared error ${num(v.error.random, 3)} against that input).`,
    trained: `Rebuilt from the 30 activations of the trained first layer given ${from} (mean squared error ${num(v.error.trained, 3)} against that input).`,
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
  const t = num(v.threshold, 3);
  const red = v.redCount
    ? `${v.redCount} of 784 pixels are red (every outgoing weight below ${t}); ${v.redWithData} of them are non-zero in some digit, ${v.redOnInk} lie on this digit's ink. `
    : `No pixel is red: each has an outgoing weight of ${t} or more. `;
  return (
    `Digit ${digit + 1} of ${sampleSize} (test digit #${v.testIndex}, ${aDigit(v.label)}). ` +
    red +
    `Both networks and both reconstructions are given ${inputText(v)}. ` +
    `Trained network: ${answerText(v.answers.trained)}; frozen-first-layer network: ${answerText(v.answers.frozen)}.`
  );
}

export function influenceLeaves(iv: InfluenceView, zero: ArrayLike<number>): string {
  const scaled = iv.max > 0 ? Array.from(iv.values, (v) => v / iv.max) : Array.from(iv.values, () => 0);
  return imageLeaves(scaled, { red: iv.red, zero, heat: true });
}

/**
 * The map's words. The colour words are the map's own: class "heat" is dark blue (#08306b) at
 * LEVELS opacities on white, so darker blue is more; red and the small blue squares as in the panels.
 * With `agree`, how the map's red compares with the weight rule's red in the panels above.
 */
export function influenceLabel(iv: InfluenceView, fraction: number, agree?: RedAgreement): string {
  const pct = `${Math.round(fraction * 100)}%`;
  let text =
    `Influence of each pixel on the 30 activations, from white (0) to dark blue (${num(iv.max, 3)}, the most influential pixel), darker blue for more: ` +
    `the median pixel moves them by ${num(iv.median, 3)} per unit of ink. ` +
    `${iv.redCount} pixels (red) have less than ${pct} of the shipped layer's median influence (${pct} of ${num(iv.reference, 3)}).`;
  if (agree) {
    text +=
      agree.weights === agree.map && agree.both === agree.map
        ? ` The weight rule above paints the same ${agree.weights} of the pixels that are ever inked red.`
        : ` Of the pixels that are ever inked, the weight rule above paints ${agree.weights} red and this map ${agree.map}; ${agree.both} are red in both (the two rules differ: small weights, against little measured influence).`;
  }
  return text;
}

/** The colour scale's text alternative. */
export function legendLabel(iv: InfluenceView): string {
  return `Colour scale of the influence map: ${LEVELS} steps of blue, from white for 0 to dark blue for ${num(iv.max, 3)}; each step is an eighth of that.`;
}

/** The colour scale's bar: the map's LEVELS shades of class "heat" side by side, 0 on the left (a 0 pixel stays white). */
export function legendSvg(label: string): string {
  const steps = Array.from({ length: LEVELS }, (_, k) => `<rect class="heat" x="${k + 1}" width="1" height="1" fill-opacity="${(k + 1) / LEVELS}"/>`).join("");
  return `<svg class="pixels-svg pixels-scale" viewBox="0 0 ${LEVELS + 1} 1" preserveAspectRatio="none" role="img" aria-label="${esc(label)}" shape-rendering="crispEdges"><rect class="bg" width="${LEVELS + 1}" height="1"/>${steps}</svg>`;
}

/** The readout for a digit the reader drew. */
export function drawnSummary(v: DigitView): string {
  return (
    `Your digit covers ${v.ink} pixels after MNIST's preprocessing; ${v.redOnInk} of them are red. ` +
    `Both networks and both reconstructions are given ${inputText(v)}. ` +
    `Trained network: ${answerText(v.answers.trained)}; frozen-first-layer network: ${answerText(v.answers.frozen)}. ` +
    `Rebuilt from the random layer's 30 activations with error ${num(v.error.random, 3)}, from the trained layer's with ${num(v.error.trained, 3)}.`
  );
}
