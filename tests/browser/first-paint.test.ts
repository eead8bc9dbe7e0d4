/**
 * What a lesson's first paint waits for (src/islands/islands.ts, src/layouts/Lesson.astro): no demo
 * module is fetched before it (only the page's one small island script), a demo's module loads when
 * the reader nears it, and the long body below the table of contents is laid out only when reached,
 * without clipping a focus ring; no script lays it out early by measuring it (src/islands/table-scroll.ts).
 */
import { describe, expect, inject, it } from "vitest";
import { sharedBrowser, watchedPage } from "../support/browser.ts";

const baseUrl = inject("baseUrl");
const browser = sharedBrowser();
const origin = new URL(baseUrl).origin;

describe("first paint of a lesson with demos far below the first screen (/flat-here/)", () => {
  it("fetches no demo module before the reader nears a demo; scrolling to one loads it and upgrades it", async () => {
    const w = await watchedPage(browser(), origin, { viewport: { width: 412, height: 823 } });
    await w.page.goto(baseUrl + "flat-here/", { waitUntil: "networkidle" });
    const scripts = () => w.page.evaluate(() => performance.getEntriesByType("resource").filter((r) => (r as PerformanceResourceTiming).initiatorType === "script" || r.name.endsWith(".js")).map((r) => r.name.replace(/.*\//, "")));
    const before = await scripts();
    expect(before.length, before.join(", ")).toBe(1);
    expect(before[0]).toMatch(/^Islands\./);
    expect(await w.page.evaluate(() => customElements.get("vg-plane") === undefined)).toBe(true);
    await w.page.locator("vg-plane").first().scrollIntoViewIfNeeded();
    await w.page.waitForFunction(() => customElements.get("vg-plane") !== undefined && !(document.querySelector('vg-plane [data-role="controls"]') as HTMLElement).hidden);
    expect((await scripts()).length).toBeGreaterThan(1);
    await w.page.context().close();
  });

  it("lays out the blocks after the table of contents only when reached, with room for a focus ring", async () => {
    const w = await watchedPage(browser(), origin, { viewport: { width: 412, height: 823 } });
    await w.page.goto(baseUrl + "flat-here/", { waitUntil: "networkidle" });
    const blocks = await w.page.evaluate(() =>
      [...document.querySelectorAll(".lesson > .lead ~ :not(.toc)")].map((el) => {
        const s = getComputedStyle(el);
        return { cv: s.contentVisibility, clip: parseFloat(s.overflowClipMargin) || 0 };
      }),
    );
    expect(blocks.length).toBeGreaterThan(20);
    // global.css draws focus as a 3px outline 2px outside the element: 5px must fit outside a block's edge.
    for (const b of blocks) expect(b).toEqual({ cv: "auto", clip: expect.toSatisfy((c: number) => c >= 5) });
    const top = await w.page.evaluate(() => ["h1", ".lead", ".toc"].map((s) => getComputedStyle(document.querySelector(s)!).contentVisibility));
    expect(top).toEqual(["visible", "visible", "visible"]);
    await w.page.context().close();
  });
});

/**
 * A script that reads a style or a size inside a block the browser has not laid out yet (content-visibility)
 * forces that layout at once, in the script's task. table-scroll once read every table ancestor's overflow at
 * load: 2-8 forced layouts, 20-130 ms on a desktop CPU after the first paint (four times that on Lighthouse's
 * phone), Lighthouse's whole Total Blocking Time on these pages. Now a table is looked at only when it nears
 * the viewport: at most one small block near the top, about 1 ms.
 */
describe("scripts at load do not lay out the lesson below the first screen", () => {
  const FORCED_MS = 15;
  it.each(["fixes/", "learning-speed/", "through-time/"])(`/%s: script-forced layout before the reader scrolls, under ${FORCED_MS} ms in all`, async (path) => {
    const w = await watchedPage(browser(), origin, { viewport: { width: 412, height: 823 } });
    await browser().startTracing(w.page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.stack"] });
    await w.page.goto(baseUrl + path, { waitUntil: "networkidle" });
    await w.page.waitForTimeout(300);
    type Ev = { name: string; dur?: number; args?: { beginData?: { frame?: string; url?: string; stackTrace?: { functionName: string; lineNumber: number }[] } } };
    const events = (JSON.parse((await browser().stopTracing()).toString()) as { traceEvents: Ev[] }).traceEvents;
    const frame = events.find((e) => e.name === "ParseHTML" && e.args?.beginData?.url === baseUrl + path)?.args?.beginData?.frame;
    expect(frame, "the page's frame in the trace").toBeDefined();
    // A layout with a script on its stack was forced by that script; the browser's own layouts carry none.
    const forced = events.filter((e) => e.name === "Layout" && e.args?.beginData?.frame === frame && e.args.beginData.stackTrace?.length);
    const ms = forced.reduce((sum, e) => sum + (e.dur ?? 0) / 1000, 0);
    const where = forced.map((e) => `${((e.dur ?? 0) / 1000).toFixed(1)} ms at ${e.args!.beginData!.stackTrace!.map((f) => `${f.functionName || "(top)"}:${f.lineNumber}`).join(" < ")}`);
    expect(ms, where.join("; ")).toBeLessThan(FORCED_MS);
    await w.page.context().close();
  });
});
