/**
 * What a lesson's first paint waits for (src/islands/islands.ts, src/layouts/Lesson.astro): no demo
 * module is fetched before it (only the page's one small island script), a demo's module loads when
 * the reader nears it, and the long body below the table of contents is laid out only when reached,
 * without clipping a focus ring; no script lays it out early by measuring it (src/islands/table-scroll.ts);
 * a page opened at a heading does not move when the blocks around it and the demo beside it are laid out.
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
    const forced = events.filter((e) => e.name === "Layout" && e.args?.beginData?.frame === frame && e.args?.beginData?.stackTrace?.length);
    const ms = forced.reduce((sum, e) => sum + (e.dur ?? 0) / 1000, 0);
    const where = forced.map((e) => `${((e.dur ?? 0) / 1000).toFixed(1)} ms at ${e.args!.beginData!.stackTrace!.map((f) => `${f.functionName || "(top)"}:${f.lineNumber}`).join(" < ")}`);
    expect(ms, where.join("; ")).toBeLessThan(FORCED_MS);
    await w.page.context().close();
  });
});

/**
 * A page opened at a heading (a lesson's link to another, a table of contents entry) must not jump. It used
 * to, twice over: the blocks around the target were painted at their placeholder heights and grew a frame
 * later (`:target` applies only once the browser has scrolled), pushing the target, the text after it or the
 * footer across the screen (learning-speed#sources-heading 0.54, invisible-pixels#summary 0.31, flat-here 0.16);
 * and a demo beside it, upgraded after the first paint, revealed its controls and, in the trainer, a status
 * line and weight tiles above the charts (fixes 0.18). Now a page opened at a heading lays out the whole
 * lesson first (vg-at-fragment, src/layouts/Lesson.astro), and what an upgrade reveals keeps its room,
 * invisible, until then (global.css, data-reserve).
 */
describe("a page opened at a heading does not move, nor when a demo beside it upgrades", () => {
  it.each([
    ["flat-here/", "flat-for-a-long-stretch-then-a-cliff", "vg-plateau"],
    ["fixes/", "try-the-fixes-yourself", "vg-trainer"],
    ["through-time/", "train-one-yourself", "vg-through-time"],
    ["learning-speed/", "sources-heading", "vg-trainer"],
    ["invisible-pixels/", "summary", null],
  ])("/%s#%s: no layout shift (%s upgraded)", async (path, id, tag) => {
    const w = await watchedPage(browser(), origin, { viewport: { width: 412, height: 823 } });
    await w.page.addInitScript(() => {
      const shifts: string[] = ((window as unknown as { __shifts: string[] }).__shifts = []);
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node?: Node }[] })[]) {
          if (!e.hadRecentInput) shifts.push(`${e.value.toFixed(4)} (${e.sources.map((s) => (s.node as Element | undefined)?.className || s.node?.nodeName).join(", ")})`);
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    await w.page.goto(`${baseUrl}${path}#${id}`, { waitUntil: "networkidle" });
    expect(await w.page.evaluate(() => document.documentElement.classList.contains("vg-at-fragment"))).toBe(true);
    if (tag) await w.page.waitForFunction((tag) => customElements.get(tag) !== undefined && !(document.querySelector(`${tag} [data-role="controls"]`) as HTMLElement).hidden, tag);
    else await w.page.waitForTimeout(500);
    // Two frames more, for the observer to report.
    await w.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await w.page.evaluate(() => (window as unknown as { __shifts: string[] }).__shifts)).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.csp).toEqual([]);
    await w.page.context().close();
  });

  it("a settings link (#vg?…) is not a heading: the lesson below the first screen is still laid out only when reached", async () => {
    const w = await watchedPage(browser(), origin, { viewport: { width: 412, height: 823 } });
    await w.page.goto(`${baseUrl}flat-here/#vg?plane.lr=0.1`, { waitUntil: "networkidle" });
    expect(await w.page.evaluate(() => [document.documentElement.classList.contains("vg-at-fragment"), getComputedStyle(document.querySelector(".lesson > .toc ~ h2")!).contentVisibility])).toEqual([false, "auto"]);
    await w.page.context().close();
  });
});
