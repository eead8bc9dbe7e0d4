/**
 * Numbers (and lists of names) as the site prints them, in one place: figures, readouts, tables and
 * lesson values all write "−0.25", "3.1 × 10⁻⁵", "10⁴" and "12.5%" with the functions below.
 *
 * DOM-free and importing nothing, so that anything may import it: src/lib, src/figures, islands (in the
 * browser and at build time), components and scripts. src/lib/draw/svg.ts re-exports num, powerOfTen and
 * measured for the files that have always taken them from there.
 *
 * Non-finite values are written the same way by every function here but literal() (numbers as JavaScript
 * writes them, for text that quotes code): "∞", "−∞", and "undefined" for NaN. None of them throws: a
 * live demo formats whatever the reader's settings produce (a descent that diverges reaches ∞, and ∞ − ∞
 * is NaN), and a readout that threw would go blank instead of saying so.
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
 * The e with 10^e ≤ a < 10^(e+1) for a finite a > 0, 10^e taken as the literal 1e<e> is (so that it agrees
 * with a test such as `a >= 0.01`): Math.log10 alone rounds a value just below a power of ten up to it.
 */
function decade(a: number): number {
  let e = Math.floor(Math.log10(a));
  if (a < Number(`1e${e}`)) e--;
  else if (a >= Number(`1e${e + 1}`)) e++;
  return e;
}

/** num()'s options: see num. */
export interface NumOptions {
  /** Add decimals where a small value needs them to show this many significant figures. */
  figures?: number;
  /** At most this many decimals in all (with `figures`; no limit by default). */
  most?: number;
}

/**
 * Fixed decimals with a real minus sign: num(0.25) → "0.25", num(3, 0) → "3". Below 10^−digits (but not
 * 0) and from a million on, a power of ten with digits − 1 decimals (at least one): "9.9 × 10⁻³".
 *
 * With `figures`, a value whose `digits` decimals would show fewer significant figures gets as many more
 * decimals as it needs, up to `most` decimals in all (then the rule above, with that many): num(0.0421058,
 * 3, { figures: 3 }) → "0.0421" beside num(1.13964, 3, { figures: 3 }) → "1.140", and num(0.000805, 3,
 * { figures: 3, most: 5 }) → "0.00080". The extra decimals follow |v| before rounding (0.09996 → "0.1000"),
 * and 0 keeps `digits` decimals.
 */
export function num(v: number, digits = 2, { figures, most = Infinity }: NumOptions = {}): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const a = Math.abs(v);
  const d = figures === undefined || a === 0 ? digits : Math.min(most, Math.max(digits, figures - 1 - decade(a)));
  return typeset(a !== 0 && (a < 10 ** -d || a >= 1e6) ? v.toExponential(Math.max(1, d - 1)) : v.toFixed(d));
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

/**
 * A fraction as a percentage with up to `decimals` decimals, no trailing zeros: 0.1095 → "10.95%", 0.341 →
 * "34.1%". With { figures } instead, sig() of the percentage, trailing zeros kept: percent(0.004, { figures: 2 })
 * → "0.40%", percent(0.1234, { figures: 2 }) → "12%", percent(1, { figures: 2 }) → "100%".
 */
export function percent(v: number, decimals: number | { figures: number } = 2): string {
  if (typeof decimals !== "number") return `${sig(v * 100, decimals.figures)}%`;
  if (!Number.isFinite(v)) return `${nonFinite(v)}%`;
  return `${typeset(String(Number((v * 100).toFixed(decimals))))}%`;
}

/** A measured value as lessons print it: a percentage, a whole count with thousands separators, or num(). */
export function measured(value: number, digits: number, asPercent = false): string {
  if (asPercent) return `${num(value * 100, digits)}%`;
  if (digits === 0 && Number.isInteger(value)) return value.toLocaleString("en-US");
  return num(value, digits);
}

/**
 * `figures` significant figures, trailing zeros dropped, written as a JavaScript literal (String of the rounded
 * number): literal(0.000123456789) → "0.000123457", literal(-8) → "-8", literal(1e-7) → "1e-7", literal(1e21) →
 * "1e+21", literal(Infinity) → "Infinity", literal(NaN) → "NaN". The one exception to this file's minus sign,
 * powers of ten and words for non-finite values: for text that quotes a number as code (a lesson writes
 * eta={0.0001}, so a message about the prop quotes its range the same way), and for the trainer's histogram
 * ticks, which have always been written so (their caller adds the sign).
 */
export function literal(v: number, figures = 6): string {
  return String(Number(v.toPrecision(figures)));
}

/** "a", "a and b", "a, b and c". */
export function listing(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
