/**
 * The live "through time" demo <vg-through-time> in Chromium on the built site's
 * /through-time/: the build-time figure without JavaScript; nothing heavy before the reader acts; LSTM,
 * T = 10, Step one epoch → live gradient lines of T + 1 points and an accuracy point, with the committed
 * seed-1 run faint behind and its points those of the raw log file; keyboard operation; a corrupt log
 * answered with a note. Oracles: public/runs/<id>/log.json read here, T + 1, the chart's constants.
 */
import { describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { demosUpgraded, faultFile, openPage, sharedBrowser, watchedPage } from "../support/browser.ts";
import { CHART } from "../../src/islands/through-time/figure.ts";
import { vertices } from "../support/svg-read.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const url = inject("baseUrl") + "through-time/";
const browser = sharedBrowser();
type Entry = { epoch: number; testAccuracy: number; hiddenGradNorms: number[] };
type Log = { task: { T: number }; initial: Entry; epochs: Entry[] };
const logOf = (id: string): Log => JSON.parse(readFileSync(join(ROOT, "public/runs", id, "log.json"), "utf8"));
type El = HTMLElement & { entries: Entry[]; state: string; backend: string | null };

/** Each path with a data-line in a chart: name, faint or not, vertices (the path data read here, not in the page). */
const pathsOf = async (page: Page, chart: string) =>
  (
    await page.locator(`vg-through-time [data-role="chart-${chart}"] svg path[data-line]`).evaluateAll((ps) =>
      ps.map((p) => ({ line: p.getAttribute("data-line")!, ghost: p.classList.contains("trainer-ghost"), d: p.getAttribute("d") ?? "" })),
    )
  ).map(({ line, ghost, d }) => ({ line, ghost, pts: vertices(d) }));

/** Fits y = a + b·log10(v) over every (value, pixel) pair; returns the largest residual in px and the slope. */
function logFit(pairs: [number, number][]): { worst: number; b: number } {
  const xs = pairs.map(([v]) => Math.log10(v));
  const ys = pairs.map(([, y]) => y);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const b = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const a = my - b * mx;
  return { worst: Math.max(...xs.map((x, i) => Math.abs(a + b * x - ys[i]))), b };
}

const settled = (page: Page, n: number) =>
  page.waitForFunction((k) => {
    const t = document.querySelector("vg-through-time") as El;
    return t.state === "failed" || (t.state === "paused" && t.entries.length === k);
  }, n, { timeout: 90_000 });

describe("<vg-through-time>", () => {
  it("without JavaScript: the committed rnn-t20-s1 run as a static figure, one line per logged entry, 21 points each", async () => {
    const { page } = await openPage(browser(), url, { javaScriptEnabled: false });
    const log = logOf("through-time-rnn-t20-s1");
    const entries = [log.initial, ...log.epochs];
    const paths = await pathsOf(page, "gradient");
    expect(paths.map((p) => p.line)).toEqual(entries.map((e) => `e${e.epoch}`));
    for (const p of paths) expect(p.pts).toHaveLength(21);
    expect(logFit(paths.flatMap((p, k) => p.pts.map(([, y], t) => [entries[k].hiddenGradNorms[t], y] as [number, number]))).worst).toBeLessThan(0.02);
    await expect(page.locator('vg-through-time [data-role="controls"]').isHidden()).resolves.toBe(true);
    await expect(page.locator("vg-through-time .tt-data").textContent()).resolves.toContain("through-time-rnn-t20-s1");
    await page.context().close();
  });

  it("LSTM, T = 10, Step one epoch: live lines of 11 points, an accuracy point, the committed run faint with the raw log's points", async () => {
    const w = await watchedPage(browser(), new URL(url).origin);
    const { page } = w;
    const heavy: string[] = [];
    page.on("request", (r) => void (/worker|tfjs|\.wasm|\/runs\//.test(r.url()) && heavy.push(r.url())));
    await page.goto(url, { waitUntil: "networkidle" });
    await demosUpgraded(page);
    // Nothing heavy (the worker, tfjs, wasm, a run log) is fetched before the reader acts.
    await page.mouse.wheel(0, 2000);
    await page.waitForLoadState("networkidle");
    expect(heavy).toEqual([]);
    await page.selectOption('vg-through-time select[data-role="cell"]', "lstm");
    await page.selectOption('vg-through-time select[data-role="T"]', "10");
    await page.click('vg-through-time button[data-act="step"]');
    await settled(page, 2);
    const t = await page.evaluate(() => {
      const el = document.querySelector("vg-through-time") as El;
      return { state: el.state, backend: el.backend, entries: el.entries };
    });
    expect(t.state).toBe("paused");
    expect(t.backend).toBe("wasm");
    expect(t.entries.map((e) => e.epoch)).toEqual([0, 1]);
    expect(heavy.some((u) => /worker/.test(u))).toBe(true);

    const log = logOf("through-time-lstm-t10-s1");
    const committed = [log.initial, ...log.epochs];
    // The live run is the committed run's code and config: at epoch 0 it measures what the log says.
    t.entries[0].hiddenGradNorms.forEach((v, i) => expect(v / log.initial.hiddenGradNorms[i]).toBeCloseTo(1, 4));
    expect(t.entries[0].testAccuracy).toBe(log.initial.testAccuracy);

    const paths = await pathsOf(page, "gradient");
    const ghosts = paths.filter((p) => p.ghost);
    const live = paths.filter((p) => !p.ghost);
    expect(ghosts.map((p) => p.line)).toEqual(committed.map((e) => `committed-${e.epoch}`));
    expect(live.map((p) => p.line)).toEqual(["e0", "e1"]);
    for (const p of paths) expect(p.pts, p.line).toHaveLength(11);
    // x: t = 0..10 across the plot.
    live[1].pts.forEach(([x], i) => expect(x).toBeCloseTo(CHART.m.left + (i / 10) * (CHART.w - CHART.m.right - CHART.m.left), 1));
    // y: every faint point and every live point on one log axis, at the raw log's and the live run's values.
    const pairs: [number, number][] = [
      ...ghosts.flatMap((p, k) => p.pts.map(([, y], i) => [committed[k].hiddenGradNorms[i], y] as [number, number])),
      ...live.flatMap((p, k) => p.pts.map(([, y], i) => [t.entries[k].hiddenGradNorms[i], y] as [number, number])),
    ];
    const fit = logFit(pairs);
    expect(fit.worst).toBeLessThan(0.02);
    expect(fit.b).toBeLessThan(0);

    const acc = await pathsOf(page, "accuracy");
    expect(acc.map((p) => `${p.line}:${p.pts.length}`)).toEqual([`committed-train:${committed.length}`, `committed-test:${committed.length}`, "train:2", "test:2"]);
    await expect(page.locator('vg-through-time [data-role="chart-accuracy"] circle[data-line="test"]').count()).resolves.toBe(1);
    const text = (role: string) => page.locator(`vg-through-time [data-role="${role}"]`).textContent();
    await expect(text("note")).resolves.toBe("Faint behind the live run: the committed run through-time-lstm-t10-s1 (seed 1, measured at epochs 0, 3, 6, 9, 12), trained with these settings by the same code.");
    await expect(text("readout")).resolves.toMatch(/^Epoch 1 of 12: test accuracy [\d.]+%, training [\d.]+%; .* Gradient norm before clipping in epoch 1: mean [\d.]+, max [\d.]+; /);
    await expect(text("status")).resolves.toMatch(/^Paused\. Training on WebAssembly \(with(out)? SIMD\) in a Web Worker/);
    expect(page.url()).toContain("through-time.cell=lstm");
    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    expect(w.csp).toEqual([]);
    await page.context().close();
  });

  it("works from the keyboard: arrows change the menus, Space toggles clipping, Enter steps", async () => {
    const w = await openPage(browser(), url);
    const { page } = w;
    const cell = page.locator('vg-through-time select[data-role="cell"]');
    await cell.focus();
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => page.evaluate(() => (document.querySelector("vg-through-time") as El & { settings: { cell: string } }).settings.cell)).toBe("lstm");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Home");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => (document.activeElement as HTMLElement).dataset.role)).resolves.toBe("clip");
    await page.keyboard.press("Space");
    await expect(page.evaluate(() => (document.querySelector("vg-through-time") as El & { settings: object }).settings)).resolves.toEqual({ cell: "lstm", T: 5, init: "uniform", clip: false });
    await expect.poll(() => page.locator('vg-through-time [data-role="note"]').textContent()).toMatch(/^There is no committed run without clipping\. Faint, for reference: the committed run through-time-lstm-t5-s1 /);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => (document.activeElement as HTMLElement).dataset.act)).resolves.toBe("step");
    await page.keyboard.press("Enter");
    await settled(page, 2);
    const paths = await pathsOf(page, "gradient");
    expect(paths.filter((p) => !p.ghost).map((p) => `${p.line}:${p.pts.length}`)).toEqual(["e0:6", "e1:6"]);
    expect(w.errors).toEqual([]);
    await page.context().close();
  });

  it("a corrupt committed log: a note says so, the live run still trains", async () => {
    const w = await openPage(browser(), url);
    const { page } = w;
    await faultFile(page, "runs/through-time-gru-t5-s1/log.json", "corrupt");
    await page.selectOption('vg-through-time select[data-role="cell"]', "gru");
    await page.selectOption('vg-through-time select[data-role="T"]', "5");
    await expect.poll(() => page.locator('vg-through-time [data-role="note"]').textContent()).toBe(
      "The committed run through-time-gru-t5-s1 could not be loaded (runs/through-time-gru-t5-s1/log.json does not match its sha256 in runs/through-time-gru-t5-s1/manifest.json: the file is corrupt or from another run), so only the live run is drawn.",
    );
    await page.click('vg-through-time button[data-act="step"]');
    await settled(page, 2);
    const paths = await pathsOf(page, "gradient");
    expect(paths.map((p) => p.line)).toEqual(["e0", "e1"]);
    await page.context().close();
  });
});
