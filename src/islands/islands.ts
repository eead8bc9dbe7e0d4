/**
 * The one script a page with demos asks for before interaction (src/components/Islands.astro,
 * rendered by every demo wrapper). It holds no demo code: it imports a demo's element module
 * (one dynamic import per kind) when the reader nears the demo. Until then the reader sees the
 * static figure the build drew (the controls stay hidden until a demo upgrades). Before, every
 * demo's module was a script in the HTML: fetched at high priority, run before the first frame
 * (its upgrade redraws the figure and reveals the controls), and on a phone the first paint
 * waited for all of it.
 *
 * A new demo adds one line to ISLANDS (tests/unit/islands/islands.test.ts checks that every
 * vg-* element an island defines is listed).
 */
export const ISLANDS: Readonly<Record<string, () => Promise<unknown>>> = {
  "vg-chain": () => import("./chain/element.ts"),
  "vg-collision": () => import("./collision/element.ts"),
  "vg-contour": () => import("./contour/element.ts"),
  "vg-descent-1d": () => import("./descent-1d/element.ts"),
  "vg-pixels": () => import("./pixels/element.ts"),
  "vg-plane": () => import("./plane/element.ts"),
  "vg-plateau": () => import("./plateau/element.ts"),
  "vg-through-time": () => import("./through-time/element.ts"),
  "vg-trainer": () => import("./trainer/element.ts"),
};

/** The demo kinds present under `root`, in ISLANDS' order. */
export function islandsIn(root: ParentNode): string[] {
  return Object.keys(ISLANDS).filter((tag) => root.querySelector(tag) !== null);
}

/** How far outside the screen a demo starts loading: one screen ahead, so it is ready when the reader gets there. */
export const AHEAD = "100% 0px";

/**
 * Imports each demo kind when the first of its elements comes within a screen of the viewport
 * (all elements of that kind upgrade then). Intersection observers report after a frame has
 * been laid out, so nothing loads before the first paint, and a demo the reader never scrolls
 * near costs nothing. A module that fails to load is reported, not thrown: the page keeps the
 * figure the build drew.
 */
export function loadIslands(win: Window & typeof globalThis = window): void {
  const tags = islandsIn(win.document);
  if (!tags.length) return;
  const started = new Set<string>();
  const near = new win.IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        const tag = e.target.localName;
        if (!e.isIntersecting || started.has(tag)) continue;
        started.add(tag);
        for (const el of win.document.querySelectorAll(tag)) near.unobserve(el);
        ISLANDS[tag]().catch((err: unknown) => console.error(`<${tag}>: its script did not load (${(err as Error).message}); the page keeps the figure the build drew`));
      }
    },
    { rootMargin: AHEAD },
  );
  for (const tag of tags) for (const el of win.document.querySelectorAll(tag)) near.observe(el);
}
