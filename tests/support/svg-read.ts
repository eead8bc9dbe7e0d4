/**
 * Reading back what a figure or a readout says, for tests that check it against numbers computed
 * without the code under test: numbers as src/lib/draw/format.ts writes them ("−0.25", "3.1 × 10⁻²⁷",
 * "10⁴") back into numbers, and an SVG string's path vertices, dots, texts and text alternative; the elements
 * of an SVG string or of a parsed one, with their attributes; and exponents as superscripts, for the text a test expects.
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

/** An integer as superscript digits, with "⁻" for a minus sign: −12 → "⁻¹²" (the inverse of fromSuperscript). */
export function toSuperscript(n: number): string {
  if (!Number.isInteger(n)) throw new Error(`not an integer: ${n}`);
  return [...String(n)].map((c) => (c === "-" ? "⁻" : SUPERSCRIPT_DIGITS[Number(c)])).join("");
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

/** The vertices of path data made of M and L commands, one list per sub-path (each M starts one). */
export function subpaths(d: string): [number, number][][] {
  const out: [number, number][][] = [];
  for (const c of pathCommands(d)) {
    if (c.cmd === "M" || out.length === 0) out.push([]);
    out.at(-1)!.push([c.x, c.y]);
  }
  return out;
}

/**
 * Centres and radii of the circles in path data drawn by svg.ts dotsPath, each "M(x − r),y" then two arcs
 * "ar,r 0 1,0 2r,0a r,r 0 1,0 −2r,0". Throws when an arc's second radius is not r or its diameter is not
 * 2r (to within 0.005: coordinates are written with two decimals).
 */
export function circles(d: string): { x: number; y: number; r: number }[] {
  return [...d.matchAll(/M(-?[\d.]+),(-?[\d.]+)a([\d.]+),([\d.]+) 0 1,0 ([\d.]+),0a[\d.]+,[\d.]+ 0 1,0 -([\d.]+),0/g)].map((m) => {
    const r = Number(m[3]);
    if (Number(m[4]) !== r) throw new Error(`a dot's arc has radii ${m[3]} and ${m[4]}: "${m[0]}"`);
    for (const across of [m[5], m[6]]) if (!(Math.abs(Number(across) - 2 * r) < 0.005)) throw new Error(`a dot of radius ${r} has an arc ${across} across: "${m[0]}"`);
    return { x: Number(m[1]) + r, y: Number(m[2]), r };
  });
}

/** Centres of the dots of the `<path class="iterate">` of an SVG string, drawn by svg.ts dotsPath. */
export function dots(svg: string): [number, number][] {
  return circles(/<path d="([^"]*)" class="iterate"/.exec(svg)![1]).map((c) => [c.x, c.y]);
}

/** The text of every `<text>` element of an SVG string, in order, as written (entities not decoded). */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

/** An element's attributes by name, and its text (for a string, as written, entities not decoded; for a parsed element, its textContent). */
export type Marked = { attrs: Record<string, string>; text: string };

/**
 * Every `tag` element of an SVG string (one with attributes, self-closing or holding only text) or of a
 * parsed element's subtree (svgOf), in document order.
 */
export function elements(svg: string | Element, tag: string): Marked[] {
  if (typeof svg !== "string") {
    return [...svg.querySelectorAll(tag)].map((e) => ({ attrs: Object.fromEntries([...e.attributes].map((a) => [a.name, a.value])), text: e.textContent ?? "" }));
  }
  const out: Marked[] = [];
  for (const m of svg.matchAll(new RegExp(`<${tag}\\s([^>]*?)(?:/>|>([^<]*)</${tag}>)`, "g"))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    out.push({ attrs, text: m[2] ?? "" });
  }
  return out;
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
