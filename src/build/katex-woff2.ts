/**
 * Vite plugin: KaTeX's stylesheet lists woff2, woff and ttf for every font, and
 * Vite would copy all three into the build. Every browser this course supports
 * reads woff2, so the other two are dropped from the @font-face rules and never shipped.
 */
export function stripNonWoff2(css: string): string {
  return css.replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\(["'](?:woff|truetype)["']\)/g, "");
}

export function katexWoff2Only() {
  return {
    name: "vg:katex-woff2-only",
    enforce: "pre" as const,
    transform(code: string, id: string) {
      if (/[\\/]katex[\\/]dist[\\/]katex(\.min)?\.css(\?|$)/.test(id)) {
        return { code: stripNonWoff2(code), map: null };
      }
      return null;
    },
  };
}
