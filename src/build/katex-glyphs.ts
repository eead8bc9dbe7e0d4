/**
 * Which KaTeX font file draws each character of the math on a built page.
 *
 * KaTeX writes every formula twice: MathML for assistive technology (drawn, when at
 * all, in the system's fonts) and `.katex-html`, spans whose classes choose one of
 * KaTeX's fonts through its stylesheet. This module applies those rules (the table
 * below is every rule of katex.min.css that sets font-family, font-weight or
 * font-style; tests/build/katex-fonts.test.ts checks that it still is) to the spans
 * of `.katex-html`, then matches family, weight and style to one @font-face the way
 * CSS font matching does, and answers with the font's file stem
 * ("KaTeX_Main-Regular") and the characters it draws there.
 */
import { parseHTML } from "linkedom";

type Family = "Main" | "Math" | "AMS" | "Caligraphic" | "Fraktur" | "SansSerif" | "Script" | "Typewriter" | "Size1" | "Size2" | "Size3" | "Size4";

interface Face {
  family?: Family;
  weight?: 400 | 700;
  italic?: boolean;
}

interface Rule {
  /** KaTeX's selector, as its stylesheet writes it (after `.katex `). */
  selector: string;
  matches: (el: Element) => boolean;
  face: Face;
}

const has = (el: Element | null, ...classes: string[]) => el !== null && classes.every((c) => el.classList.contains(c));
const cls = (c: string) => (el: Element) => has(el, c);
const insideMult = (el: Element) => el.closest(".delimsizing.mult") !== null;

/** katex.min.css (0.16), every rule under `.katex` that sets font-family, -weight or -style. */
export const KATEX_FONT_RULES: Rule[] = [
  { selector: ".textbf", matches: cls("textbf"), face: { weight: 700 } },
  { selector: ".textit", matches: cls("textit"), face: { italic: true } },
  { selector: ".textrm", matches: cls("textrm"), face: { family: "Main" } },
  { selector: ".texttt", matches: cls("texttt"), face: { family: "Typewriter" } },
  { selector: ".mathnormal", matches: cls("mathnormal"), face: { family: "Math", italic: true } },
  { selector: ".mathit", matches: cls("mathit"), face: { family: "Main", italic: true } },
  { selector: ".mathrm", matches: cls("mathrm"), face: { italic: false } },
  { selector: ".mathbf", matches: cls("mathbf"), face: { family: "Main", weight: 700 } },
  { selector: ".boldsymbol", matches: cls("boldsymbol"), face: { family: "Math", italic: true, weight: 700 } },
  ...["amsrm", "mathbb", "textbb"].map((c) => ({ selector: `.${c}`, matches: cls(c), face: { family: "AMS" as const } })),
  { selector: ".mathcal", matches: cls("mathcal"), face: { family: "Caligraphic" } },
  ...["mathfrak", "textfrak"].map((c) => ({ selector: `.${c}`, matches: cls(c), face: { family: "Fraktur" as const } })),
  ...["mathboldfrak", "textboldfrak"].map((c) => ({ selector: `.${c}`, matches: cls(c), face: { family: "Fraktur" as const, weight: 700 as const } })),
  { selector: ".mathtt", matches: cls("mathtt"), face: { family: "Typewriter" } },
  ...["mathscr", "textscr"].map((c) => ({ selector: `.${c}`, matches: cls(c), face: { family: "Script" as const } })),
  ...["mathsf", "textsf"].map((c) => ({ selector: `.${c}`, matches: cls(c), face: { family: "SansSerif" as const } })),
  ...["mathboldsf", "textboldsf"].map((c) => ({ selector: `.${c}`, matches: cls(c), face: { family: "SansSerif" as const, weight: 700 as const } })),
  ...["mathitsf", "mathsfit", "textitsf"].map((c) => ({ selector: `.${c}`, matches: cls(c), face: { family: "SansSerif" as const, italic: true } })),
  { selector: ".mainrm", matches: cls("mainrm"), face: { family: "Main", italic: false } },
  ...([1, 2, 3, 4] as const).map((n) => ({
    selector: `.delimsizing.size${n}`,
    matches: (el: Element) => has(el, "delimsizing", `size${n}`),
    face: { family: `Size${n}` as Family },
  })),
  ...([1, 4] as const).map((n) => ({
    selector: `.delimsizing.mult .delim-size${n}>span`,
    matches: (el: Element) => el.localName === "span" && has(el.parentElement, `delim-size${n}`) && insideMult(el),
    face: { family: `Size${n}` as Family },
  })),
  { selector: ".op-symbol.small-op", matches: (el) => has(el, "op-symbol", "small-op"), face: { family: "Size1" } },
  { selector: ".op-symbol.large-op", matches: (el) => has(el, "op-symbol", "large-op"), face: { family: "Size2" } },
];

/** The @font-face rules of katex.min.css: the faces each family has (weight, italic). */
const FACES: Record<Family, [400 | 700, boolean][]> = {
  Main: [[400, false], [700, false], [400, true], [700, true]],
  Math: [[400, true], [700, true]],
  AMS: [[400, false]],
  Caligraphic: [[400, false], [700, false]],
  Fraktur: [[400, false], [700, false]],
  SansSerif: [[400, false], [700, false], [400, true]],
  Script: [[400, false]],
  Typewriter: [[400, false]],
  Size1: [[400, false]],
  Size2: [[400, false]],
  Size3: [[400, false]],
  Size4: [[400, false]],
};

/** KaTeX's file stem for a face: KaTeX_Main-BoldItalic, KaTeX_Math-Italic, KaTeX_Size1-Regular. */
export function fontStem(family: Family, weight: number, italic: boolean): string {
  const style = `${weight === 700 ? "Bold" : ""}${italic ? "Italic" : ""}` || "Regular";
  return `KaTeX_${family}-${style}`;
}

/** CSS font matching within one family: the style first (italic falls back to upright), then the nearest weight. */
export function matchFace(family: Family, weight: 400 | 700, italic: boolean): string {
  const faces = FACES[family];
  const sameStyle = faces.filter(([, i]) => i === italic);
  const pool = sameStyle.length > 0 ? sameStyle : faces;
  const [w, i] = pool.find(([fw]) => fw === weight) ?? pool[0];
  return fontStem(family, w, i);
}

/** The face an element inside `.katex-html` is drawn with: each property from the nearest element that sets it. */
function faceOf(el: Element): string {
  let family: Family | undefined;
  let weight: 400 | 700 | undefined;
  let italic: boolean | undefined;
  for (let e: Element | null = el; e !== null && !e.classList.contains("katex"); e = e.parentElement) {
    for (const rule of KATEX_FONT_RULES) {
      if (!rule.matches(e)) continue;
      family ??= rule.face.family;
      weight ??= rule.face.weight;
      italic ??= rule.face.italic;
    }
  }
  // `.katex { font: normal 1.21em KaTeX_Main, … }` resets all three at the root.
  return matchFace(family ?? "Main", weight ?? 400, italic ?? false);
}

/** Characters that KaTeX's stylesheet itself draws (equation numbers: `"(" counter(katexEqnNo) ")"`). */
const CSS_GENERATED: Record<string, string> = { "KaTeX_Main-Regular": "()0123456789" };

/** Font file stem → the characters the math on these pages draws with it. */
export function katexGlyphs(htmlPages: Iterable<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (stem: string, text: string) => {
    let set = out.get(stem);
    if (!set) out.set(stem, (set = new Set()));
    // Spaces too: KaTeX writes U+00A0 in \text{…}, and a space the subset lacks would take a fallback font's width.
    for (const ch of text) set.add(ch);
  };
  let anyMath = false;
  for (const html of htmlPages) {
    if (!html.includes("katex-html")) continue;
    anyMath = true;
    const { document } = parseHTML(html);
    for (const root of document.querySelectorAll(".katex-html")) {
      for (const el of [root, ...root.querySelectorAll("*")]) {
        let text = "";
        for (const node of el.childNodes) if (node.nodeType === 3) text += node.textContent ?? "";
        if (text !== "") add(faceOf(el), text);
      }
    }
  }
  if (anyMath) for (const [stem, chars] of Object.entries(CSS_GENERATED)) add(stem, chars);
  return out;
}
