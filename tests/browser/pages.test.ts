/** Every page in a real browser, served under the base path. */
import { describe, expect, inject, it } from "vitest";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { demosUpgraded, sharedBrowser, watchedPage } from "../support/browser.ts";
import { ROOT } from "../support/build-site.ts";

const baseUrl = inject("baseUrl");
const origin = new URL(baseUrl).origin;
const browser = sharedBrowser();

const slugs = (await readdir(join(ROOT, "content/lessons"))).filter((f) => f.endsWith(".mdx")).map((f) => f.replace(/\.mdx$/, ""));
const pages = ["", ...slugs.map((s) => `${s}/`)];

describe("pages", () => {
  it.each(pages)("/%s loads with no console error and no request to another origin", async (path) => {
    const w = await watchedPage(browser(), origin);
    const res = await w.page.goto(baseUrl + path, { waitUntil: "networkidle" });
    expect(res?.status()).toBe(200);
    expect(await w.page.locator("h1").count()).toBe(1);
    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    await w.page.context().close();
  });

  it("serves the 404 page for an unknown address, with a working link home", async () => {
    const w = await watchedPage(browser(), origin);
    const res = await w.page.goto(baseUrl + "no-such-lesson/", { waitUntil: "networkidle" });
    expect(res?.status()).toBe(404);
    await expect(w.page.locator("h1").textContent()).resolves.toBe("Page not found");
    await w.page.getByRole("link", { name: "Go to the list of lessons" }).click();
    await w.page.waitForURL(baseUrl);
    // The only error allowed is Chromium reporting the 404 status of the page itself.
    expect(w.errors).toEqual(["Failed to load resource: the server responded with a status of 404 (Not Found)"]);
    expect(w.foreign).toEqual([]);
    await w.page.context().close();
  });

  it("follows the reader's colour scheme", async () => {
    const colours: string[] = [];
    for (const colorScheme of ["light", "dark"] as const) {
      const w = await watchedPage(browser(), origin, { colorScheme });
      await w.page.goto(baseUrl + "small-gradient/");
      colours.push(await w.page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      await w.page.context().close();
    }
    expect(colours[0]).toBe("rgb(253, 252, 249)");
    expect(colours[1]).toBe("rgb(22, 23, 27)");
  });

  it.each(slugs)("/%s/ prints without navigation and demo controls, with its figures", async (slug) => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(baseUrl + slug + "/", { waitUntil: "networkidle" });
    await w.page.emulateMedia({ media: "print" });
    expect(await w.page.locator(".lesson-nav").isVisible()).toBe(false);
    expect(await w.page.locator(".site-header nav").isVisible()).toBe(false);
    const controls = w.page.locator('[data-role="controls"]');
    for (let i = 0; i < (await controls.count()); i++) expect(await controls.nth(i).isVisible()).toBe(false);
    expect(await w.page.locator("article svg").first().isVisible()).toBe(true);
    await w.page.context().close();
  });

  it("moves between lessons with the previous/next links", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(baseUrl + "small-gradient/");
    await w.page.locator('a[rel="next"]').click();
    await w.page.waitForURL(baseUrl + "flat-here/");
    await w.page.locator('a[rel="prev"]').click();
    await w.page.waitForURL(baseUrl + "small-gradient/");
    await w.page.context().close();
  });
});

describe("demos on page load", () => {
  const GROUPS = '[data-role="dynamic"], [data-role="path"], [data-role="contours"], [data-role="profile-dynamic"], [data-role="chain-dynamic"]';

  it.each(slugs)("/%s/ keeps the server-rendered figures: upgrading a demo does not redraw an unchanged figure", async (slug) => {
    const w = await watchedPage(browser(), origin);
    // Parsing is over when readyState becomes "interactive"; module scripts (the demos) run after that.
    await w.page.addInitScript((groups) => {
      const state = { mutations: 0 };
      (window as unknown as { __vg: typeof state }).__vg = state;
      document.addEventListener("readystatechange", () => {
        if (document.readyState !== "interactive") return;
        new MutationObserver((records) => {
          for (const r of records) if ((r.target as Element).closest?.(groups)) state.mutations++;
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    }, GROUPS);
    await w.page.goto(baseUrl + slug + "/", { waitUntil: "networkidle" });
    // A demo upgrades when the reader nears it (src/islands/islands.ts).
    await demosUpgraded(w.page);
    const demos = await w.page.locator(GROUPS).count();
    const mutations = await w.page.evaluate(() => (window as unknown as { __vg: { mutations: number } }).__vg.mutations);
    expect(mutations, `${demos} drawn groups`).toBe(0);
    // …and the demo is live: one slider move does change its drawing.
    if (demos > 0) {
      await w.page.locator('input[type="range"]').first().evaluate((el: HTMLInputElement) => {
        el.value = String((Number(el.min) + Number(el.max)) / 2 + Number(el.step || 0.01));
        el.dispatchEvent(new Event("input", { bubbles: true }));
      });
      expect(await w.page.evaluate(() => (window as unknown as { __vg: { mutations: number } }).__vg.mutations)).toBeGreaterThan(0);
    }
    await w.page.context().close();
  });
});
