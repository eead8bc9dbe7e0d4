/**
 * The test helpers that read figures back (tests/support/svg-read.ts), against strings written here by
 * hand: if they misread, every test that uses them checks the wrong thing.
 */
import { describe, expect, it } from "vitest";
import { circles, dots, elements, exponentOf, fromSuperscript, pathCommands, shown, subpaths, svgLabel, svgOf, texts, toSuperscript, vertices } from "../../support/svg-read.ts";

describe("numbers as the page writes them", () => {
  it("reads superscript integers and log tick labels", () => {
    expect(fromSuperscript("⁻¹²")).toBe(-12);
    expect(fromSuperscript("⁰")).toBe(0);
    expect(fromSuperscript("¹⁰")).toBe(10);
    expect([exponentOf("1"), exponentOf("10"), exponentOf("10²"), exponentOf("10⁻³")]).toEqual([0, 1, 2, -3]);
    expect(() => fromSuperscript("12")).toThrow('not a superscript integer: "12"');
    expect(() => exponentOf("0.1")).toThrow('not a power of ten as a tick label writes one: "0.1"');
  });

  it("writes integers as superscripts, the inverse of reading them", () => {
    expect([toSuperscript(3), toSuperscript(-12), toSuperscript(0), toSuperscript(1234567890)]).toEqual(["³", "⁻¹²", "⁰", "¹²³⁴⁵⁶⁷⁸⁹⁰"]);
    for (let n = -30; n <= 30; n++) expect(fromSuperscript(toSuperscript(n))).toBe(n);
    expect(() => toSuperscript(1.5)).toThrow("not an integer: 1.5");
  });

  it("reads plain numbers, a real minus sign, powers of ten and mantissa × power", () => {
    expect(shown("−0.25")).toBe(-0.25);
    expect(shown("0.00")).toBe(0);
    expect(shown(" 1 ")).toBe(1);
    expect(shown("10")).toBe(10);
    expect(shown("10⁴")).toBe(1e4);
    expect(shown("10⁻¹²")).toBe(1e-12);
    expect(shown("3.1 × 10⁻²⁷")).toBeCloseTo(3.1e-27, 40);
    expect(shown("−1.0 × 10⁻¹³")).toBeCloseTo(-1e-13, 25);
    expect(shown("1.2 × 10⁶")).toBe(1.2e6);
    expect(() => shown("about 3")).toThrow('not a number as the page writes one: "about 3"');
  });
});

describe("SVG strings", () => {
  it("reads M and L commands, with commas or spaces and exponents", () => {
    expect(pathCommands("M0,1L2.5,-3M4,5")).toEqual([
      { cmd: "M", x: 0, y: 1 },
      { cmd: "L", x: 2.5, y: -3 },
      { cmd: "M", x: 4, y: 5 },
    ]);
    expect(vertices("M 1 2 L3,4e-3L-1e2,0")).toEqual([[1, 2], [3, 0.004], [-100, 0]]);
    expect(vertices("M1,2a1,1 0 1,0 2,0")).toEqual([[1, 2]]);
    expect(subpaths("M0,1L2,3L4,5ZM6,7L8,9")).toEqual([[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9]]]);
    expect(subpaths("")).toEqual([]);
  });

  it("reads the dots dotsPath draws: centre and radius, and refuses arcs that do not make a circle of that radius", () => {
    expect(circles("M7,20a3,3 0 1,0 6,0a3,3 0 1,0 -6,0M-1.5,-2a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0")).toEqual([
      { x: 10, y: 20, r: 3 },
      { x: 1, y: -2, r: 2.5 },
    ]);
    expect(() => circles("M7,20a3,2 0 1,0 6,0a3,3 0 1,0 -6,0")).toThrow("radii 3 and 2");
    expect(() => circles("M7,20a3,3 0 1,0 6.01,0a3,3 0 1,0 -6,0")).toThrow("an arc 6.01 across");
    expect(() => circles("M7,20a3,3 0 1,0 6,0a3,3 0 1,0 -5.9,0")).toThrow("an arc 5.9 across");
    expect(dots(`<svg><path d="M1,2a1,1 0 1,0 2,0" class="trail"/><path d="M-0.5,4a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0" class="iterate"/></svg>`)).toEqual([[2, 4]]);
  });

  it("reads elements with their attributes and text, from a string (as written) or a parsed svg (decoded)", () => {
    const svg = `<svg><line x1="0" x2="5" class="grid"/><text x="1" y="2" text-anchor="middle">a &lt; b</text><g><text dy="-1em">c</text></g><text>no attributes</text></svg>`;
    const read = [
      { attrs: { x1: "0", x2: "5", class: "grid" }, text: "" },
      { attrs: { x: "1", y: "2", "text-anchor": "middle" }, text: "a &lt; b" },
      { attrs: { dy: "-1em" }, text: "c" },
    ];
    expect(elements(svg, "line")).toEqual(read.slice(0, 1));
    expect(elements(svg, "text")).toEqual(read.slice(1));
    expect(elements(svgOf(svg), "text")).toEqual([{ ...read[1], text: "a < b" }, read[2], { attrs: {}, text: "no attributes" }]);
  });

  it("reads the texts, the text alternative and the svg element", () => {
    const svg = `<svg aria-label="a &lt; b &amp; &quot;c&quot;"><text x="1">10⁻³</text><g><text>−0.5</text></g></svg>`;
    expect(texts(svg)).toEqual(["10⁻³", "−0.5"]);
    expect(svgLabel(svg)).toBe('a < b & "c"');
    expect(svgOf(`<p>x</p>${svg}`).querySelectorAll("text").length).toBe(2);
  });
});
