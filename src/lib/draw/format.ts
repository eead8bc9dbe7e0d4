/**
 * Numbers (and lists of names) as the site prints them, in one place: figures, readouts, tables and
 * lesson values all write "−0.25", "3.1 × 10⁻⁵", "10⁴" and "12.5%" with the functions below.
 *
 * DOM-free and importing nothing, so that anything may import it: src/lib, src/figures, islands (in the
 * browser and at build time), components and scripts. src/lib/draw/svg.ts re-exports num, powerOfTen and
 * measured for the files that have always taken them from there.
 *
 * Non-finite values are written the same way by every function here: "∞", "−∞", and "undefined" for
 * NaN. None of them throws: a live demo formats whatever the reader's settings produce (a descent that
 * diverges reaches ∞, and ∞ − ∞ is NaN), and a readout that threw would go blank instead of saying so.
 * "undefined" is the word a reader of mathematics uses for 0/0 or ∞ − ∞, where "NaN" is a programmer's.
 * Data that must be finite is checked where it is read (the zod schemas of the committed
 * run logs and derived assets), not here. Callers that want other words (a norm that is "not a number", a value "below 10⁻¹²") test for
 * those cases before formatting.
 */

/** The minus sign (U+2212): a hyphen is shorter than a plus sign and breaks lines. */
export const MINUS = "−";

const SUPERSCRIPT: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

/** Digits and minus signs as superscripts: -12 → "⁻¹²". Other characters are kept as they are. */
export function superscript(s: string | number): string {
  return [...String(s)].map((c) => SUPERSCRIPT[c] ?? c).join("");
}

/** "∞", "−∞" or "undefined" (NaN): see the file comment. */
function nonFinite(v: number): string {
  return v > 0 ? "∞" : v < 0 ? `${MINUS}∞` : "undefined";
}

/** A leading "-" as the minus sign, and "e-5" exponents as " × 10⁻⁵". */
function typeset(s: string): string {
  return s.replace(/^-/, MINUS).replace(/e([+-])(\d+)$/, (_, sign: string, e: string) => ` × 10${superscript(sign === "-" ? `-${e}` : e)}`);
}

/**
 * Fixed decimals with a real minus sign: num(0.25) → "0.25", num(3, 0) → "3". Below 10^−digits (but not
 * 0) and from a million on, a power of ten with digits − 1 decimals (at least one): "9.9 × 10⁻³".
 */
export function num(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const a = Math.abs(v);
  return typeset(a !== 0 && (a < 10 ** -digits || a >= 1e6) ? v.toExponential(Math.max(1, digits - 1)) : v.toFixed(digits));
}

/**
 * `digits` significant figures, trailing zeros kept ("0.50", "1.0"); below 0.001 as a power of ten
 * ("9.9 × 10⁻⁵"); from 10^digits on, the whole number ("1235"). A value that rounds up to 10^digits
 * is written whole too (99.96 → "100", where toPrecision would write "1.0e+2").
 */
export function sig(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return typeset(v.toExponential(digits - 1));
  const s = Math.abs(v) >= 10 ** digits ? String(Math.round(v)) : v.toPrecision(digits);
  return typeset(s.includes("e") ? String(Number(s)) : s);
}

/**
 * About `figures` significant figures through num(), trailing zeros dropped: significant(0.25, 3) →
 * "0.25", significant(2.5e-27, 3) → "2.5 × 10⁻²⁷", significant(0, 3) → "0".
 */
export function significant(v: number, figures: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  const digits = a >= 1e-3 && a < 1e6 ? Math.max(0, figures - 1 - Math.floor(Math.log10(a))) : figures;
  return num(v, digits)
    .replace(/(\.\d*?)0+(?=$| ×)/, "$1")
    .replace(/\.(?=$| ×)/, "");
}

/**
 * Tick label for a power of ten on a log axis: "1", "10", "10²", "10⁻³" (the nearest power for any other
 * positive value); "0" for 0, a minus sign before a negative one.
 */
export function powerOfTen(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (v === 0) return "0";
  if (v < 0) return MINUS + powerOfTen(-v);
  const e = Math.round(Math.log10(v));
  return e === 0 ? "1" : e === 1 ? "10" : `10${superscript(e)}`;
}

/** A fraction as a percentage with up to `decimals` decimals, no trailing zeros: 0.1095 → "10.95%", 0.341 → "34.1%". */
export function percent(v: number, decimals = 2): string {
  if (!Number.isFinite(v)) return `${nonFinite(v)}%`;
  return `${typeset(String(Number((v * 100).toFixed(decimals))))}%`;
}

/** A measured value as lessons print it: a percentage, a whole count with thousands separators, or num(). */
export function measured(value: number, digits: number, asPercent = false): string {
  if (asPercent) return `${num(value * 100, digits)}%`;
  if (digits === 0 && Number.isInteger(value)) return value.toLocaleString("en-US");
  return num(value, digits);
}

/** "a", "a and b", "a, b and c". */
export function listing(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
