/**
 * Accessibility gate: axe-core over every built page (the list comes from the
 * build, 404 included), at WCAG 2.2 AA, in the light and the dark theme, with
 * JavaScript on (demos upgraded) and off (the static page a reader without
 * JavaScript gets). Zero violations; a failure prints each rule, element and reason.
 * Also: under prefers-reduced-motion nothing on a page transitions or animates.
 */
import { describe, expect, inject, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { reachDemos, sharedBrowser, watchedPage } from "../support/browser.ts";
import { ROOT } from "../support/build-site.ts";
import { builtPages, demoTags } from "../support/built-pages.ts";

const dist = inject("distDir");
const baseUrl = inject("baseUrl");
const origin = new URL(baseUrl).origin;
const browser = sharedBrowser();
const pages = await builtPages(dist);
const AXE = await readFile(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
export const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/**
 * Runs axe in the page. Evaluated through the DevTools protocol, so the page's own
 * Content-Security-Policy stays in force (an injected <script> would be refused by it).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: unknown[] }> } }).axe
        .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
        .then((r) => r.violations),
    WCAG_22_AA,
  );
  return (violations as AxeViolation[]).flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`),
  );
}

const cases = pages.flatMap((p) =>
  (["light", "dark"] as const).flatMap((colorScheme) => [true, false].map((js) => ({ ...p, colorScheme, js }))),
);

describe("accessibility (axe-core, WCAG 2.2 AA)", () => {
  it("reads its page list from the build, the 404 page included", () => {
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.map((p) => p.file)).toContain("404.html");
    expect(pages.map((p) => p.file)).toContain("index.html");
  });

  it.each(cases)("$file, $colorScheme theme, JavaScript $js: no violation", async ({ file, path, status, colorScheme, js }) => {
    const html = await readFile(join(dist, file), "utf8");
    // Chromium with javaScriptEnabled: false refuses the DevTools evaluation axe needs too.
    // A reader without JavaScript gets the page as it is with none of its scripts run, so
    // "JavaScript off" blocks every script the page asks for (nothing on the site uses <noscript>).
    expect(html, "a <noscript> would render differently with scripts blocked than with JavaScript off").not.toContain("<noscript");
    const w = await watchedPage(browser(), origin, { colorScheme });
    if (!js) await w.page.route("**/*", (route) => (route.request().resourceType() === "script" ? route.abort() : route.fallback()));
    const res = await w.page.goto(baseUrl + path, { waitUntil: "networkidle" });
    expect(res?.status()).toBe(status);
    // A demo loads when the reader nears it (src/islands/islands.ts).
    if (js) await reachDemos(w.page);
    for (const tag of demoTags(html)) {
      // With JavaScript the demos upgrade and reveal their controls; without, the controls stay hidden.
      const controls = w.page.locator(`${tag} [data-role="controls"]`).first();
      await expect.poll(() => controls.isVisible(), { message: `${tag} controls` }).toBe(js);
    }
    const violations = await axeViolations(w.page);
    expect(violations, violations.join("\n")).toEqual([]);
    await w.page.context().close();
  });
});

describe("prefers-reduced-motion", () => {
  it.each(pages)("$file: nothing transitions, animates or scrolls smoothly when the reader asks for reduced motion", async ({ path }) => {
    const w = await watchedPage(browser(), origin);
    await w.page.emulateMedia({ reducedMotion: "reduce" });
    await w.page.goto(baseUrl + path, { waitUntil: "networkidle" });
    const moving = await w.page.evaluate(() => {
      const out: string[] = [];
      const seconds = (list: string) => Math.max(...list.split(",").map((t) => parseFloat(t) * (t.trim().endsWith("ms") ? 0.001 : 1)));
      const probe = (el: Element, pseudo: string | null) => {
        const cs = getComputedStyle(el, pseudo);
        const name = `${el.localName}${el.id ? "#" + el.id : ""}${pseudo ?? ""}`;
        if (seconds(cs.transitionDuration) > 0 && cs.transitionProperty !== "none") out.push(`${name}: transition ${cs.transitionProperty} ${cs.transitionDuration}`);
        if (cs.animationName !== "none" && seconds(cs.animationDuration) > 0) out.push(`${name}: animation ${cs.animationName} ${cs.animationDuration}`);
        if (cs.scrollBehavior === "smooth") out.push(`${name}: smooth scrolling`);
      };
      for (const el of document.querySelectorAll("*")) for (const pseudo of [null, "::before", "::after"]) probe(el, pseudo);
      return { out, running: document.getAnimations().length };
    });
    expect(moving.out).toEqual([]);
    expect(moving.running).toBe(0);
    await w.page.context().close();
  });

  it("turns off a transition or animation that a page would otherwise run", async () => {
    // A transition and an animation set through the CSSOM (allowed by the CSP) on an element of the
    // page: with reduced motion the site's stylesheet wins over them; without, they run as written.
    const durations: string[][] = [];
    for (const reducedMotion of ["reduce", "no-preference"] as const) {
      const w = await watchedPage(browser(), origin);
      await w.page.emulateMedia({ reducedMotion });
      await w.page.goto(baseUrl, { waitUntil: "networkidle" });
      durations.push(
        await w.page.evaluate(() => {
          const el = document.querySelector("h1") as HTMLElement;
          el.style.transition = "color 2s";
          el.style.animation = "vg-probe 3s infinite";
          el.style.scrollBehavior = "smooth";
          const cs = getComputedStyle(el);
          return [cs.transitionDuration, cs.animationDuration, cs.scrollBehavior];
        }),
      );
      await w.page.context().close();
    }
    expect(durations[0]).toEqual(["0s", "0s", "auto"]);
    expect(durations[1]).toEqual(["2s", "3s", "smooth"]);
  });
});
