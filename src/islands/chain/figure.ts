/**
 * View of the neuron-chain demo as SVG, text and an HTML table, written as
 * strings so that the same code renders the static figure at build time and
 * redraws it in the browser. All numbers come from chainGradients (src/lib/toy-math/chain.ts)
 * with the target y = 0, so C = ½ a₄² and ∂C/∂a₄ = a₄.
 *
 * The bars show |∂C/∂b_j| on a fixed log axis from 10⁻¹² to 10⁴ (the largest
 * possible value is ¼ · 30³ · 1 = 6750, since |w| ≤ 120 and σ' ≤ ¼); values below
 * the floor, including exact zeros, are drawn as a stub on the floor and labelled.
 */
import { chainGradients, type ChainGradients } from "../../lib/toy-math/chain.ts";
import { listing, num, powerOfTen, significant } from "../../lib/draw/format.ts";
import { axes, esc, fmt, scaleLinear, scaleLog } from "../../lib/draw/svg.ts";
import type { ChainSettings } from "./settings.ts";

const W = 640;
const H = 460;
/**
 * The neuron row sits in the top margin, the bars below it. Text is placed in em
 * from the row and the bars, and the margins leave room for it at the largest font
 * the figure gets (about 24 units on a phone: src/styles/global.css).
 */
const M = { top: 186, right: 8, bottom: 70, left: 76 };
const ROW_Y = 66;
const R = 18;
const SUB = ["₁", "₂", "₃", "₄"];
export const AXIS = { floor: 1e-12, top: 1e4 } as const;

export function gradients(s: ChainSettings): ChainGradients {
  return chainGradients(s, 0);
}

/** About three significant digits via num(), without trailing zeros ("0.25", "25", "2.5 × 10⁻²⁷"). */
export function sig(v: number): string {
  return significant(v, 3);
}

// significant and powerOfTen (src/lib/draw/format.ts) are re-exported: the chain's tests take them from here.
export { powerOfTen, significant };

/** Whether the three factors w_jσ'(z_j) all shrink the gradient, all grow it, or both. */
export function trend(g: ChainGradients): "shrinking" | "growing" | "mixed" {
  const sizes = g.factors.map(Math.abs);
  if (Math.max(...sizes) < 1) return "shrinking";
  if (Math.min(...sizes) >= 1) return "growing";
  return "mixed";
}

/** One or two sentences that say what the chain does to the gradient: the readout and the figure's text alternative. */
export function summary(_s: ChainSettings, g: ChainGradients = gradients(_s)): string {
  const first = Math.abs(g.dCdb[0]);
  const last = Math.abs(g.dCdb[g.dCdb.length - 1]);
  let head: string;
  if (last === 0) {
    head = "Every ∂C/∂bⱼ is 0 in floating point: the last neuron is saturated, so no gradient comes back from the cost.";
  } else if (first === 0) {
    head = `∂C/∂b₁ is 0 in floating point, while ∂C/∂b₄ = ${sig(g.dCdb[g.dCdb.length - 1])}.`;
  } else {
    const r = first / last;
    if (r >= 1) head = `∂C/∂b₁ is ${sig(r)} times ∂C/∂b₄.`;
    else if (1 / r < 1e6) head = `∂C/∂b₁ is 1/${sig(1 / r)} of ∂C/∂b₄.`;
    else head = `∂C/∂b₁ is ${sig(r)} times ∂C/∂b₄.`;
  }
  const f = g.factors;
  const sizes = f.map(Math.abs);
  const n = ["no", "one", "two", "three", "four", "five"][f.length] ?? String(f.length);
  const equal = f.every((v) => sig(v) === sig(f[0]));
  const big = Math.max(...sizes);
  const small = Math.min(...sizes);
  let what: string;
  if (equal) what = `, each equal to ${sig(f[0])}${big < 0.25 ? " (below 1/4)" : big < 1 ? " (below 1)" : ""}`;
  else {
    what = `: ${listing(f.map((v) => sig(v)))}`;
    what +=
      big < 0.25 ? ", each below 1/4 in size" :
      big < 1 ? ", each below 1 in size" :
      small >= 1 ? ", each at least 1 in size" :
      "; those below 1 in size shrink it, those above 1 grow it";
  }
  return `${head} On its way back to b₁ the gradient picks up ${n} factors wⱼσ′(zⱼ)${what}.`;
}

/**
 * Long numbers (powers of ten) get two digits in the neuron row and above the bars, and
 * the factors always do (the table has three): four columns of text must fit a phone.
 */
const short = (v: number) => significant(v, sig(v).length > 7 ? 2 : 3);

/** The row of neurons: z_j and σ'(z_j) under each, the factor w_jσ'(z_j) on the link into it. */
function neuronRow(s: ChainSettings, g: ChainGradients, cx: (i: number) => number): string {
  // No wrapping group: each label is its own child, so a redraw replaces only the labels that changed.
  let out = "";
  const x0 = 8;
  out += `<text x="${fmt((x0 + cx(0) - R) / 2)}" y="${ROW_Y}" dy="-0.5em" text-anchor="middle">x = ${esc(sig(s.x))}</text>`;
  out += `<line x1="${x0}" x2="${fmt(cx(0) - R)}" y1="${ROW_Y}" y2="${ROW_Y}" class="edge"/>`;
  // Row headers at the left, so that each neuron shows only its numbers: narrow enough for a phone.
  out += `<text x="${x0}" y="${ROW_Y + R}" dy="1.2em" class="label">z</text>`;
  out += `<text x="${x0}" y="${ROW_Y + R}" dy="2.45em" class="label">σ′</text>`;
  g.z.forEach((z, i) => {
    const c = cx(i);
    if (i > 0) {
      const mid = (cx(i - 1) + c) / 2;
      const f = g.factors[i - 1];
      out += `<line x1="${fmt(cx(i - 1) + R)}" x2="${fmt(c - R)}" y1="${ROW_Y}" y2="${ROW_Y}" class="edge"/>`;
      out += `<text x="${fmt(mid)}" y="${ROW_Y}" dy="-1.75em" text-anchor="middle" class="label">w${SUB[i]}σ′(z${SUB[i]})</text>`;
      out += `<text x="${fmt(mid)}" y="${ROW_Y}" dy="-0.5em" text-anchor="middle" class="factor ${Math.abs(f) < 1 ? "shrinks" : "grows"}">× ${esc(significant(f, 2))}</text>`;
    }
    out += `<circle cx="${fmt(c)}" cy="${ROW_Y}" r="${R}" class="neuron"/>`;
    out += `<text x="${fmt(c)}" y="${ROW_Y}" dy="0.35em" text-anchor="middle">${i + 1}</text>`;
    out += `<text x="${fmt(c)}" y="${ROW_Y + R}" dy="1.2em" text-anchor="middle">${esc(sig(z))}</text>`;
    out += `<text x="${fmt(c)}" y="${ROW_Y + R}" dy="2.45em" text-anchor="middle">${esc(short(g.sigmaPrime[i]))}</text>`;
  });
  const end = cx(g.z.length - 1) + R;
  out += `<line x1="${fmt(end)}" x2="${W - 26}" y1="${ROW_Y}" y2="${ROW_Y}" class="edge"/>`;
  out += `<text x="${W - 20}" y="${ROW_Y}" dy="0.35em">C</text>`;
  return out;
}

/** The whole figure: the neuron row above a log-scale bar chart of |∂C/∂b_j|. */
function parts(s: ChainSettings, g: ChainGradients) {
  const layers = g.z.length;
  const x = scaleLinear([0, layers], [M.left, W - M.right]);
  const y = scaleLog([AXIS.floor, AXIS.top], [H - M.bottom, M.top]);
  const cx = (i: number) => x(i + 0.5);
  const base = y(AXIS.floor);
  const lo = Math.round(Math.log10(AXIS.floor));
  const hi = Math.round(Math.log10(AXIS.top));
  const major: number[] = [];
  let minor = "";
  for (let e = lo; e <= hi; e++) {
    if ((e - lo) % 4 === 0) major.push(10 ** e);
    else minor += `<line x1="${fmt(M.left)}" x2="${fmt(W - M.right)}" y1="${fmt(y(10 ** e))}" y2="${fmt(y(10 ** e))}" class="grid minor"/>`;
  }
  let bars = "";
  g.dCdb.forEach((v, i) => {
    const size = Math.abs(v);
    const below = !(size >= AXIS.floor);
    const top = below ? base - 3 : y(Math.min(size, AXIS.top));
    const c = cx(i);
    const cls = `bar${v < 0 ? " negative" : ""}${below ? " clamped" : ""}`;
    bars += `<rect x="${fmt(c - 28)}" y="${fmt(top)}" width="56" height="${fmt(Math.max(0, base - top))}" class="${cls}" data-layer="${i + 1}"/>`;
    if (below) {
      bars += `<text x="${fmt(c)}" y="${fmt(base)}" dy="-1.6em" text-anchor="middle" class="value">${v === 0 ? "0" : esc(sig(v))}</text>`;
      bars += `<text x="${fmt(c)}" y="${fmt(base)}" dy="-0.5em" text-anchor="middle" class="label">&lt; ${powerOfTen(AXIS.floor)}</text>`;
    } else {
      bars += `<text x="${fmt(c)}" y="${fmt(top)}" dy="-0.4em" text-anchor="middle" class="value">${esc(short(v))}</text>`;
    }
    bars += `<text x="${fmt(c)}" y="${fmt(base)}" dy="1.2em" text-anchor="middle">∂C/∂b${SUB[i] ?? i + 1}</text>`;
  });
  return { minor, major, x, y, dynamic: neuronRow(s, g, cx) + bars };
}

/** The figure's text alternative. */
export function figureLabel(s: ChainSettings, g: ChainGradients = gradients(s)): string {
  return `Bar chart, on a log scale, of the size of ∂C/∂b₁ to ∂C/∂b₄ for a chain of four sigmoid neurons, below a row showing each neuron's z and σ′ and the factors wⱼσ′(zⱼ) between them. ${summary(s, g)}`;
}

/** What changes with the settings: the neuron row and the bars (the element swaps only this group). */
export function dynamicSvg(s: ChainSettings, g: ChainGradients = gradients(s)): string {
  return parts(s, g).dynamic;
}

export function figureSvg(s: ChainSettings, g: ChainGradients = gradients(s)): string {
  const { minor, major, x, y, dynamic } = parts(s, g);
  return (
    `<svg viewBox="0 0 ${W} ${H}" class="figure-svg chain" font-size="13" role="img" aria-label="${esc(figureLabel(s, g))}">` +
    minor +
    axes({ x, y, xTicks: [], yTicks: major, xLabel: "|∂C/∂bⱼ| on a log scale, signed value on top", yLabel: "", yFormat: powerOfTen }) +
    `<g data-role="chain-dynamic">${dynamic}</g>` +
    `</svg>`
  );
}

/** Every number of the chain as a real HTML table, readable without JavaScript. */
/**
 * The text of every cell the settings change, row by row (w, b, z, σ′, factor
 * or null for the first neuron, ∂C/∂b): the element updates only the cells whose text changed.
 */
export function tableCells(s: ChainSettings, g: ChainGradients = gradients(s)): (string | null)[][] {
  return g.z.map((z, i) => [num(s.w[i], 2), num(s.b[i], 2), sig(z), sig(g.sigmaPrime[i]), i === 0 ? null : sig(g.factors[i - 1]), sig(g.dCdb[i])]);
}

/** The table's rows, as HTML (build time). */
export function tableRows(s: ChainSettings, g: ChainGradients = gradients(s)): string {
  const cell = (v: string) => `<td>${esc(v)}</td>`;
  return g.z
    .map((z, i) => {
      const factor = i === 0 ? `<td><span aria-hidden="true">—</span><span class="visually-hidden">none</span></td>` : cell(sig(g.factors[i - 1]));
      return (
        `<tr><th scope="row">${i + 1}</th>` +
        cell(num(s.w[i], 2)) +
        cell(num(s.b[i], 2)) +
        cell(sig(z)) +
        cell(sig(g.sigmaPrime[i])) +
        factor +
        cell(sig(g.dCdb[i])) +
        `</tr>`
      );
    })
    .join("");
}

export function tableCaption(s: ChainSettings, g: ChainGradients = gradients(s)): string {
  return `The chain's numbers for the input x = ${num(s.x, 2)}, with C = ½ a₄² (so ∂C/∂a₄ = a₄ = ${sig(g.dCdaL)})`;
}

export function tableHtml(s: ChainSettings, g: ChainGradients = gradients(s)): string {
  return (
    `<table class="chain-table">` +
    `<caption data-role="table-caption">${esc(tableCaption(s, g))}</caption>` +
    `<thead><tr><th scope="col">Neuron j</th><th scope="col">w<sub>j</sub></th><th scope="col">b<sub>j</sub></th><th scope="col">z<sub>j</sub></th>` +
    `<th scope="col">σ′(z<sub>j</sub>)</th><th scope="col">w<sub>j</sub>σ′(z<sub>j</sub>)</th><th scope="col">∂C/∂b<sub>j</sub></th></tr></thead>` +
    `<tbody data-role="table-rows">${tableRows(s, g)}</tbody></table>`
  );
}
