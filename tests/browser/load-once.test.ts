/**
 * The islands that fetch data (DemoElement.loadOnce) fetch each file once, however often the
 * reader touches them: focus, pointer and several slider moves before and after the data
 * arrives each ask for it, and every file under runs/ or derived/ is still requested exactly once.
 */
import { describe, expect, inject, it } from "vitest";
import { openPage, sharedBrowser } from "../support/browser.ts";

const baseUrl = inject("baseUrl");
const browser = sharedBrowser();

const CASES = [
  { tag: "vg-collision", page: "invisible-pixels/", input: "t" },
  { tag: "vg-pixels", page: "invisible-pixels/", input: "threshold" },
  { tag: "vg-plane", page: "flat-here/", input: "alpha" },
] as const;

describe("loading on first touch", () => {
  for (const c of CASES) {
    it(`<${c.tag}> fetches each of its files once however often it is touched`, async () => {
      const w = await openPage(browser(), baseUrl + c.page);
      const page = w.page;
      const requests: string[] = [];
      page.on("request", (r) => {
        if (/\/(runs|derived)\//.test(r.url())) requests.push(r.url());
      });
      const demo = page.locator(c.tag).first();
      const input = demo.locator(`[data-role="${c.input}"]`);
      await input.focus();
      for (let i = 0; i < 3; i++) {
        await input.press("ArrowLeft");
        await input.press("ArrowRight");
      }
      await demo.click({ position: { x: 2, y: 2 } });
      await expect.poll(() => demo.locator('[data-role="status"]').textContent(), { timeout: 20_000 }).toBe("");
      for (let i = 0; i < 3; i++) await input.press("ArrowLeft");
      await page.waitForLoadState("networkidle");
      await expect(demo.getAttribute("data-state")).resolves.not.toBe("failed");
      expect(requests.length).toBeGreaterThan(1);
      const counts = new Map<string, number>();
      for (const u of requests) counts.set(u, (counts.get(u) ?? 0) + 1);
      expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
      await page.context().close();
    });
  }
});
