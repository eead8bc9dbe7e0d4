/**
 * Debian's Chromium driven by playwright-core, for the browser tests. The launch (with the flags this
 * closed network needs) and the watched page live in scripts/bench/, which the benchmarks share:
 * tests may import scripts, scripts never import tests.
 */
import type { Browser, BrowserContextOptions, Locator, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { CHROMIUM, launchBrowser } from "../../scripts/bench/chromium.ts";
import { demosUpgraded, paintEverything, reachDemos, watchedPage, type Watched } from "../../scripts/bench/watched-page.ts";

export { CHROMIUM, demosUpgraded, paintEverything, reachDemos, watchedPage, type Watched };
export const launch = launchBrowser;

/** One Chromium for a whole test file: launched before its tests, closed after. */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("the browser is only available inside tests");
    return browser;
  };
}

/**
 * Sets a demo control as a reader would and fires the event a reader's change
 * fires: `input` for a slider, `change` for a menu or a checkbox.
 */
export async function setControl(control: Locator, value: string | number | boolean): Promise<void> {
  await control.evaluate((el: HTMLInputElement | HTMLSelectElement, v) => {
    const toggle = el instanceof HTMLInputElement && el.type === "checkbox";
    if (toggle) (el as HTMLInputElement).checked = Boolean(v);
    else el.value = String(v);
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement || toggle ? "change" : "input", { bubbles: true }));
  }, value);
}

/** A watched page at `url`, loaded, with its demos upgraded (unless JavaScript is off). */
export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<Watched> {
  const w = await watchedPage(browser, new URL(url).origin, options);
  await w.page.goto(url, { waitUntil: "networkidle" });
  if (options.javaScriptEnabled !== false) await demosUpgraded(w.page);
  return w;
}

/**
 * Makes one of the site's files fail for this page: "missing" answers 404, "corrupt" serves the real
 * file with one byte in its middle flipped (so a sha256 check, not the parser, has to notice).
 */
export async function faultFile(page: Page, file: string, fault: "missing" | "corrupt"): Promise<void> {
  await page.route(`**/${file}`, async (route) => {
    if (fault === "missing") return route.fulfill({ status: 404, body: "not found" });
    const res = await route.fetch();
    const body = Buffer.from(await res.body());
    body[body.length >> 1] ^= 0xff;
    return route.fulfill({ response: res, body });
  });
}
