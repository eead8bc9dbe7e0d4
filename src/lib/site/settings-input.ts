/** Reading demo settings from attributes, sliders and URLs: numbers that may be missing or malformed. */

export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** A finite number from a number or numeric string; the fallback for anything else ("", "abc", NaN, null). */
export function readNumber(v: unknown, fallback: number): number {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fallback;
}
