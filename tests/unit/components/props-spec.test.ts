/**
 * COMPONENT_PROPS (src/components/props.ts) against what it describes, each by its own oracle:
 * the ranges and defaults against what each island's parseSettings does with values far outside
 * and with nothing; the defaults against the components' own destructuring; the list of
 * components against what the lessons import; every component checks its props.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { COMPONENT_PROPS, type PropSpec } from "../../../src/components/props.ts";
import * as chain from "../../../src/islands/chain/settings.ts";
import * as collision from "../../../src/islands/collision/settings.ts";
import * as contour from "../../../src/islands/contour/settings.ts";
import * as descent from "../../../src/islands/descent-1d/settings.ts";
import * as pixels from "../../../src/islands/pixels/settings.ts";
import * as plane from "../../../src/islands/plane/settings.ts";
import * as plateau from "../../../src/islands/plateau/settings.ts";

const ROOT = join(import.meta.dirname, "../../..");
const specs: Record<string, Record<string, PropSpec>> = COMPONENT_PROPS;
const source = (name: string) => readFileSync(join(ROOT, "src/components", `${name}.astro`), "utf8");

/** Each demo's settings parser, as its component calls it, on one prop. */
const parsers: Record<string, (raw: Record<string, unknown>) => Record<string, unknown>> = {
  ContourDemo: (raw) => ({ ...contour.parseSettings(raw) }),
  DescentDemo: (raw) => ({ ...descent.parseSettings(raw) }),
  PlateauDemo: (raw) => ({ ...plateau.parseSettings(raw) }),
  PixelsDemo: (raw) => ({ ...pixels.parseSettings(raw) }),
  CollisionDemo: (raw) => ({ ...collision.parseSettings(raw) }),
  PlaneDemo: (raw) => ({ ...plane.parseSettings(raw) }),
  // The component passes w and b entry by entry (w1 … w4); the range is the same for each.
  ChainDemo: (raw) => {
    const s = chain.parseSettings({ x: raw.x as number, w1: (raw.w as number[] | undefined)?.[0], b1: (raw.b as number[] | undefined)?.[0] });
    return { x: s.x, w: [s.w[0]], b: [s.b[0]] };
  },
};
const wrap = (name: string, key: string, v: number) => (name === "ChainDemo" && key !== "x" ? { [key]: [v] } : { [key]: v });
const unwrap = (name: string, key: string, v: unknown) => (name === "ChainDemo" && key !== "x" ? (v as number[])[0] : v);

describe("a demo's ranges are the ones its island clamps to", () => {
  const cases = Object.entries(parsers).flatMap(([name]) =>
    Object.entries(specs[name])
      .filter(([, s]) => (s.type === "number" || s.type === "integer" || s.type === "number[]") && s.min !== undefined && s.max !== undefined)
      .map(([key, s]) => [name, key, s] as const),
  );
  it.each(cases)("%s %s", (name, key, s) => {
    const far = 1e6;
    const parse = parsers[name];
    expect(unwrap(name, key, parse(wrap(name, key, s.max! + far))[key]), "above the range").toBeCloseTo(s.max!, 9);
    expect(unwrap(name, key, parse(wrap(name, key, s.min! - far))[key]), "below the range").toBeCloseTo(s.min!, 9);
  });
  it("covers every demo's numeric settings", () => {
    expect(cases.map(([n, k]) => `${n}.${k}`)).toEqual([
      "ContourDemo.a", "ContourDemo.eta", "ContourDemo.steps", "ContourDemo.x0", "ContourDemo.y0",
      "DescentDemo.start", "DescentDemo.eta", "DescentDemo.steps",
      "PlateauDemo.eta", "PlateauDemo.steps", "PlateauDemo.y0",
      "PixelsDemo.threshold", "PixelsDemo.unlucky", "PixelsDemo.influence",
      "CollisionDemo.t",
      "PlaneDemo.alpha", "PlaneDemo.beta",
      "ChainDemo.w", "ChainDemo.b", "ChainDemo.x",
    ]);
  });
  it("the sample positions (digit, source, target) start at 0 and end where the data does", () => {
    expect(pixels.parseSettings({ digit: -5 }, 302).digit).toBe(specs.PixelsDemo.digit.min);
    expect(pixels.parseSettings({ digit: 1e6 }, 302).digit).toBe(301);
    expect(collision.parseSettings({ source: -5, target: 1e6 }, 302)).toMatchObject({ source: specs.CollisionDemo.source.min, target: 301 });
  });
  it("a step is given only where the island snaps to it", () => {
    for (const [name, parse] of Object.entries(parsers)) {
      for (const [key, s] of Object.entries(specs[name])) {
        if (s.type !== "number" || s.min === undefined || s.max === undefined) continue;
        const between = s.min + (s.max - s.min) * 0.3337;
        const used = unwrap(name, key, parse(wrap(name, key, between))[key]) as number;
        if (s.step) expect(used, `${name}.${key} snaps`).toBeCloseTo(Math.round(between / s.step) * s.step, 9);
        else expect(used, `${name}.${key} does not snap`).toBe(between);
      }
    }
  });
});

describe("defaults", () => {
  it("of the demos' settings are what the island uses when the prop is absent", () => {
    for (const [name, parse] of Object.entries(parsers)) {
      const none = parse({});
      for (const [key, s] of Object.entries(specs[name])) {
        if (key in none) expect(s.default, `${name}.${key}`).toEqual(name === "ChainDemo" && key !== "x" ? chain.DEFAULTS[key as "w" | "b"] : none[key]);
      }
    }
  });
  it("written in a component's destructuring of Astro.props are the spec's", () => {
    let compared = 0;
    for (const [name, spec] of Object.entries(specs)) {
      const m = /const \{([^}]*)\} = Astro\.props;/.exec(source(name));
      if (!m) continue;
      for (const [, key, literal] of m[1].matchAll(/(\w+) = ("[^"]*"|-?[\d.]+|true|false)/g)) {
        expect(spec[key]?.default, `${name}: ${key} = ${literal}`).toEqual(JSON.parse(literal));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });
});

describe("the components", () => {
  it("cover every component a lesson imports, and each checks its props", () => {
    const dir = join(ROOT, "content/lessons");
    const imported = new Set<string>();
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".mdx"))) {
      for (const [, name] of readFileSync(join(dir, f), "utf8").matchAll(/src\/components\/(\w+)\.astro/g)) imported.add(name);
    }
    expect(imported.size).toBeGreaterThan(15);
    for (const name of imported) expect(Object.keys(specs), `${name}, imported by a lesson`).toContain(name);
    for (const name of Object.keys(specs)) expect(source(name), `${name}.astro`).toContain(`checkProps(Astro, "${name}"`);
  });
  it("take exactly the props their Props interface declares (where it lists them)", () => {
    for (const [name, spec] of Object.entries(specs)) {
      const m = /interface Props \{([\s\S]*?)\n\}/.exec(source(name));
      if (!m) continue;
      const declared = [...m[1].matchAll(/^\s*(\w+)\??:/gm)].map((x) => x[1]);
      expect(declared.sort(), name).toEqual(Object.keys(spec).sort());
    }
  });
  it("every prop has a one-line description and a type", () => {
    for (const [name, spec] of Object.entries(specs)) {
      for (const [key, s] of Object.entries(spec)) {
        expect(s.doc, `${name}.${key}`).toMatch(/^\S.{9,}$/);
        expect(s.doc, `${name}.${key}`).not.toContain("\n");
      }
    }
  });
});
