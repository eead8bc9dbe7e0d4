/**
 * What a lesson's first paint waits for (src/islands/islands.ts, src/layouts/Lesson.astro): no demo
 * module is fetched before it (only the page's one small island script), a demo's module loads when
 * the reader nears it, and the long body below the table of contents is laid out only when reached,
 * without clipping a focus ring.
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
