/**
 * `npm run bench:demos`: how quickly every interactive demo ("island", a custom
 * element named vg-*) answers its reader, and how much JavaScript each demo
 * lesson loads. Builds the site under /vanishing-gradients/ (or reuses --dist),
 * serves it, and drives Debian's Chromium through playwright-core.
 *
 * Response time (target: median ≤ 2 ms; the 95th percentile is printed too). For each island
 * and each of its controls (range, select, checkbox, button), inside the page:
 * alternate the control between two valid values, and time from just before the
 * event is dispatched (`input` for ranges, `input` + `change` for selects, a
 * native click() for checkboxes and buttons) until the island's `vg-drawn` event
 * has fired and every synchronous listener has returned, then read
 * island.getBoundingClientRect(): that forces the style recalculation and layout
 * the change caused, which the browser would otherwise do later, off the clock.
 * The "handler" column is the median time before that forced layout, so the
 * difference is the browser's style/layout. Paint and compositing are not
 * included (headless, no GPU: not representative of a reader's machine).
 * Each sample starts after a frame has been produced (rAF, then a task), as a
 * reader's inputs arrive between frames; a few warm-up samples go uncounted.
 * Islands that draw asynchronously are awaited (up to 1 s). Islands with a
 * draggable point (`[data-role="handle"]`) also get a drag: synthetic
 * PointerEvents (pointerdown on the handle, then pointermoves along a circle
 * over the SVG), each move timed the same way. Chromium coarsens
 * performance.now() to 0.1 ms on pages that are not cross-origin isolated.
 *
 * JS budget (target ≤ 30 KB = 30,720 bytes gzip): every script response during
 * load until network idle, plus modulepreload links and inline scripts, each
 * gzipped at level 9 in Node (about what GitHub Pages serves).
 *
 * Bytes on first touch (no target; shown for the islands that fetch data when the reader first
 * reaches for them): for each island, in a fresh browser context, load the page and wait for the
 * network to go quiet, then focus the island's first control (what a reader's Tab or tap does first)
 * and record every response until the network is quiet again; each body gzipped at level 9 in Node
 * as above (a file gzip would not shrink counts as it is).
 *
 * A benchmark, not a test: exits 0 whatever the figures; 1 if the build or the
 * browser fails; 2 on bad arguments.
 */
import { benchDist, BENCH_BASE, parseCli } from "./bench/cli.ts";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./bench/chromium.ts";
import { ROOT, serveDist, type Served } from "./bench/site.ts";
import { demosUpgraded, watchedPage } from "./bench/watched-page.ts";

const BASE = BENCH_BASE;
const TARGET_MS = 2;
const TARGET_GZIP = 30 * 1024;
const WARMUP = 10;
const USAGE = `Usage: npm run bench:demos -- [--iterations N] [--dist DIR] [--page SLUG] [--help]
  --iterations N  timed samples per control and per drag (default 200)
  --dist DIR      reuse a build made with BASE_PATH=${BASE} instead of building
  --page SLUG     only the lesson content/lessons/SLUG.mdx`;

const { opts, usageError } = parseCli("bench:demos", USAGE, {
  iterations: { type: "string", default: "200" },
  dist: { type: "string" },
  page: { type: "string" },
  help: { type: "boolean", default: false },
});
const ITERATIONS = Number(opts.iterations);
if (!Number.isInteger(ITERATIONS) || ITERATIONS < 1) usageError("--iterations must be a positive integer");
let slugs = (await readdir(join(ROOT, "content/lessons"))).filter((f) => f.endsWith(".mdx")).map((f) => f.slice(0, -4)).sort();
if (opts.page !== undefined) {
  if (!slugs.includes(opts.page)) usageError(`no lesson content/lessons/${opts.page}.mdx (have: ${slugs.join(", ")})`);
  slugs = [opts.page];
}

/** What one page.evaluate returns for one island. */
/** `first`: the first (cold) sample, before warm-up: it includes whatever the island loads on first touch. */
interface Timed { label: string; kind: string; times: number[] | null; handler: number[]; note: string; first?: number }
interface IslandResult { name: string; upgraded: boolean; controls: Timed[]; drag: Timed | null }

/** Runs in the page (serialised by playwright): must not refer to anything outside itself. */
async function measureIslands(arg: { iterations: number; warmup: number }): Promise<IslandResult[]> {
  const { iterations, warmup } = arg;
  const nextFrame = () => new Promise<void>((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
  const isIsland = (el: Element) => el.tagName.startsWith("VG-");
  const islandOf = (el: Element) => {
    let p = el.parentElement;
    while (p && !isIsland(p)) p = p.parentElement;
    return p;
  };
  /** [ms to vg-drawn + synchronous handlers + forced style/layout, ms before the layout]; null if vg-drawn never came. */
  async function timeOnce(island: HTMLElement, act: () => void): Promise<[number, number] | null> {
    let drawn = false;
    let wake = () => {};
    const onDrawn = () => { drawn = true; wake(); };
    island.addEventListener("vg-drawn", onDrawn);
    const t0 = performance.now();
    act();
    if (!drawn) {
      await new Promise<void>((ok) => { wake = ok; setTimeout(ok, 1000); });
    }
    const handled = performance.now();
    island.getBoundingClientRect(); // force the style recalc + layout the redraw caused
    const t1 = performance.now();
    island.removeEventListener("vg-drawn", onDrawn);
    return drawn ? [t1 - t0, handled - t0] : null;
  }
  async function series(label: string, kind: string, island: HTMLElement, act: (i: number) => void): Promise<Timed> {
    const times: number[] = [];
    const handler: number[] = [];
    let first: number | undefined;
    for (let i = 0; i < warmup + iterations; i++) {
      await nextFrame();
      const t = await timeOnce(island, () => act(i));
      if (t === null) return { label, kind, times: null, handler, note: `no vg-drawn within 1 s (sample ${i + 1})` };
      if (i === 0) first = t[0];
      if (i >= warmup) times.push(t[0]), handler.push(t[1]);
    }
    return { label, kind, times, handler, note: "", first };
  }
  const fire = (el: Element, type: string) => el.dispatchEvent(new Event(type, { bubbles: true }));
  const noSubmit = (e: Event) => e.preventDefault();
  document.addEventListener("submit", noSubmit, true);
  const results: IslandResult[] = [];
  const seen = new Map<string, number>();
  for (const island of [...document.querySelectorAll<HTMLElement>("*")].filter(isIsland)) {
    const tag = island.tagName.toLowerCase();
    const n = (seen.get(tag) ?? 0) + 1;
    seen.set(tag, n);
    const name = `${tag} #${n}${island.id ? ` (${island.id})` : ""}`;
    const upgraded = customElements.get(tag) !== undefined;
    const result: IslandResult = { name, upgraded, controls: [], drag: null };
    results.push(result);
    if (!upgraded) continue;
    const controls = [...island.querySelectorAll<HTMLElement>('input[type="range"], select, input[type="checkbox"], button')]
      .filter((c) => islandOf(c) === island && !(c as HTMLInputElement).disabled && !c.closest("a"));
    for (const [k, c] of controls.entries()) {
      const text = c.closest("label")?.querySelector("span")?.textContent ?? c.textContent ?? "";
      const label = c.dataset.role || c.getAttribute("name") || c.id || c.getAttribute("aria-label") || text.trim().slice(0, 24) || `control ${k + 1}`;
      if (c instanceof HTMLInputElement && c.type === "range") {
        const original = c.value;
        const min = Number(c.min || 0), max = Number(c.max || 100);
        const valueAt = (f: number) => { c.value = String(min + f * (max - min)); return c.value; }; // the browser snaps to step
        let pair = [valueAt(0.25), valueAt(0.75)];
        if (pair[0] === pair[1]) pair = [valueAt(0), valueAt(1)];
        c.value = original;
        result.controls.push(await series(label, "range", island, (i) => { c.value = pair[i % 2]; fire(c, "input"); }));
        c.value = original;
        fire(c, "input");
      } else if (c instanceof HTMLSelectElement) {
        const original = c.selectedIndex;
        const usable = [...c.options].map((o, j) => (o.disabled ? -1 : j)).filter((j) => j >= 0);
        if (usable.length < 2) { result.controls.push({ label, kind: "select", times: null, handler: [], note: "fewer than two options" }); continue; }
        result.controls.push(await series(label, "select", island, (i) => {
          c.selectedIndex = usable[(i + 1) % usable.length];
          fire(c, "input");
          fire(c, "change");
        }));
        c.selectedIndex = original;
        fire(c, "input");
        fire(c, "change");
      } else if (c instanceof HTMLInputElement) {
        const original = c.checked;
        result.controls.push(await series(label, "checkbox", island, () => c.click()));
        if (c.checked !== original) c.click();
      } else {
        result.controls.push(await series(label, "button", island, () => c.click()));
      }
    }
    const handle = island.querySelector<SVGGraphicsElement>('[data-role="handle"]');
    if (handle) {
      const svg = handle.ownerSVGElement ?? island;
      // The island may re-render its SVG on every move: look the handle up again each time.
      const target = () => island.querySelector('[data-role="handle"]') ?? svg;
      const hb = handle.getBoundingClientRect();
      const pointer = (type: string, x: number, y: number) =>
        target().dispatchEvent(new PointerEvent(type, {
          bubbles: true, cancelable: true, composed: true, pointerId: 1, pointerType: "mouse", isPrimary: true,
          button: type === "pointermove" ? -1 : 0, buttons: type === "pointerup" ? 0 : 1, clientX: x, clientY: y,
        }));
      pointer("pointerdown", hb.x + hb.width / 2, hb.y + hb.height / 2);
      await nextFrame();
      const drag = await series("drag", "pointer", island, (i) => {
        const box = svg.getBoundingClientRect();
        const a = (2 * Math.PI * i) / 50;
        pointer("pointermove", box.x + box.width * (0.5 + 0.3 * Math.cos(a)), box.y + box.height * (0.5 + 0.3 * Math.sin(a)));
      });
      const box = svg.getBoundingClientRect();
      pointer("pointerup", box.x + box.width / 2, box.y + box.height / 2);
      result.drag = drag;
    }
  }
  document.removeEventListener("submit", noSubmit, true);
  return results;
}

interface ScriptFile { url: string; raw: number; gzip: number }
/**
 * ms after navigation start: DOMContentLoaded, and when each custom element was defined (its controls shown).
 * A demo loads when the reader nears it; the benchmark reaches each in turn once the page is loaded, so these
 * say when that happened, not how fast a demo upgrades.
 */
interface PageTimes { domContentLoaded: number; defined: Record<string, number> }
interface PageResult { slug: string; islands: IslandResult[]; scripts: ScriptFile[]; errors: string[]; times: PageTimes }

async function benchPage(browser: Browser, server: Served, slug: string): Promise<PageResult | string> {
  const url = `${server.url}${slug}/`;
  const w = await watchedPage(browser, new URL(url).origin);
  try {
    const bodies = new Map<string, Promise<Buffer | null>>();
    w.page.on("response", (r) => {
      if (r.request().resourceType() === "script" && r.ok() && !bodies.has(r.url())) bodies.set(r.url(), r.body().catch(() => null));
    });
    // When each island becomes interactive: record the moment its custom element is defined.
    await w.page.addInitScript(() => {
      const defined: Record<string, number> = {};
      (window as unknown as { __vgDefined: Record<string, number> }).__vgDefined = defined;
      const define = customElements.define.bind(customElements);
      customElements.define = (name: string, ctor: CustomElementConstructor, options?: ElementDefinitionOptions) => {
        define(name, ctor, options);
        defined[name] = performance.now();
      };
    });
    const response = await w.page.goto(url, { waitUntil: "networkidle" });
    if (!response?.ok()) return `HTTP ${response?.status() ?? "?"} (a draft, or not built?)`;
    const tags = await w.page.evaluate(() => [...document.querySelectorAll("*")].filter((e) => e.tagName.startsWith("VG-")).length);
    if (tags === 0) return "no vg-* island";
    const { preloads, inline } = await w.page.evaluate(() => ({
      preloads: [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((l) => l.href),
      inline: [...document.querySelectorAll<HTMLScriptElement>("script:not([src])")]
        .filter((s) => ["", "module", "text/javascript", "application/javascript"].includes(s.type))
        .map((s) => s.textContent ?? ""),
    }));
    for (const href of preloads) {
      if (!bodies.has(href)) bodies.set(href, fetch(href).then(async (r) => (r.ok ? Buffer.from(await r.arrayBuffer()) : null)));
    }
    const scripts: ScriptFile[] = [];
    for (const [u, body] of bodies) {
      const b = await body;
      if (b) scripts.push({ url: u.replace(server.url, BASE), raw: b.length, gzip: gzipSync(b, { level: 9 }).length });
    }
    inline.forEach((text, i) => {
      const b = Buffer.from(text);
      scripts.push({ url: `(inline script ${i + 1})`, raw: b.length, gzip: gzipSync(b, { level: 9 }).length });
    });
    // A demo's module loads when the reader nears it (src/islands/islands.ts): reach each one, as a reader would.
    await demosUpgraded(w.page);
    const times = await w.page.evaluate(() => ({
      domContentLoaded: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      defined: { ...(window as unknown as { __vgDefined: Record<string, number> }).__vgDefined },
    }));
    const islands = await w.page.evaluate(measureIslands, { iterations: ITERATIONS, warmup: WARMUP });
    return { slug, islands, scripts, errors: w.errors, times };
  } finally {
    await w.page.context().close();
  }
}

/** What one island fetches when the reader first focuses its first control (see the file comment). */
interface Touched { name: string; files: ScriptFile[] }

async function firstTouch(browser: Browser, server: Served, slug: string): Promise<Touched[]> {
  const url = `${server.url}${slug}/`;
  const probe = await watchedPage(browser, new URL(url).origin);
  await probe.page.goto(url, { waitUntil: "networkidle" });
  const names = await probe.page.evaluate(() =>
    [...document.querySelectorAll("*")].filter((e) => e.tagName.startsWith("VG-")).map((e) => `<${e.tagName.toLowerCase()}${e.getAttribute("state-id") ? ` state-id="${e.getAttribute("state-id")}"` : ""}>`),
  );
  await probe.page.context().close();
  const out: Touched[] = [];
  for (let i = 0; i < names.length; i++) {
    const w = await watchedPage(browser, new URL(url).origin);
    try {
      await w.page.goto(url, { waitUntil: "networkidle" });
      // The demos' modules load as the reader reaches them, before any touch: not counted here.
      await demosUpgraded(w.page);
      await w.page.waitForLoadState("networkidle");
      let inFlight = 0;
      let last = Date.now();
      const bodies: Promise<ScriptFile | null>[] = [];
      w.page.on("request", () => (inFlight++, (last = Date.now())));
      w.page.on("requestfailed", () => (inFlight--, (last = Date.now())));
      w.page.on("requestfinished", () => (inFlight--, (last = Date.now())));
      w.page.on("response", (r) => {
        bodies.push(
          r.body().then(
            (b) => ({ url: r.url().replace(server!.url, BASE), raw: b.length, gzip: Math.min(b.length, gzipSync(b, { level: 9 }).length) }),
            () => null,
          ),
        );
      });
      const island = w.page.locator(`xpath=(//*[starts-with(local-name(), "vg-")])[${i + 1}]`);
      await island.locator("button:visible, input:visible, select:visible").first().focus();
      const started = Date.now();
      while (Date.now() - started < 20_000 && !(inFlight === 0 && Date.now() - last >= 750)) await new Promise((ok) => setTimeout(ok, 50));
      out.push({ name: names[i], files: (await Promise.all(bodies)).filter((f): f is ScriptFile => f !== null) });
    } finally {
      await w.page.context().close();
    }
  }
  return out;
}

const ms = (v: number) => v.toFixed(2).padStart(8);
const verdict = (ok: boolean) => (ok ? "ok" : "over");
function stats(times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2, p95: at(0.95), max: s[s.length - 1] };
}
const row = (name: string, times: number[], handler: number[]) => {
  const { median, p95, max } = stats(times);
  return `${name.padEnd(36)}${String(times.length).padStart(6)}${ms(median)}${ms(p95)}${ms(max)}${ms(stats(handler).median)}  ${verdict(median <= TARGET_MS)}`;
};

let dist = opts.dist;
let server: Served | null = null;
let browser: Browser | null = null;
const summary: string[] = [];
try {
  dist = await benchDist("bench:demos", dist, usageError);
  server = await serveDist(dist, BASE);
  browser = await launchBrowser();
  console.log(`Chromium ${browser.version()}, ${ITERATIONS} samples (+${WARMUP} warm-up) per control; targets: median ≤ ${TARGET_MS} ms (p95 shown for context only, not held to a target), JS ≤ ${TARGET_GZIP} B gzip`);
  let handles = 0;
  for (const slug of slugs) {
    const r = await benchPage(browser, server, slug);
    if (typeof r === "string") {
      console.log(`\n/${slug}/: skipped, ${r}`);
      continue;
    }
    console.log(`\n/${slug}/`);
    const raw = r.scripts.reduce((a, s) => a + s.raw, 0);
    const gz = r.scripts.reduce((a, s) => a + s.gzip, 0);
    console.log(`  JavaScript before interaction: ${r.scripts.length} file(s)`);
    for (const s of r.scripts) console.log(`    ${s.url.padEnd(72)}${String(s.raw).padStart(9)} B raw${String(s.gzip).padStart(8)} B gzip`);
    console.log(`    ${"total".padEnd(72)}${String(raw).padStart(9)} B raw${String(gz).padStart(8)} B gzip  (target ≤ ${TARGET_GZIP})  ${verdict(gz <= TARGET_GZIP)}`);
    const defined = Object.entries(r.times.defined).map(([t, at]) => `${t} ${at.toFixed(0)} ms`).join(", ");
    console.log(`  Load to interactive (served locally, so network time is nearly nil): DOMContentLoaded ${r.times.domContentLoaded.toFixed(0)} ms; controls live (element defined): ${defined || "none"}`);
    let worst = 0;
    for (const island of r.islands) {
      if (!island.upgraded) {
        console.log(`  ${island.name}: not defined as a custom element, skipped`);
        continue;
      }
      console.log(`  ${island.name}: ms from input to vg-drawn + layout (handler: median before the forced layout)`);
      console.log(`    ${"control".padEnd(36)}${"n".padStart(6)}${"median".padStart(8)}${"p95".padStart(8)}${"max".padStart(8)}${"handler".padStart(8)}`);
      const all: number[] = [];
      const allHandler: number[] = [];
      const timed = island.drag ? [...island.controls, island.drag] : island.controls;
      for (const c of timed) {
        if (c.times) {
          all.push(...c.times);
          allHandler.push(...c.handler);
          console.log(`    ${row(`${c.label} (${c.kind})`, c.times, c.handler)}`);
          // A cold first touch that costs far more than the median is worth seeing (data fetched on demand).
          if (c.first !== undefined && c.first > 10 * stats(c.times).median && c.first > 5) console.log(`      first touch (cold): ${c.first.toFixed(1)} ms`);
        } else console.log(`    ${`${c.label} (${c.kind})`.padEnd(36)}  skipped: ${c.note}`);
      }
      if (island.drag) handles++;
      if (all.length === 0) {
        console.log(`    no timed control`);
        continue;
      }
      console.log(`    ${row("all controls", all, allHandler)}`);
      const { median, p95 } = stats(all);
      worst = Math.max(worst, p95);
      summary.push(`${`/${slug}/`.padEnd(24)}${island.name.padEnd(28)}${ms(median)}${ms(p95)}  ${verdict(median <= TARGET_MS).padEnd(6)}${String(gz).padStart(9)}  ${verdict(gz <= TARGET_GZIP)}`);
    }
    if (r.errors.length) console.log(`  page errors: ${r.errors.join(" | ")}`);
    console.log(`  Bytes on first touch (focus on the island's first control, fresh context; gzip -9, files gzip cannot shrink as they are):`);
    for (const t of await firstTouch(browser, server, slug)) {
      const total = t.files.reduce((a, f) => a + f.gzip, 0);
      console.log(`    ${t.name}: ${t.files.length} file(s), ${total} B gzip`);
      for (const f of [...t.files].sort((a, b) => b.gzip - a.gzip)) console.log(`      ${f.url.padEnd(70)}${String(f.raw).padStart(9)} B raw${String(f.gzip).padStart(8)} B gzip`);
    }
  }
  if (handles === 0) console.log(`\npointer drags: skipped, no island has a [data-role="handle"] yet`);
  console.log(`\nSummary (ms from input to redraw + layout; JS = gzip bytes on the page)`);
  console.log(`${"page".padEnd(24)}${"island".padEnd(28)}${"median".padStart(8)}${"p95".padStart(8)}  ≤${TARGET_MS}ms ${"JS gzip".padStart(9)}  ≤30KB`);
  for (const line of summary) console.log(line);
  if (summary.length === 0) console.log("(no lesson page with a vg-* island)");
} catch (e) {
  process.stderr.write(`bench:demos: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await server?.close();
}
