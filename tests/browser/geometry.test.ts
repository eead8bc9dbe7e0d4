/** The contour and plateau islands on /flat-here/: controls, dragging, keyboard, no-JS, shareable state. */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { demosUpgraded, setControl, sharedBrowser, watchedPage } from "../support/browser.ts";
import { axisMap } from "../support/shown.ts";
import { shown } from "../support/svg-read.ts";
import { DEFAULTS as CONTOUR, toRecord as contourRecord, type ContourSettings } from "../../src/islands/contour/settings.ts";
import { DEFAULTS as PLATEAU, toRecord as plateauRecord, type PlateauSettings } from "../../src/islands/plateau/settings.ts";
import { PLATEAU_TILT } from "../../src/islands/plateau/figure.ts";
import { withDemoState } from "../../src/lib/site/hash-state.ts";
import { asVectorCost, descend } from "../../src/lib/toy-math/optimizers.ts";
import { plateauCost, plateauStart, quadratic } from "../../src/lib/toy-math/quadratic.ts";
import { num } from "../../src/lib/draw/svg.ts";

const url = inject("baseUrl") + "flat-here/";
const origin = new URL(url).origin;
const browser = sharedBrowser();

const contour = (p: Page) => p.locator("vg-contour").first();
const plateau = (p: Page) => p.locator("vg-plateau").first();
const drawing = (p: Page, host: "vg-contour" | "vg-plateau") =>
  p.locator(host).first().evaluate((el) => [...el.querySelectorAll("svg")].map((s) => s.innerHTML).join("|"));

const set = (page: Page, host: string, role: string, value: string | number | boolean) =>
  setControl(page.locator(host).first().locator(`[data-role="${role}"]`), value);

/** The page with both demos set to their defaults through a shared link, whatever the lesson's own settings. */
const atDefaults = url + withDemoState(withDemoState("", "bowl", contourRecord(CONTOUR)), "plateau", plateauRecord(PLATEAU));

/**
 * What the contour figure shows, against src/lib for the same settings: the handle at the start
 * (x₀, y₀) and the end marker at the last iterate of descend() on a·x² + y², as the axes read
 * them; the gradient arrow only when asked for.
 */
async function expectContourShows(page: Page, s: ContourSettings) {
  const run = descend(asVectorCost(quadratic(s.a)), [s.x0, s.y0], { optimizer: s.optimizer, eta: s.eta, steps: s.steps, bound: 1e3, tolerance: 1e-3 });
  const svg = contour(page).locator('[data-role="main-svg"]');
  const axis = await axisMap(svg);
  const at = async (sel: string) => {
    const c = svg.locator(sel);
    return [axis.x(Number(await c.getAttribute("cx"))), axis.y(Number(await c.getAttribute("cy")))];
  };
  const [hx, hy] = await at('[data-role="handle"]');
  expect(hx, "handle x").toBeCloseTo(s.x0, 2);
  expect(hy, "handle y").toBeCloseTo(s.y0, 2);
  const [ex, ey] = await at("circle.end");
  const [wx, wy] = run.points.at(-1)!;
  expect(ex, "end x").toBeCloseTo(wx, 2);
  expect(ey, "end y").toBeCloseTo(wy, 2);
  await expect(svg.locator("line.gradient").count()).resolves.toBe(s.showGradient ? 1 : 0);
  await expect(contour(page).locator('[data-role="eta-out"]').textContent()).resolves.toBe(num(s.eta, 4));
}

/** The plateau's readout and end marker, against descend() on the plateau cost for the same settings. */
async function expectPlateauShows(page: Page, s: PlateauSettings) {
  const cost = plateauCost({ tilt: PLATEAU_TILT });
  const run = descend(asVectorCost(cost), [plateauStart[0], s.y0], { optimizer: s.optimizer, eta: s.eta, steps: s.steps, bound: 1e3, tolerance: 0.01 });
  const want = Math.abs(run.gradients[0][1]);
  const yEnd = run.points.at(-1)![1];
  const readout = plateau(page).locator('[data-role="readout"]');
  // The live readout follows continuous input after a short delay: poll until it says what it should.
  const mismatches = async () => {
    const text = (await readout.textContent()) ?? "";
    const g0 = /^At the start \|∂C\/∂y\| = (.+?)\. /.exec(text)?.[1];
    const out: string[] = [];
    if (g0 === undefined || Math.abs(shown(g0) - want) > Math.max(5e-5, 0.051 * want)) out.push(`|∂C/∂y| at the start: ${text} (want ${want})`);
    if (!text.includes(`η = ${num(s.eta, 3)}`)) out.push(`η: ${text}`);
    if (run.status !== "diverged" && run.arrivedAt === null && !text.includes(`after ${run.points.length - 1} steps y = ${num(yEnd, 2)}`)) out.push(`end: ${text}`);
    return out;
  };
  await expect.poll(mismatches).toEqual([]);
  const profile = plateau(page).locator("svg").first();
  const end = profile.locator("circle.end");
  if ((await end.count()) > 0) {
    const axis = await axisMap(profile);
    expect(axis.x(Number(await end.getAttribute("cx"))), "end marker y").toBeCloseTo(yEnd, 2);
  }
}


describe("<vg-contour>", () => {
  it("redraws for every control, showing the computed run", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(atDefaults, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    await expect.poll(() => contour(w.page).locator('[data-role="controls"]').isVisible()).toBe(true);
    let s = CONTOUR;
    await expectContourShows(w.page, s);
    const changes: [string, string | number | boolean, Partial<ContourSettings>][] = [
      ["log-eta", -3, { eta: 0.001 }],
      ["log-a", 1, { a: 10 }],
      ["steps", 20, { steps: 20 }],
      ["optimizer", "momentum", { optimizer: "momentum" }],
      ["optimizer", "adam", { optimizer: "adam" }],
      ["optimizer", "preconditioned", { optimizer: "preconditioned" }],
      ["x0", -0.5, { x0: -0.5 }],
      ["y0", -1, { y0: -1 }],
      ["grad", false, { showGradient: false }],
    ];
    for (const [role, value, next] of changes) {
      await set(w.page, "vg-contour", role, value);
      s = { ...s, ...next };
      await expectContourShows(w.page, s);
      if (role === "optimizer") {
        const bound = await contour(w.page).locator('[data-role="bound"]').textContent();
        const want = { momentum: "stability bound (1 + μ)/a = ", adam: "Adam has no fixed bound", preconditioned: "stability bound 1, whatever a is" }[value as string];
        expect(bound, String(value)).toContain(want);
      }
    }
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("draws divergence above the stability bound and explains it, with no NaN on screen", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    await set(w.page, "vg-contour", "log-eta", Math.log10(0.015));
    const readout = () => contour(w.page).locator('[data-role="readout"]').textContent();
    await expect.poll(readout).toContain("diverged");
    expect(await readout()).toContain("above the stability bound 1/a = 0.0100");
    await expect(contour(w.page).getAttribute("data-status")).resolves.toBe("diverged");
    await expect(contour(w.page).locator('[data-role="bound"]').textContent()).resolves.toContain("η is above it: diverges");
    const text = await contour(w.page).evaluate((el) => el.textContent + [...el.querySelectorAll("svg")].map((s) => s.outerHTML).join(""));
    expect(text).not.toMatch(/NaN|Infinity/);
    await w.page.context().close();
  });

  it("moves the start point where the reader drags it with the mouse", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(atDefaults, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    await contour(w.page).locator('[data-role="main-svg"]').scrollIntoViewIfNeeded();
    const box = (await contour(w.page).locator('[data-role="main-svg"]').boundingBox())!;
    const handle = (await contour(w.page).locator('[data-role="handle"]').boundingBox())!;
    await w.page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await w.page.mouse.down();
    await w.page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.7, { steps: 5 });
    await w.page.mouse.up();
    const x0 = Number(await contour(w.page).locator('[data-role="x0"]').inputValue());
    const y0 = Number(await contour(w.page).locator('[data-role="y0"]').inputValue());
    expect(x0).toBeLessThan(0);
    expect(y0).toBeLessThan(0);
    await expectContourShows(w.page, { ...CONTOUR, x0, y0 });
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("moves the start point where the reader touches", async () => {
    const w = await watchedPage(browser(), origin, { hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
    await w.page.goto(atDefaults, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    const svg = contour(w.page).locator('[data-role="main-svg"]');
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    await w.page.touchscreen.tap(box.x + box.width * 0.25, box.y + box.height * 0.75);
    const x0 = Number(await contour(w.page).locator('[data-role="x0"]').inputValue());
    const y0 = Number(await contour(w.page).locator('[data-role="y0"]').inputValue());
    expect(x0).toBeLessThan(0);
    await expectContourShows(w.page, { ...CONTOUR, x0, y0 });
    await w.page.context().close();
  });

  it("moves the start point with the arrow keys on the focused handle", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(atDefaults, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    const handle = contour(w.page).locator('[data-role="handle"]');
    await handle.focus();
    await w.page.keyboard.press("ArrowLeft");
    await w.page.keyboard.press("ArrowLeft");
    await w.page.keyboard.press("Shift+ArrowDown");
    await expect(contour(w.page).locator('[data-role="x0-out"]').textContent()).resolves.toBe("0.76");
    await expect(contour(w.page).locator('[data-role="y0-out"]').textContent()).resolves.toBe("1.50");
    await expectContourShows(w.page, { ...CONTOUR, x0: 0.76, y0: 1.5 });
    await expect(handle.getAttribute("aria-valuetext")).resolves.toContain("x = 0.76, y = 1.50");
    await expect(handle.getAttribute("aria-valuenow")).resolves.toBe("0.76");
    // Live, the figure is a group so that its slider is not hidden inside an image.
    await expect(contour(w.page).locator('[data-role="main-svg"]').getAttribute("role")).resolves.toBe("group");
    expect(await w.page.evaluate(() => (document.activeElement as Element).getAttribute("data-role"))).toBe("handle");
    await w.page.context().close();
  });

  it("restores its settings from a shared link", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    await set(w.page, "vg-contour", "optimizer", "adam");
    await set(w.page, "vg-contour", "log-eta", -2);
    await set(w.page, "vg-contour", "x0", 0.3);
    await w.page.waitForFunction(() => location.hash.includes("bowl.x=0.3"));
    const shared = w.page.url();
    expect(new URL(shared).hash).toMatch(/^#vg\?bowl\.a=100&bowl\.eta=0\.01&bowl\.steps=60&bowl\.opt=adam&bowl\.x=0\.3&bowl\.y=1\.6&bowl\.grad=1$/);
    const svg = await drawing(w.page, "vg-contour");
    const other = await watchedPage(browser(), origin);
    await other.page.goto(shared, { waitUntil: "networkidle" });
    await demosUpgraded(other.page);
    await expect(contour(other.page).locator('[data-role="optimizer"]').inputValue()).resolves.toBe("adam");
    expect(await drawing(other.page, "vg-contour")).toBe(svg);
    await expectContourShows(other.page, { ...CONTOUR, a: 100, eta: 0.01, steps: 60, optimizer: "adam", x0: 0.3, y0: 1.6, showGradient: true });
    await w.page.context().close();
    await other.page.context().close();
  });
});

describe("<vg-plateau>", () => {
  it("redraws for every control and reports |∂C/∂y| and where the run ends", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(atDefaults, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    let s = PLATEAU;
    await expectPlateauShows(w.page, s);
    for (const [role, value, next] of [
      // η stays exactly as it was (0.9 lies between two steps of its log slider).
      ["optimizer", "adam", { optimizer: "adam" }],
      ["log-eta", -1, { eta: 0.1 }],
      ["steps", 300, { steps: 300 }],
      ["y0", 2, { y0: 2 }],
    ] as const) {
      await set(w.page, "vg-plateau", role, value);
      s = { ...s, ...next };
      await expectPlateauShows(w.page, s);
    }
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("is operable from the keyboard", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(atDefaults, { waitUntil: "networkidle" });
    await demosUpgraded(w.page);
    const steps = plateau(w.page).locator('[data-role="steps"]');
    await steps.focus();
    await w.page.keyboard.press("Home");
    await expect(plateau(w.page).locator('[data-role="steps-out"]').textContent()).resolves.toBe("1");
    await expectPlateauShows(w.page, { ...PLATEAU, steps: 1 });
    await w.page.context().close();
  });
});

describe("/flat-here/ without JavaScript", () => {
  it("shows both static figures with their descriptions and no dead controls", async () => {
    const w = await watchedPage(browser(), origin, { javaScriptEnabled: false });
    await w.page.goto(url, { waitUntil: "networkidle" });
    for (const host of ["vg-contour", "vg-plateau"]) {
      const svgs = w.page.locator(`${host} svg[role="img"]`);
      expect(await svgs.count()).toBeGreaterThanOrEqual(2);
      await expect(svgs.first().isVisible()).resolves.toBe(true);
      await expect(svgs.first().getAttribute("aria-label")).resolves.toMatch(/\w+/);
      await expect(w.page.locator(`${host} [data-role="controls"]`).isVisible()).resolves.toBe(false);
    }
    expect(Number(await contour(w.page).locator(".step").getAttribute("data-count"))).toBeGreaterThan(5);
    await expect(contour(w.page).locator('[data-role="readout"]').textContent()).resolves.toContain("below the stability bound");
    await w.page.context().close();
  });
});
