/**
 * Updates an SVG group to new markup while touching as little of the page as
 * possible. The markup is a flat list of leaf elements (no nested groups). Each
 * leaf is compared with what was drawn last:
 *   unchanged                         → left alone (no style, no text layout);
 *   same element, other values/text   → its attributes and text are set in place;
 *   anything else                     → parsed in an inert template and swapped in.
 * The first comparison is with the server-rendered children, so loading a page
 * with a demo in its default state changes nothing.
 */
const drawn = new WeakMap<Element, string[]>();
const LEAF = /<(text|rect|line|circle|path|polyline|polygon|ellipse)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/g;
const OPEN = /^<(\w+)((?:\s+[\w:-]+="[^"]*")*)\s*\/?>/;
const ATTR = /([\w:-]+)="([^"]*)"/g;
const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const decode = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

interface Leaf {
  tag: string;
  attrs: [string, string][];
  text: string | null;
}

function leaf(markup: string): Leaf | null {
  const m = OPEN.exec(markup);
  if (!m) return null;
  const attrs: [string, string][] = [];
  for (const a of m[2].matchAll(ATTR)) attrs.push([a[1], decode(a[2])]);
  const close = `</${m[1]}>`;
  let text = markup.endsWith(close) ? markup.slice(m[0].length, -close.length) : null;
  // The browser serialises an empty <path/> as <path></path>: the same leaf.
  if (text === "" && m[1] !== "text") text = null;
  if (text !== null && text.includes("<")) return null; // markup inside: not a plain leaf
  return { tag: m[1], attrs, text: text === null ? null : decode(text) };
}

/** Sets el to look like next, if it is the same kind of element with the same attribute names. */
function updateInPlace(el: Element, before: string, next: string): boolean {
  const a = leaf(before);
  const b = leaf(next);
  if (!a || !b || a.tag !== b.tag || a.attrs.length !== b.attrs.length || (a.text === null) !== (b.text === null)) return false;
  for (let i = 0; i < a.attrs.length; i++) if (a.attrs[i][0] !== b.attrs[i][0]) return false;
  for (let i = 0; i < b.attrs.length; i++) if (a.attrs[i][1] !== b.attrs[i][1]) el.setAttribute(b.attrs[i][0], b.attrs[i][1]);
  if (b.text !== null && a.text !== b.text) el.textContent = b.text;
  return true;
}

function parse(markup: string): Element[] {
  const template = document.createElement("template");
  template.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg">${markup}</svg>`;
  return [...template.content.firstElementChild!.children];
}

export function patchSvgChildren(parent: Element, markup: string): void {
  const next = markup.match(LEAF) ?? [];
  // The first time, compare with what the server rendered, so that an unchanged
  // figure is not drawn a second time when the page loads.
  const before = drawn.get(parent) ?? [...parent.children].map((c) => c.outerHTML);
  const current = parent.children;
  if (!before || before.length !== next.length || current.length !== next.length || next.join("") !== markup) {
    parent.replaceChildren(...parse(markup));
  } else {
    const replace: number[] = [];
    for (let i = 0; i < next.length; i++) {
      if (before[i] !== next[i] && !updateInPlace(current[i], before[i], next[i])) replace.push(i);
    }
    if (replace.length) {
      const fresh = parse(replace.map((i) => next[i]).join(""));
      replace.forEach((i, k) => current[i].replaceWith(fresh[k]));
    }
  }
  drawn.set(parent, next);
}
