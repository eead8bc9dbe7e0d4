/**
 * A page in Chromium that records what went wrong and never reaches the network: used by the browser
 * tests (through tests/support/browser.ts) and by the demo benchmark. Scripts may import it; it imports
 * nothing from tests. Demos load when the reader nears them (src/islands/islands.ts): reachDemos and
 * demosUpgraded scroll to each, as a reader would.
 */
import type { Browser, BrowserContextOptions, Page } from "playwright-core";

export interface Watched {
  page: Page;
  errors: string[];
  foreign: string[];
  /** Content-Security-Policy violations the page reported (securitypolicyviolation events; JavaScript on). */
  csp: string[];
}

/**
 * A page that records console errors, uncaught exceptions, Content-Security-Policy
 * violations and every request to another origin (those are aborted, so a test
 * never waits on the closed network).
 */
export async function watchedPage(browser: Browser, origin: string, options: BrowserContextOptions = {}): Promise<Watched> {
  const context = await browser.newContext(options);
  const errors: string[] = [];
  const foreign: string[] = [];
  const csp: string[] = [];
  await context.exposeBinding("__vgCspViolation", (_source, text: string) => void csp.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : "";
      (window as unknown as { __vgCspViolation(t: string): void }).__vgCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || "inline"}${where}${e.sample ? `: ${e.sample}` : ""}`,
      );
    });
  });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== origin && !url.startsWith("data:")) {
      foreign.push(url);
      return route.abort();
    }
    return route.continue();
  });
  return { page, errors, foreign, csp };
}

/**
 * Waits until every demo on the page has upgraded: its custom element is defined
 * and its controls (hidden in the static HTML) are revealed. A key pressed
 * before then lands on a control whose listener is not attached yet. A demo's
 * module loads when the reader nears it (src/islands/islands.ts), so each demo is
 * scrolled into view first, as a reader would, and the page back to where it was.
 */
export async function demosUpgraded(page: Page): Promise<void> {
  await reachDemos(page);
  await page.waitForFunction(() =>
    [...document.querySelectorAll("*")].every((el) => !el.localName.startsWith("vg-") || customElements.get(el.localName) !== undefined) &&
    [...document.querySelectorAll('[data-role="controls"]')].every((c) => !(c as HTMLElement).hidden),
  );
}

/** Scrolls each demo on the page into view in turn (instantly), then back to where the page was. */
export async function reachDemos(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const [x, y] = [scrollX, scrollY];
    const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    for (const el of document.querySelectorAll("*")) {
      if (!el.localName.startsWith("vg-")) continue;
      el.scrollIntoView({ block: "center", behavior: "instant" });
      await frame();
    }
    scrollTo({ left: x, top: y, behavior: "instant" });
  });
}

/**
 * Lays out and paints every element, as a reader scrolling down the whole page would see it. Lessons paint
 * the sections far from the screen only as the reader nears them (content-visibility: auto,
 * src/layouts/Lesson.astro): a full-page screenshot would show them as blank bands, and a measurement of
 * their width would read 0. Through the CSSOM, which the pages' CSP allows (an injected <style> it refuses).
 */
export async function paintEverything(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (const el of document.querySelectorAll<HTMLElement>("*")) if (getComputedStyle(el).contentVisibility === "auto") el.style.contentVisibility = "visible";
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
}
