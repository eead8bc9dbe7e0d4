import { describe, expect, it } from "vitest";
import { isSiteAbsolute, pathWithBase } from "../../../../src/lib/site/paths.ts";
import { rehypeBaseLinks } from "../../../../src/build/rehype-base-links.ts";
import { stripNonWoff2 } from "../../../../src/build/katex-woff2.ts";

describe("pathWithBase", () => {
  const base = "/vanishing-gradients/";
  it.each([
    ["/", "/vanishing-gradients/"],
    ["/small-gradient/", "/vanishing-gradients/small-gradient/"],
    ["/runs/x/log.json", "/vanishing-gradients/runs/x/log.json"],
    ["/vanishing-gradients/already/", "/vanishing-gradients/already/"],
    ["/vanishing-gradients", "/vanishing-gradients"],
    ["#section", "#section"],
    ["relative/path", "relative/path"],
    ["https://example.org/", "https://example.org/"],
    ["//cdn.example.org/x", "//cdn.example.org/x"],
    ["mailto:a@b.c", "mailto:a@b.c"],
  ])("%s → %s", (input, out) => expect(pathWithBase(input, base)).toBe(out));

  it("accepts a base without the trailing slash and leaves / alone", () => {
    expect(pathWithBase("/a/", "/vg")).toBe("/vg/a/");
    expect(pathWithBase("/a/", "/")).toBe("/a/");
  });

  it("does not confuse a path that merely starts like the base", () => {
    expect(pathWithBase("/vanishing-gradients-2/", base)).toBe("/vanishing-gradients/vanishing-gradients-2/");
  });

  it("classifies site-absolute paths", () => {
    expect([isSiteAbsolute("/x"), isSiteAbsolute("//x"), isSiteAbsolute("x"), isSiteAbsolute("#x")]).toEqual([true, false, false, false]);
  });
});

describe("rehypeBaseLinks", () => {
  it("rewrites hrefs and srcs that authors write in Markdown and MDX JSX", () => {
    const tree = {
      type: "root",
      children: [
        { type: "element", tagName: "a", properties: { href: "/unstable-gradients/" }, children: [] },
        { type: "element", tagName: "img", properties: { src: "/data/x.png", srcSet: "/a.png 1x, /b.png 2x" }, children: [] },
        { type: "element", tagName: "a", properties: { href: "https://example.org/" }, children: [] },
        {
          type: "mdxJsxFlowElement",
          name: "a",
          attributes: [
            { type: "mdxJsxAttribute", name: "href", value: "/small-gradient/#demo" },
            { type: "mdxJsxAttribute", name: "title", value: "/not-a-url" },
          ],
          children: [],
        },
      ],
    };
    rehypeBaseLinks({ base: "/vg/" })(tree);
    const [a, img, ext, jsx] = tree.children as any[];
    expect(a.properties.href).toBe("/vg/unstable-gradients/");
    expect(img.properties.src).toBe("/vg/data/x.png");
    expect(img.properties.srcSet).toBe("/vg/a.png 1x, /vg/b.png 2x");
    expect(ext.properties.href).toBe("https://example.org/");
    expect(jsx.attributes[0].value).toBe("/vg/small-gradient/#demo");
    expect(jsx.attributes[1].value).toBe("/not-a-url");
  });
});

describe("stripNonWoff2", () => {
  it("keeps only the woff2 source of a KaTeX @font-face rule", () => {
    const css =
      '@font-face{font-family:KaTeX_AMS;src:url(fonts/KaTeX_AMS-Regular.woff2) format("woff2"),url(fonts/KaTeX_AMS-Regular.woff) format("woff"),url(fonts/KaTeX_AMS-Regular.ttf) format("truetype")}';
    expect(stripNonWoff2(css)).toBe('@font-face{font-family:KaTeX_AMS;src:url(fonts/KaTeX_AMS-Regular.woff2) format("woff2")}');
  });
});
