/** subset-font ships no types: the part of its API src/build/katex-subset.ts uses. */
declare module "subset-font" {
  export default function subsetFont(
    font: Uint8Array,
    text: string,
    options?: { targetFormat?: "sfnt" | "woff" | "woff2" | "truetype"; noLayoutClosure?: boolean; preserveNameIds?: number[] },
  ): Promise<Buffer>;
}
