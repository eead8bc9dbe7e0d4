/** The contour and plateau islands on /flat-here/: controls, dragging, keyboard, no-JS, shareable state. */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { setControl, sharedBrowser, watchedPage } from "../support/browser.ts";

const url = inject("baseUrl") + "flat-here/";
const origin = new URL(url).origin;
const browser = sharedBrowser();

const contour = (p: Page) => p.locator("vg-contour").first();
const plateau = (p: Page) => p.locator("vg-plateau").first();
const pathOf = (p: Page) => contour(p).locator('[data-role="path"]').innerHTML();
const drawing = (p: Page, host: "vg-contour" | "vg-plateau") =>
  p.locator(host).first().evaluate((el) => [...el.querySelectorAll("svg")].map((s) => s.innerHTML).join("|"));

const set = (page: Page, host: string, role: string, value: string | number | boolean) =>
  setControl(page.locator(host).first().locator(`[data-role="${role}"]`), value);

describe("<vg-contour>", () => {
  it("redraws for every control", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    await expect(contour(w.page).locator('[data-role="controls"]').isVisible()).resolves.toBe(true);
    const changes: [string, string | number | boolean][] = [
      ["log-eta", -3],
      ["log-a", 1],
      ["steps", 20],
      ["optimizer", "momentum"],
      ["optimizer", "adam"],
      ["optimizer", "preconditioned"],
      ["x0", -0.5],
      ["y0", -1],
      ["grad", false],
    ];
    for (const [role, value] of changes) {
      const before = await drawing(w.page, "vg-contour");
      await set(w.page, "vg-contour", role, value);
      expect(await drawing(w.page, "vg-contour"), `${role} = ${value}`).not.toBe(before);
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
    await w.page.goto(url, { waitUntil: "networkidle" });
    await contour(w.page).locator('[data-role="main-svg"]').scrollIntoViewIfNeeded();
    const box = (await contour(w.page).locator('[data-role="main-svg"]').boundingBox())!;
    const handle = (await contour(w.page).locator('[data-role="handle"]').boundingBox())!;
    const before = await pathOf(w.page);
    await w.page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await w.page.mouse.down();
    await w.page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.7, { steps: 5 });
    await w.page.mouse.up();
    expect(await pathOf(w.page)).not.toBe(before);
    expect(Number(await contour(w.page).locator('[data-role="x0"]').inputValue())).toBeLessThan(0);
    expect(Number(await contour(w.page).locator('[data-role="y0"]').inputValue())).toBeLessThan(0);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("moves the start point where the reader touches", async () => {
    const w = await watchedPage(browser(), origin, { hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
    await w.page.goto(url, { waitUntil: "networkidle" });
    const svg = contour(w.page).locator('[data-role="main-svg"]');
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    const before = await pathOf(w.page);
    await w.page.touchscreen.tap(box.x + box.width * 0.25, box.y + box.height * 0.75);
    expect(await pathOf(w.page)).not.toBe(before);
    expect(Number(await contour(w.page).locator('[data-role="x0"]').inputValue())).toBeLessThan(0);
    await w.page.context().close();
  });

  it("moves the start point with the arrow keys on the focused handle", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    const handle = contour(w.page).locator('[data-role="handle"]');
    await handle.focus();
    const before = await pathOf(w.page);
    await w.page.keyboard.press("ArrowLeft");
    await w.page.keyboard.press("ArrowLeft");
    await w.page.keyboard.press("Shift+ArrowDown");
    await expect(contour(w.page).locator('[data-role="x0-out"]').textContent()).resolves.toBe("0.76");
    await expect(contour(w.page).locator('[data-role="y0-out"]').textContent()).resolves.toBe("1.50");
    expect(await pathOf(w.page)).not.toBe(before);
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
    await set(w.page, "vg-contour", "optimizer", "adam");
    await set(w.page, "vg-contour", "log-eta", -2);
    await set(w.page, "vg-contour", "x0", 0.3);
    await w.page.waitForFunction(() => location.hash.includes("bowl.x=0.3"));
    const shared = w.page.url();
    expect(new URL(shared).hash).toMatch(/^#vg\?bowl\.a=100&bowl\.eta=0\.01&bowl\.steps=60&bowl\.opt=adam&bowl\.x=0\.3&bowl\.y=1\.6&bowl\.grad=1$/);
    const svg = await drawing(w.page, "vg-contour");
    const other = await watchedPage(browser(), origin);
    await other.page.goto(shared, { waitUntil: "networkidle" });
    await expect(contour(other.page).locator('[data-role="optimizer"]').inputValue()).resolves.toBe("adam");
    expect(await drawing(other.page, "vg-contour")).toBe(svg);
    await w.page.context().close();
    await other.page.context().close();
  });
});

describe("<vg-plateau>", () => {
  it("redraws for every control and reports |∂C/∂y|", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    for (const [role, value] of [["optimizer", "adam"], ["log-eta", -1], ["steps", 300], ["y0", 2]] as const) {
      const before = await drawing(w.page, "vg-plateau");
      await set(w.page, "vg-plateau", role, value);
      expect(await drawing(w.page, "vg-plateau"), role).not.toBe(before);
    }
    await expect(plateau(w.page).locator('[data-role="readout"]').textContent()).resolves.toMatch(/^At the start \|∂C\/∂y\| = /);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("is operable from the keyboard", async () => {
    const w = await watchedPage(browser(), origin);
    await w.page.goto(url, { waitUntil: "networkidle" });
    const steps = plateau(w.page).locator('[data-role="steps"]');
    await steps.focus();
    const before = await drawing(w.page, "vg-plateau");
    await w.page.keyboard.press("Home");
    await expect(plateau(w.page).locator('[data-role="steps-out"]').textContent()).resolves.toBe("1");
    expect(await drawing(w.page, "vg-plateau")).not.toBe(before);
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
