/**
 * The Content-Security-Policy in a real browser: every built page (the list comes
 * from the build) loads and runs each of its demos through its controls without a
 * single violation report, console error or request to another origin.
 */
import { describe, expect, inject, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { reachDemos, sharedBrowser, watchedPage } from "../support/browser.ts";
import { builtPages, demoTags } from "../support/built-pages.ts";
import { exerciseDemo, settle } from "../support/demos.ts";

const dist = inject("distDir");
const baseUrl = inject("baseUrl");
const origin = new URL(baseUrl).origin;
const browser = sharedBrowser();
const pages = await builtPages(dist);

/** The one console error a 404 page always has: Chromium reporting the page's own status. */
const NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)";

describe("Content-Security-Policy in the browser", () => {
  it.each(pages)("$file: no violation, no console error, no foreign request, with every demo exercised", async ({ file, path, status }) => {
    const html = await readFile(join(dist, file), "utf8");
    const w = await watchedPage(browser(), origin);
    const res = await w.page.goto(baseUrl + path, { waitUntil: "networkidle" });
    expect(res?.status()).toBe(status);
    const policy = await w.page.locator('meta[http-equiv="content-security-policy"]').getAttribute("content");
    expect(policy).toContain("default-src 'none'");
    // A demo loads when the reader nears it (src/islands/islands.ts).
    await reachDemos(w.page);
    for (const tag of demoTags(html)) {
      const demos = w.page.locator(tag);
      for (let i = 0; i < (await demos.count()); i++) {
        await expect.poll(() => demos.nth(i).locator('[data-role="controls"]').isVisible(), { message: `${tag} #${i} upgraded` }).toBe(true);
        expect(await exerciseDemo(demos.nth(i)), `${tag} #${i} has controls`).toBeGreaterThan(0);
      }
    }
    await w.page.waitForLoadState("networkidle");
    await settle(w.page);
    expect(w.csp).toEqual([]);
    expect(w.errors).toEqual(status === 404 ? [NOT_FOUND] : []);
    expect(w.foreign).toEqual([]);
    await w.page.context().close();
  });

  it("reports what the policy blocks: a style attribute it does not know, an inline handler, a foreign request", async () => {
    const page = pages.find((p) => p.file !== "404.html" && p.file !== "index.html") ?? pages[0];
    const w = await watchedPage(browser(), origin);
    await w.page.goto(baseUrl + page.path, { waitUntil: "networkidle" });
    const outcome = await w.page.evaluate(async () => {
      const probe = document.createElement("div");
      probe.setAttribute("style", "color: rgb(1, 2, 3)");
      probe.setAttribute("onclick", "window.__vgClicked = true");
      document.body.append(probe);
      probe.click();
      const img = new Image();
      img.src = "https://example.com/pixel.png";
      document.body.append(img);
      await new Promise((ok) => setTimeout(ok, 50));
      return { colour: getComputedStyle(probe).color, clicked: "__vgClicked" in window };
    });
    await settle(w.page);
    expect(outcome.clicked).toBe(false);
    expect(outcome.colour).not.toBe("rgb(1, 2, 3)");
    expect(w.csp.some((v) => v.startsWith("style-src-attr blocked inline"))).toBe(true);
    expect(w.csp.some((v) => v.startsWith("script-src-attr blocked inline"))).toBe(true);
    expect(w.csp.some((v) => v.startsWith("img-src blocked https://example.com/pixel.png"))).toBe(true);
    await w.page.context().close();
  });

  it("lets through the style attributes the page was built with (KaTeX's layout is intact)", async () => {
    const styled: typeof pages = [];
    for (const p of pages) if (/\sstyle="/.test(await readFile(join(dist, p.file), "utf8"))) styled.push(p);
    const lesson = styled[0];
    expect(lesson).toBeDefined();
    const w = await watchedPage(browser(), origin);
    await w.page.goto(baseUrl + lesson!.path, { waitUntil: "networkidle" });
    // Every element with a style attribute has it applied: its inline declarations are
    // reflected in the CSSOM, which a blocked attribute leaves empty.
    const { total, empty } = await w.page.evaluate(() => {
      const styled = [...document.querySelectorAll<HTMLElement>("[style]")];
      return { total: styled.length, empty: styled.filter((el) => el.getAttribute("style")!.trim() !== "" && el.style.length === 0).length };
    });
    expect(total).toBeGreaterThan(0);
    expect(empty).toBe(0);
    expect(w.csp).toEqual([]);
    await w.page.context().close();
  });
});
