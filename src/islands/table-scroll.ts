/**
 * Tables wider than their column scroll sideways inside their region (a `.table-scroll`, or any
 * ancestor with overflow-x: auto); while a region overflows, a hint above it says so
 * (`<p class="scroll-hint" data-scroll-hint>`), and goes when the region fits again (a wider
 * screen, a folded table opened, a demo's table redrawn narrower). The first column stays in
 * place by CSS (global.css); this only adds the words. Without JavaScript the table still scrolls.
 */
export const SCROLL_HINT = "Scroll sideways for more columns →";

/** The nearest ancestor of `table` that scrolls sideways, below <main>. */
export function scrollRegion(table: Element): HTMLElement | null {
  for (let el = table.parentElement; el && el.localName !== "main"; el = el.parentElement) {
    const o = getComputedStyle(el).overflowX;
    if (o === "auto" || o === "scroll") return el;
  }
  return null;
}

function update(region: HTMLElement): void {
  const over = region.scrollWidth > region.clientWidth + 1;
  let hint = region.previousElementSibling as HTMLElement | null;
  if (!hint?.hasAttribute("data-scroll-hint")) {
    if (!over) return;
    hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.setAttribute("data-scroll-hint", "");
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = SCROLL_HINT;
    region.before(hint);
  }
  hint.hidden = !over;
}

const resized = new ResizeObserver((entries) => {
  for (const e of entries) {
    const region = e.target instanceof HTMLTableElement ? scrollRegion(e.target) : (e.target as HTMLElement);
    if (region) update(region);
  }
});
// A demo that redraws its table replaces it: watch the new one too.
const replaced = new MutationObserver((records) => {
  for (const r of records) for (const t of (r.target as HTMLElement).querySelectorAll("table")) resized.observe(t);
});

// Nothing is looked up or measured until a table comes within a screen of the viewport: a long
// lesson's blocks far below are not laid out until the reader nears them (content-visibility,
// src/layouts/Lesson.astro), and even reading an ancestor's computed overflow there (scrollRegion)
// forces that block's layout. Walking every table's ancestors at load laid out the whole lesson in
// one task after the first paint (~60-100 ms on a desktop CPU, four times that on a phone). The
// hint then goes in while the region is still off screen, so nothing the reader sees moves.
// The observer watches each table's parent, which stays when a demo replaces its table.
const regions = new Set<HTMLElement>();
const near = new IntersectionObserver(
  (entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      near.unobserve(e.target);
      const table = e.target.querySelector("table");
      const region = table && scrollRegion(table);
      if (!region || regions.has(region)) continue;
      regions.add(region);
      resized.observe(region);
      for (const t of region.querySelectorAll("table")) resized.observe(t);
      replaced.observe(region, { childList: true });
    }
  },
  { rootMargin: "100% 0px" },
);

for (const table of document.querySelectorAll("main table")) if (table.parentElement) near.observe(table.parentElement);
