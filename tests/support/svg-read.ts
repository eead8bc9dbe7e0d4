/**
 * Reading back what a figure or a readout says, for tests that check it against numbers computed
 * without the code under test: numbers as src/lib/draw/format.ts writes them ("−0.25", "3.1 × 10⁻²⁷",
 * "10⁴") back into numbers, and an SVG string's path vertices, dots, texts and text alternative.
 *
 * Written here without format.ts (a reader that shared the writer's code would agree with its bugs).
 * Tests import it; nothing under src/ or scripts/ may.
 */
import { parseHTML } from "linkedom";

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** Superscript digits and minus sign back to an integer: "⁻¹²" → −12, "⁴" → 4. */
export function fromSuperscript(s: string): number {
  if (!/^⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/.test(s)) throw new Error(`not a superscript integer: "${s}"`);
  return Number([...s].map((c) => (c === "⁻" ? "-" : String(SUPERSCRIPT_DIGITS.indexOf(c)))).join(""));
}

/** The exponent a log axis' tick label shows: "1" → 0, "10" → 1, "10⁻³" → −3. */
export function exponentOf(label: string): number {
  if (label === "1") return 0;
  if (label === "10") return 1;
  if (!label.startsWith("10")) throw new Error(`not a power of ten as a tick label writes one: "${label}"`);
  return fromSuperscript(label.slice(2));
}

/** A number as the page writes it ("−0.25", "3.1 × 10⁻²⁷", "10⁴", "1") back into a number. */
export function shown(text: string): number {
  const t = text
    .trim()
    .replace(/−/g, "-")
    .replace(/10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/, (_, e: string) => `1e${fromSuperscript(e)}`);
  const m = /^(?:(-?\d+(?:\.\d+)?) × (1e-?\d+)|(-?\d+(?:\.\d+)?(?:e-?\d+)?))$/.exec(t);
  if (!m) throw new Error(`not a number as the page writes one: "${text}"`);
  return m[3] !== undefined ? Number(m[3]) : Number(m[1]) * Number(m[2]);
}

const COORD = String.raw`(-?[\d.]+(?:e[-+]?\d+)?)`;

/** The M and L commands of path data, in order ("M1,2L3,4", or Plot's "M1 2 L3 4"). */
export function pathCommands(d: string): { cmd: "M" | "L"; x: number; y: number }[] {
  return [...d.matchAll(new RegExp(String.raw`([ML])\s*${COORD}[ ,]${COORD}`, "g"))].map((m) => ({ cmd: m[1] as "M" | "L", x: Number(m[2]), y: Number(m[3]) }));
}

/** The vertices of path data made of M and L commands. */
export function vertices(d: string): [number, number][] {
  return pathCommands(d).map((c) => [c.x, c.y]);
}

/** Centres of the dots of a `<path class="iterate">` drawn by svg.ts dotsPath (each dot starts "M(x − r),y"). */
export function dots(svg: string, r = 2.5): [number, number][] {
  const d = /<path d="([^"]*)" class="iterate"/.exec(svg)![1];
  return [...d.matchAll(/M([\d.-]+),([\d.-]+)/g)].map((m) => [Number(m[1]) + r, Number(m[2])]);
}

/** The text of every `<text>` element of an SVG string, in order, as written (entities not decoded). */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

/** XML entities back to characters (&amp; last, so "&amp;lt;" stays "&lt;"). */
export function unescapeXml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The first aria-label in an SVG string, decoded. */
export function svgLabel(svg: string): string {
  return unescapeXml(/aria-label="([^"]*)"/.exec(svg)![1]);
}

/** The `<svg>` element of an SVG (or HTML) string, parsed with linkedom. */
export function svgOf(s: string): Element {
  const { document } = parseHTML(`<!doctype html><html><body>${s}</body></html>`);
  return document.querySelector("svg")!;
}
