/**
 * Observable Plot, rendered to an SVG string at build time (Node, with a linkedom document),
 * made to pass the site's gates:
 *  - CSP: Plot's inline <style> element is dropped (its rules live in src/styles/global.css,
 *    under "Observable Plot charts"), and any style="…" attribute is an error, not a hash to allow;
 *  - text size: the root loses Plot's font-size and font-family, and gets class="figure-svg", so the
 *    house rule sizes its text from the container's width; the viewBox width picks a class that sets --vb;
 *  - accessibility: role="img" and an aria-label (the chart's text alternative); the marks' own
 *    aria-labels ("line", "x-axis tick"…) are dropped, since an img has no accessible children;
 *  - determinism: the same options give the same string (no clip paths, whose ids Plot counts globally).
 * Colours come from CSS classes on the marks (`className`), keyed to the theme's variables.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

/** The viewBox widths a chart may use, each with the class that sets --vb for it in global.css. */
export const PLOT_WIDTHS: Readonly<Record<number, string>> = { 480: "plot-vb-480", 560: "plot-vb-560", 640: "plot-vb-640" };
export const DEFAULT_PLOT_WIDTH = 560;

export interface RenderPlotOptions {
  /** The text alternative: what the chart shows, with its key numbers. */
  label: string;
  /** Extra classes on the <svg> (space-separated). */
  className?: string;
}

/** Plot's own stylesheet class, kept fixed so global.css can key its rules to it. */
export const PLOT_CLASS = "vg-plot";

type PlotOptions = Plot.PlotOptions;

export function renderPlot(options: PlotOptions, { label, className }: RenderPlotOptions): string {
  if (!label.trim()) throw new Error("renderPlot: a chart needs a label (its text alternative)");
  const width = options.width ?? DEFAULT_PLOT_WIDTH;
  const vbClass = PLOT_WIDTHS[width];
  if (!vbClass) {
    throw new Error(`renderPlot: width ${width} has no --vb rule in src/styles/global.css; use one of ${Object.keys(PLOT_WIDTHS).join(", ")}`);
  }
  for (const key of ["style", "title", "subtitle", "caption", "className", "document"] as const) {
    if (options[key] !== undefined) throw new Error(`renderPlot: the option "${key}" is set by renderPlot or by the figure around the chart, not by the chart`);
  }
  const { document } = parseHTML("<!doctype html><html><head></head><body></body></html>");
  const node = Plot.plot({ ...options, width, className: PLOT_CLASS, ariaLabel: label, document: document as unknown as Document }) as unknown as Element;
  if (node.tagName.toLowerCase() !== "svg") {
    // A legend (or title/caption) makes Plot wrap the SVG in a <figure> with HTML swatches and another <style>.
    throw new Error(`renderPlot: Plot returned a <${node.tagName.toLowerCase()}>, not an <svg>; draw legends as direct labels or in the figure's HTML`);
  }
  for (const s of [...node.querySelectorAll("style")]) s.remove();
  for (const a of ["font-size", "font-family", "width", "height"]) node.removeAttribute(a);
  node.setAttribute("class", ["figure-svg", "plot-chart", PLOT_CLASS, vbClass, ...(className ?? "").split(/\s+/)].filter(Boolean).join(" "));
  node.setAttribute("role", "img");
  node.setAttribute("aria-label", label);
  for (const el of node.querySelectorAll("*")) {
    el.removeAttribute("aria-label");
    el.removeAttribute("aria-description");
    const tag = el.tagName.toLowerCase();
    // Anything Plot writes that would break a gate is a mistake in the chart's options: say so.
    for (const bad of ["style", "font-size", "font-family", "id"]) {
      if (el.hasAttribute(bad)) {
        throw new Error(`renderPlot: Plot wrote ${bad}="${el.getAttribute(bad)}" on a <${tag}> in "${label.slice(0, 60)}…"; ` +
          (bad === "style" ? "the CSP blocks style attributes: set it through a class in src/styles/global.css" :
           bad === "id" ? "ids (clip paths, markers) are counted across charts and make the output depend on what rendered before: drop the option that needs it" :
           "figure text is sized by CSS (.figure-svg): drop the fontSize option"));
      }
    }
  }
  return node.outerHTML;
}
