/**
 * The loss-plane island <vg-plane> on the page that places it (found in the build, for
 * nielsen-3-hidden): the static chart and the loader's readout without JavaScript; nothing heavy
 * before the reader acts; sliders, keys and a pointer move the point through the chart's own
 * scales; the readout is what src/islands/plane/data.ts computes in Node on the same files, and at
 * (0, 0) its cost is planes.json's corner cost (the same 1,000 digits); a missing weights file
 * puts an alert in place of the readout and leaves the chart and the page; no other origin.
 */
import { describe, expect, inject, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { demosUpgraded, openPage, setControl, sharedBrowser, watchedPage, faultFile } from "../support/browser.ts";
import { builtPages } from "../support/built-pages.ts";
import { readPlane } from "../../src/components/plane-data.ts";
import { planeScales } from "../../src/figures/loss-plane.ts";
import { gridReadout, liveReadout, pendingReadout, sigText, toRange, type GridValues } from "../../src/islands/plane/figure.ts";
import { livePoint, loadPlaneInputs } from "../../src/islands/plane/data.ts";
import type { PlaneSettings } from "../../src/islands/plane/settings.ts";

const RUN = "nielsen-3-hidden";
const dist = inject("distDir");
const baseUrl = inject("baseUrl");
const origin = new URL(baseUrl).origin;
const browser = sharedBrowser();

/** The built page that places <vg-plane run="nielsen-3-hidden">, wherever the lessons put it. */
let pagePath: string | undefined;
let pageHtml = "";
for (const p of await builtPages(dist)) {
  const html = await readFile(join(dist, p.file), "utf8");
  if (/<vg-plane[^>]*\srun="nielsen-3-hidden"/.test(html)) [pagePath, pageHtml] = [p.path, html];
}
const url = baseUrl + (pagePath ?? "");

const { grid, plane } = readPlane(RUN);
const values: GridValues = { alpha: grid.alpha, beta: grid.beta, cost: plane.cost, accuracy: plane.accuracy, trainDigits: plane.trainDigits, testDigits: plane.testDigits };
const scales = planeScales(grid);
const inputs = await loadPlaneInputs(async (path) => new Uint8Array(await readFile(join(process.cwd(), "public", path))), RUN, plane.trainDigits, plane.testDigits);
/** The readout computed outside the browser, on the same digits and weights. */
const expected = (s: PlaneSettings) => {
  const { point, testAccuracy } = livePoint(inputs, s);
  return liveReadout(s, point, testAccuracy, inputs.counts);
};

const demo = (page: Page) => page.locator(`vg-plane[run="${RUN}"]`).first();
const role = (page: Page, r: string) => demo(page).locator(`[data-role="${r}"]`);
const readout = (page: Page) => role(page, "readout").textContent();
const marker = (page: Page) =>
  role(page, "marker").locator("circle.plane-point").evaluate((c) => [Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))]);
const at = (s: PlaneSettings) => [toRange(scales.x, s.alpha), toRange(scales.y, s.beta)];
const computed = (page: Page) => demo(page).evaluate((d) => (d as HTMLElement).dataset.computed);

async function expectMarkerAt(page: Page, s: PlaneSettings): Promise<void> {
  const [x, y] = at(s);
  await expect.poll(() => marker(page)).toEqual([Math.round(x * 100) / 100, Math.round(y * 100) / 100]);
}

describe("<vg-plane>", () => {
  it("is placed on a page of the build", () => {
    expect(pagePath, `no built page has <vg-plane run="${RUN}">`).toBeDefined();
  });

  it("without JavaScript shows the chart, the loader's readout at (0, 0) and the numbers, and hides the sliders", async () => {
    const w = await openPage(browser(), url, { javaScriptEnabled: false });
    await expect(role(w.page, "chart").locator("svg").isVisible()).resolves.toBe(true);
    await expect(readout(w.page)).resolves.toBe(gridReadout(values, { alpha: 0, beta: 0 }));
    await expect(role(w.page, "controls").isVisible()).resolves.toBe(false);
    await expectMarkerAt(w.page, { alpha: 0, beta: 0 });
    await expect(demo(w.page).locator("details.plot-data table").count()).resolves.toBe(2);
    await w.page.context().close();
  });

  it("loads nothing heavy before the reader acts; a slider moves the point and the browser computes what Node computes", async () => {
    const w = await openPage(browser(), url);
    const requests: string[] = [];
    w.page.on("request", (r) => requests.push(r.url()));
    await expect(role(w.page, "controls").isVisible()).resolves.toBe(true);
    expect(requests.filter((u) => /runs\/|derived\//.test(u))).toEqual([]);
    await expect(computed(w.page)).resolves.toBe("grid");

    await setControl(role(w.page, "alpha"), 0.5);
    await expectMarkerAt(w.page, { alpha: 0.5, beta: 0 });
    await expect.poll(() => computed(w.page)).toBe("browser");
    await expect.poll(() => readout(w.page)).toBe(expected({ alpha: 0.5, beta: 0 }));
    await setControl(role(w.page, "beta"), 1.25);
    await expectMarkerAt(w.page, { alpha: 0.5, beta: 1.25 });
    await expect.poll(() => readout(w.page)).toBe(expected({ alpha: 0.5, beta: 1.25 }));
    await expect(w.page.waitForFunction(() => /a=0\.5&.*b=1\.25/.test(decodeURIComponent(location.hash)))).resolves.toBeTruthy();
    expect(requests.some((u) => u.includes(`runs/${RUN}/model-final/`))).toBe(true);
    expect(requests.some((u) => u.includes("derived/trainer-digits/digits.bin"))).toBe(true);
    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    await w.page.context().close();
  });

  it("at (0, 0) the browser's C is planes.json's corner cost to 4 digits (the same 1,000 training digits)", async () => {
    const w = await openPage(browser(), url);
    await setControl(role(w.page, "alpha"), 0.025);
    await setControl(role(w.page, "alpha"), 0);
    await expect.poll(() => computed(w.page)).toBe("browser");
    await expect.poll(() => readout(w.page)).toBe(expected({ alpha: 0, beta: 0 }));
    const c = /C = ([\d.]+)/.exec((await readout(w.page))!)![1];
    expect(c).toBe(sigText(plane.corners["0,0"].cost, 4));
    expect(Number(c)).toBeCloseTo(plane.corners["0,0"].cost, 3);
    await w.page.context().close();
  });

  it("by keyboard: arrows step 0.025, Home and End go to the ends, and the readout follows", async () => {
    const w = await openPage(browser(), url);
    const alpha = role(w.page, "alpha");
    await alpha.focus();
    await w.page.keyboard.press("ArrowRight");
    await expect(alpha.inputValue()).resolves.toBe("0.025");
    await expectMarkerAt(w.page, { alpha: 0.025, beta: 0 });
    await expect.poll(() => readout(w.page)).toBe(expected({ alpha: 0.025, beta: 0 }));
    await w.page.keyboard.press("End");
    await expectMarkerAt(w.page, { alpha: 1.25, beta: 0 });
    await expect(role(w.page, "alpha-out").textContent()).resolves.toBe("1.250");
    const beta = role(w.page, "beta");
    await beta.focus();
    await w.page.keyboard.press("Home");
    await expectMarkerAt(w.page, { alpha: 1.25, beta: -0.25 });
    await expect.poll(() => readout(w.page)).toBe(expected({ alpha: 1.25, beta: -0.25 }));
    await expect(beta.getAttribute("aria-valuetext")).resolves.toBe("−0.250");
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("by pointer: a press on the chart puts the point there, a drag moves it", async () => {
    const w = await openPage(browser(), url);
    const svg = role(w.page, "chart").locator("svg");
    await svg.scrollIntoViewIfNeeded();
    // A reader presses on what has been drawn: the lesson's blocks are laid out as they near the
    // viewport (content-visibility: auto), so the block scrolled to is rendered, and the blocks above
    // it take their real heights, one frame after the jump. Before that frame a press lands on the
    // not yet rendered block, and the chart is not where it will be.
    await w.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(null)))));
    const toScreen = (s: PlaneSettings) =>
      svg.evaluate((el: SVGSVGElement, [x, y]) => {
        const p = new DOMPoint(x, y).matrixTransform(el.getScreenCTM()!);
        return [p.x, p.y];
      }, at(s));
    const [x1, y1] = await toScreen({ alpha: 1, beta: 1 });
    await w.page.mouse.move(x1, y1);
    await w.page.mouse.down();
    await expectMarkerAt(w.page, { alpha: 1, beta: 1 });
    const [x2, y2] = await toScreen({ alpha: 0.25, beta: 0.75 });
    await w.page.mouse.move(x2, y2, { steps: 5 });
    await w.page.mouse.up();
    await expectMarkerAt(w.page, { alpha: 0.25, beta: 0.75 });
    await expect(role(w.page, "alpha").inputValue()).resolves.toBe("0.25");
    await expect.poll(() => readout(w.page)).toBe(expected({ alpha: 0.25, beta: 0.75 }));
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("opens at the point a link carries, says the browser computes there, and does so on the reader's first touch (the grid is not carried in the page)", async () => {
    const id = /<vg-plane[^>]*\sstate-id="([^"]+)"[^>]*\srun="nielsen-3-hidden"/.exec(pageHtml)![1];
    expect(pageHtml).not.toMatch(/data-cost=|data-grid-/);
    const w = await openPage(browser(), `${url}#vg?${id}.a=0.75&${id}.b=0.5`);
    const requests: string[] = [];
    w.page.on("request", (r) => requests.push(r.url()));
    await expectMarkerAt(w.page, { alpha: 0.75, beta: 0.5 });
    await expect(role(w.page, "alpha").inputValue()).resolves.toBe("0.75");
    await expect(role(w.page, "beta-out").textContent()).resolves.toBe("0.500");
    await expect(readout(w.page)).resolves.toBe(pendingReadout({ alpha: 0.75, beta: 0.5 }));
    await expect(computed(w.page)).resolves.toBe("pending");
    expect(requests.filter((u) => /runs\/|derived\//.test(u))).toEqual([]);
    await role(w.page, "alpha").focus();
    await expect.poll(() => computed(w.page)).toBe("browser");
    await expect.poll(() => readout(w.page)).toBe(expected({ alpha: 0.75, beta: 0.5 }));
    await w.page.context().close();
  });

  it("shows an alert in place of the readout when the weights are missing; the chart and the page stay", async () => {
    const w = await watchedPage(browser(), origin);
    await faultFile(w.page, `runs/${RUN}/model-initial/group1-shard1of1.bin`, "missing");
    await w.page.goto(url, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    await setControl(role(w.page, "alpha"), 0.5);
    const status = role(w.page, "status");
    await expect.poll(() => status.textContent()).toContain(`could not load runs/${RUN}/model-initial/group1-shard1of1.bin: HTTP 404`);
    await expect(status.getAttribute("role")).resolves.toBe("alert");
    await expect(role(w.page, "readout").isVisible()).resolves.toBe(false);
    await expect(role(w.page, "chart").locator("svg").isVisible()).resolves.toBe(true);
    await expect(w.page.locator("main h2").first().isVisible()).resolves.toBe(true);
    expect(w.errors.filter((e) => !e.includes("404"))).toEqual([]);
    expect(w.foreign).toEqual([]);
    await w.page.context().close();
  });
});
