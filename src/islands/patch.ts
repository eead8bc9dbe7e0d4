/**
 * Replaces only the children of an SVG group whose markup changed. The new
 * markup is parsed in an inert template (no style, no layout), compared child by
 * child with what was drawn last, and only the changed nodes enter the page:
 * unchanged labels cost no text layout.
 */
const drawn = new WeakMap<Element, string[]>();

export function patchSvgChildren(parent: Element, markup: string): void {
  const template = document.createElement("template");
  template.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg">${markup}</svg>`;
  const fresh = [...template.content.firstElementChild!.children];
  const next = fresh.map((n) => n.outerHTML);
  const before = drawn.get(parent);
  const current = parent.children;
  if (!before || before.length !== next.length || current.length !== next.length) {
    parent.replaceChildren(...fresh);
  } else {
    for (let i = next.length - 1; i >= 0; i--) {
      if (before[i] !== next[i]) current[i].replaceWith(fresh[i]);
    }
  }
  drawn.set(parent, next);
}
