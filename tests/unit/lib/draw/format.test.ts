/**
 * Numbers as the site prints them (src/lib/draw/format.ts), against strings written here by hand: powers of
 * ten in superscript, a real minus sign, zero, the non-finite values (one way for every formatter) and
 * the rounding boundaries (a value that rounds up to the next power of ten, halves, binary ties).
 */
import { describe, expect, it } from "vitest";
import * as format from "../../../../src/lib/draw/format.ts";
import { listing, literal, measured, num, percent, powerOfTen, sig, significant, superscript } from "../../../../src/lib/draw/format.ts";
import * as svg from "../../../../src/lib/draw/svg.ts";
import * as chain from "../../../../src/islands/chain/figure.ts";
import * as plane from "../../../../src/islands/plane/figure.ts";
import * as scales from "../../../../src/islands/trainer/scales.ts";
import * as learningSpeed from "../../../../src/figures/learning-speed.ts";

describe("superscript", () => {
  it("writes every digit and the minus sign as superscripts and keeps anything else", () => {
    expect(superscript("-0123456789")).toBe("⁻⁰¹²³⁴⁵⁶⁷⁸⁹");
    expect(superscript(-12)).toBe("⁻¹²");
    expect(superscript(1)).toBe("¹");
    expect(superscript("x2")).toBe("x²");
  });
});

describe("num: fixed decimals", () => {
  it("writes fixed decimals with a real minus sign", () => {
    expect(num(0.25)).toBe("0.25");
    expect(num(-0.25)).toBe("−0.25");
    expect(num(3, 0)).toBe("3");
    expect(num(-1.5, 1)).toBe("−1.5");
  });

  it("writes zero with its decimals, and never as a power of ten", () => {
    expect(num(0)).toBe("0.00");
    expect(num(0, 0)).toBe("0");
    expect(num(-0, 2)).toBe("0.00");
  });

  it("switches to a power of ten below 10^−digits and from a million", () => {
    expect(num(1e-13)).toBe("1.0 × 10⁻¹³");
    expect(num(-1e-13)).toBe("−1.0 × 10⁻¹³");
    expect(num(0.0099, 2)).toBe("9.9 × 10⁻³");
    expect(num(0.01, 2)).toBe("0.01");
    expect(num(999_999, 0)).toBe("999999");
    expect(num(1e6, 0)).toBe("1.0 × 10⁶");
    expect(num(1_234_567, 4)).toBe("1.235 × 10⁶");
    expect(num(-2.5e21, 2)).toBe("−2.5 × 10²¹");
  });

  it("rounds as toFixed does: exact halves up, binary near-halves to the nearer side", () => {
    expect(num(0.125, 2)).toBe("0.13");
    expect(num(-0.125, 2)).toBe("−0.13");
    expect(num(2.5, 0)).toBe("3");
    // 9.995 is stored as 9.99499999…: it rounds down.
    expect(num(9.995, 2)).toBe("9.99");
    expect(num(9.9951, 2)).toBe("10.00");
  });
});

describe("num with figures: more decimals for small values", () => {
  it("keeps `digits` decimals where they show enough figures, and adds decimals below", () => {
    expect(num(1.13964, 3, { figures: 3 })).toBe("1.140");
    expect(num(1, 3, { figures: 3 })).toBe("1.000");
    expect(num(0.856455, 3, { figures: 3 })).toBe("0.856");
    expect(num(0.0421058, 3, { figures: 3 })).toBe("0.0421");
    expect(num(0.00123456, 3, { figures: 3 })).toBe("0.00123");
    expect(num(1.23e-7, 3, { figures: 3 })).toBe("0.000000123");
    expect(num(-0.0421058, 3, { figures: 3 })).toBe("−0.0421");
    expect(num(0.0421058, 2, { figures: 1 })).toBe("0.04");
  });

  it("counts the decade exactly at a power of ten and just below it", () => {
    expect(num(0.1, 3, { figures: 3 })).toBe("0.100");
    expect(num(0.09999999999999999, 3, { figures: 3 })).toBe("0.1000");
    expect(num(0.01, 3, { figures: 3 })).toBe("0.0100");
    expect(num(0.009999999999999998, 3, { figures: 3 })).toBe("0.01000");
    // The decimals follow the value before rounding: 0.09996 has four, and rounds up in them.
    expect(num(0.09996, 3, { figures: 3 })).toBe("0.1000");
    expect(num(0.12345, 3, { figures: 3 })).toBe("0.123");
  });

  it("stops at `most` decimals, then writes a power of ten below 10^−most as num does", () => {
    expect(num(0.304, 3, { figures: 3, most: 5 })).toBe("0.304");
    expect(num(0.0612, 3, { figures: 3, most: 5 })).toBe("0.0612");
    expect(num(0.00259266, 3, { figures: 3, most: 5 })).toBe("0.00259");
    expect(num(0.0008047764, 3, { figures: 3, most: 5 })).toBe("0.00080");
    expect(num(0.00095499, 3, { figures: 3, most: 5 })).toBe("0.00095");
    expect(num(0.000001234, 3, { figures: 3, most: 5 })).toBe("1.2340 × 10⁻⁶");
  });

  it("writes 0 with `digits` decimals and non-finite values as num does", () => {
    expect(num(0, 3, { figures: 3 })).toBe("0.000");
    expect(num(0, 3, { figures: 3, most: 5 })).toBe("0.000");
    expect(num(-0, 2, { figures: 3 })).toBe("0.00");
    expect([Infinity, -Infinity, NaN].map((v) => num(v, 3, { figures: 3 }))).toEqual(["∞", "−∞", "undefined"]);
  });
});

describe("sig: significant figures, trailing zeros kept", () => {
  it("keeps the figures asked for, with a real minus sign", () => {
    expect(sig(0.5)).toBe("0.50");
    expect(sig(-3.14159, 3)).toBe("−3.14");
    expect(sig(12.34)).toBe("12");
    expect(sig(0.001)).toBe("0.0010");
  });

  it("writes zero with its figures", () => {
    expect(sig(0)).toBe("0.0");
    expect(sig(0, 3)).toBe("0.00");
  });

  it("writes values below 0.001 as powers of ten", () => {
    expect(sig(1e-13)).toBe("1.0 × 10⁻¹³");
    expect(sig(-1.234e-5, 3)).toBe("−1.23 × 10⁻⁵");
    expect(sig(9.9e-5)).toBe("9.9 × 10⁻⁵");
    expect(sig(5e-4, 1)).toBe("5 × 10⁻⁴");
    // Just below 0.001, rounded up to it: still written as a power of ten.
    expect(sig(0.00099996)).toBe("1.0 × 10⁻³");
  });

  it("writes whole numbers from 10^digits on, and a value that rounds up to 10^digits whole too", () => {
    expect(sig(1234.5)).toBe("1235");
    expect(sig(100)).toBe("100");
    expect(sig(99.6)).toBe("100");
    expect(sig(-99.6)).toBe("−100");
    expect(sig(999.7, 3)).toBe("1000");
    expect(sig(9.996, 3)).toBe("10.0");
    expect(sig(9.995, 3)).toBe("9.99");
    expect(sig(2e25)).toBe("2 × 10²⁵");
  });
});

describe("significant: significant figures, trailing zeros dropped", () => {
  it("drops trailing zeros and a bare decimal point", () => {
    expect(significant(0.25, 3)).toBe("0.25");
    expect(significant(25, 3)).toBe("25");
    expect(significant(0.123456, 2)).toBe("0.12");
    expect(significant(-1234.5, 2)).toBe("−1235");
    expect(significant(9.9996, 3)).toBe("10");
  });

  it("writes zero as 0 and small or large values as powers of ten", () => {
    expect(significant(0, 3)).toBe("0");
    expect(significant(2.5e-27, 3)).toBe("2.5 × 10⁻²⁷");
    expect(significant(-1e-13, 2)).toBe("−1 × 10⁻¹³");
    expect(significant(1e6, 3)).toBe("1 × 10⁶");
    expect(significant(0.0015, 3)).toBe("0.0015");
  });
});

describe("powerOfTen", () => {
  it("labels powers of ten: 1 and 10 plainly, the others with a superscript exponent", () => {
    expect([1e-13, 1e-1, 1, 10, 100, 1e4].map((v) => powerOfTen(v))).toEqual(["10⁻¹³", "10⁻¹", "1", "10", "10²", "10⁴"]);
  });

  it("takes the nearest power for other values, 0 as 0, and a minus sign before a negative value", () => {
    expect(powerOfTen(3)).toBe("1");
    // Nearest on a log scale: log10(4 × 10⁻¹³) ≈ −12.4, log10(3 × 10⁻¹³) ≈ −12.5.
    expect(powerOfTen(4e-13)).toBe("10⁻¹²");
    expect(powerOfTen(3e-13)).toBe("10⁻¹³");
    expect(powerOfTen(0)).toBe("0");
    expect(powerOfTen(-1000)).toBe("−10³");
  });
});

describe("percent, measured and listing", () => {
  it("percent: up to two decimals (or as many as asked), no trailing zeros, a real minus sign", () => {
    expect(percent(0.1095)).toBe("10.95%");
    expect(percent(0.341)).toBe("34.1%");
    expect(percent(1)).toBe("100%");
    expect(percent(0.87549, 1)).toBe("87.5%");
    expect(percent(-0.05)).toBe("−5%");
  });

  it("percent with { figures }: significant figures of the percentage, trailing zeros kept", () => {
    expect(percent(0.004, { figures: 2 })).toBe("0.40%");
    expect(percent(0.1234, { figures: 2 })).toBe("12%");
    expect(percent(0.033319, { figures: 2 })).toBe("3.3%");
    expect(percent(0.000644246, { figures: 2 })).toBe("0.064%");
    expect(percent(0.0996, { figures: 2 })).toBe("10%");
    expect(percent(0.0994, { figures: 2 })).toBe("9.9%");
    expect(percent(0.9996, { figures: 2 })).toBe("100%");
    expect(percent(1, { figures: 2 })).toBe("100%");
    expect(percent(12.345, { figures: 2 })).toBe("1235%");
    expect(percent(0, { figures: 2 })).toBe("0.0%");
    expect(percent(-0.05, { figures: 2 })).toBe("−5.0%");
    expect(percent(0.0000012, { figures: 2 })).toBe("1.2 × 10⁻⁴%");
    expect(percent(0.1234, { figures: 3 })).toBe("12.3%");
  });

  it("measured: a percentage, a whole count with separators, or num()", () => {
    expect(measured(0.1234, 1, true)).toBe("12.3%");
    expect(measured(12345, 0)).toBe("12,345");
    expect(measured(2.5, 0)).toBe("3");
    expect(measured(-0.5, 1)).toBe("−0.5");
  });

  it("literal: significant figures, trailing zeros dropped, as JavaScript writes the number", () => {
    expect(literal(0.0001)).toBe("0.0001");
    expect(literal(1.99526231)).toBe("1.99526");
    expect(literal(0.000123456789)).toBe("0.000123457");
    expect(literal(-8)).toBe("-8");
    expect(literal(300)).toBe("300");
    expect(literal(0.022000000000000002)).toBe("0.022");
    expect(literal(1234567)).toBe("1234570");
    expect(literal(9.9999996)).toBe("10");
    expect(literal(1e-7)).toBe("1e-7");
    expect(literal(1e21)).toBe("1e+21");
    expect(literal(0)).toBe("0");
    expect(literal(-0)).toBe("0");
    expect(literal(0.123456789, 3)).toBe("0.123");
  });

  it("literal writes non-finite values as JavaScript does, the one exception to ∞ and undefined", () => {
    expect([Infinity, -Infinity, NaN].map((v) => literal(v))).toEqual(["Infinity", "-Infinity", "NaN"]);
  });

  it("listing: a, a and b, a, b and c", () => {
    expect([[], ["a"], ["a", "b"], ["a", "b", "c"]].map(listing)).toEqual(["", "a", "a and b", "a, b and c"]);
  });
});

describe("non-finite values: one way everywhere, never a throw", () => {
  const values = [Infinity, -Infinity, NaN];
  it.each([
    ["num", (v: number) => num(v)],
    ["sig", (v: number) => sig(v)],
    ["significant", (v: number) => significant(v, 3)],
    ["powerOfTen", (v: number) => powerOfTen(v)],
    ["measured", (v: number) => measured(v, 2)],
  ])("%s writes ∞, −∞ and undefined", (_, f) => {
    expect(values.map(f)).toEqual(["∞", "−∞", "undefined"]);
  });

  it("percent adds its sign to the same words", () => {
    expect(values.map((v) => percent(v))).toEqual(["∞%", "−∞%", "undefined%"]);
    expect(values.map((v) => percent(v, { figures: 2 }))).toEqual(["∞%", "−∞%", "undefined%"]);
  });
});

describe("one formatter, however it is imported", () => {
  it("the files that used to hold copies hand out format.ts's functions", () => {
    expect([svg.num, svg.powerOfTen, svg.measured]).toEqual([format.num, format.powerOfTen, format.measured]);
    expect([chain.powerOfTen, chain.significant]).toEqual([format.powerOfTen, format.significant]);
    expect([scales.sig, scales.percent]).toEqual([format.sig, format.percent]);
    expect([learningSpeed.sig, learningSpeed.percent, learningSpeed.listing]).toEqual([format.sig, format.percent, format.listing]);
    expect(plane.sigText(-1.234e-5)).toBe("−1.23 × 10⁻⁵");
    expect(plane.percentText(0.87549)).toBe("87.5%");
  });
});
