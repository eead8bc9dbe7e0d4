/**
 * Replaces only the children of an SVG group whose markup changed. The markup
 * is a flat list of leaf elements (no nested groups); it is compared element by
 * element with what was drawn last, and only the changed ones are parsed (in an
 * inert template: no style, no layout) and swapped in. Unchanged labels cost no
 * text layout.
 */
const drawn = new WeakMap<Element, string[]>();
const LEAF = /<(text|rect|line|circle|path|polyline|polygon|ellipse)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/g;

function parse(markup: string): Element[] {
  const template = document.createElement("template");
  template.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg">${markup}</svg>`;
  return [...template.content.firstElementChild!.children];
}

export function patchSvgChildren(parent: Element, markup: string): void {
  const next = markup.match(LEAF) ?? [];
  const before = drawn.get(parent);
  const current = parent.children;
  if (!before || before.length !== next.length || current.length !== next.length || next.join("") !== markup) {
    parent.replaceChildren(...parse(markup));
  } else {
    const changed: number[] = [];
    for (let i = 0; i < next.length; i++) if (before[i] !== next[i]) changed.push(i);
    if (changed.length) {
      const fresh = parse(changed.map((i) => next[i]).join(""));
      changed.forEach((i, k) => current[i].replaceWith(fresh[k]));
    }
  }
  drawn.set(parent, next);
}
