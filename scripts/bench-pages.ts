/**
 * `npm run bench:pages`: what every page of the built site downloads before the
 * reader interacts with it, against the budgets, and its Lighthouse scores.
 *
 * Builds the site under /vanishing-gradients/ (or reuses --dist), serves it as
 * GitHub Pages does (gzip, scripts/bench/site.ts), and for every *.html file of
 * the build:
 *   1. loads the page in Chromium (playwright-core), waits for the network to go
 *      idle, scrolls to the bottom, waits again, and sums what came, in gzip bytes,
 *      by kind: JS, CSS, HTML, fonts, images, data, weights (runs/**), wasm
 *      (scripts/bench/page-weight.ts, the code the budget test uses too);
 *      budgets: no JS on a page without demos, ≤ 30 KB gzip on a demo page, and
 *      never tfjs, Plot, wasm, the digits file or run weights before interaction;
 *   2. runs Lighthouse 12 on it, mobile with simulated throttling (its default),
 *      and prints performance, accessibility, best practices and SEO (target 100
 *      each), with the audits that cost points (scripts/bench/lighthouse.ts).
 *
 * A benchmark, not a test: exits 0 whatever the figures; 1 if the build, the
 * browser or Lighthouse fails; 2 on bad arguments.
 */
import { benchDist, BENCH_BASE, parseCli } from "./bench/cli.ts";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { budgetViolations, builtPages, JS_BUDGET_GZIP, measurePage, type BuiltPage, type PageWeight } from "./bench/page-weight.ts";
import type { DebuggableChromium } from "./bench/chromium.ts";
import type { LighthouseResult } from "./bench/lighthouse.ts";
import { servePages, type Served } from "./bench/site.ts";

const BASE = BENCH_BASE;
const USAGE = `Usage: npm run bench:pages -- [--no-lighthouse] [--only PATH]... [--dist DIR] [--reports DIR] [--cpu-slowdown N] [--help]
  --no-lighthouse   only the bytes downloaded before interaction, no Lighthouse (seconds instead of minutes)
  --only PATH       only this page, as its address below the site: /, /flat-here/, /404.html (repeatable)
  --dist DIR        reuse a build made with BASE_PATH=${BASE} instead of building
  --reports DIR     also write each page's full Lighthouse report there, as JSON
  --cpu-slowdown N  Lighthouse's CPU slowdown instead of its default 4, which turns a fast desktop (benchmark
                    index 1500–2000, printed with each audit) into a mid-tier phone; Lighthouse's docs
                    (docs/throttling.md) give 2 for an index of 800–1500 and 1 below 800`;

const { opts, usageError } = parseCli("bench:pages", USAGE, {
  "no-lighthouse": { type: "boolean", default: false },
  only: { type: "string", multiple: true, default: [] },
  dist: { type: "string" },
  reports: { type: "string" },
  "cpu-slowdown": { type: "string" },
  help: { type: "boolean", default: false },
});
let cpuSlowdown: number | undefined;
if (opts["cpu-slowdown"] !== undefined) {
  cpuSlowdown = Number(opts["cpu-slowdown"]);
  if (!Number.isFinite(cpuSlowdown) || cpuSlowdown < 1 || opts["cpu-slowdown"].trim() === "") usageError(`--cpu-slowdown must be a number ≥ 1, not "${opts["cpu-slowdown"]}"`);
}

/** "/flat-here/", "flat-here", "/vanishing-gradients/flat-here/" → "flat-here/"; "/" → "". */
function pagePath(arg: string, pages: BuiltPage[]): string | null {
  let p = arg.trim();
  if (p.startsWith(BASE)) p = p.slice(BASE.length);
  p = p.replace(/^\/+/, "");
  for (const candidate of [p, p.endsWith("/") || p.endsWith(".html") || p === "" ? null : `${p}/`]) {
    if (candidate !== null && pages.some((page) => page.path === candidate)) return candidate;
  }
  return null;
}

/** Lighthouse takes 15–110 s a page on a busy two-core machine; past this, something hangs. */
const AUDIT_TIMEOUT_S = 300;

function failedAudit(url: string, message: string, ms: number): LighthouseResult {
  return {
    url,
    scores: { performance: null, accessibility: null, "best-practices": null, seo: null },
    lost: [],
    metrics: { fcp: NaN, lcp: NaN, tbt: NaN, cls: NaN, si: NaN },
    warnings: [],
    runtimeError: message,
    benchmarkIndex: NaN,
    cpuSlowdown: NaN,
    errored: [],
    ms,
  };
}

const kb = (bytes: number) => (bytes === 0 ? "0" : bytes.toLocaleString("en-US"));
const show = (path: string) => `/${path}`;

// Chromium and Lighthouse load only once the arguments are known to be good.
const { launchBrowser, launchDebuggable } = await import("./bench/chromium.ts");
const started = performance.now();
let dist = opts.dist;
let server: Served | null = null;
let browser: Browser | null = null;
let chromium: DebuggableChromium | null = null;
try {
  dist = await benchDist("bench:pages", dist, usageError);
  let pages = await builtPages(dist);
  if (opts.only.length > 0) {
    const chosen = opts.only.map((arg) => {
      const p = pagePath(arg, pages);
      if (p === null) usageError(`--only ${arg}: no such page in the build (have: ${pages.map((page) => show(page.path)).join(", ")})`);
      return p;
    });
    pages = pages.filter((page) => chosen.includes(page.path));
  }
  server = await servePages(dist, BASE);

  // 1. Bytes before interaction.
  browser = await launchBrowser();
  console.log(`Chromium ${browser.version()}: load, network idle, scroll to the bottom, idle again; gzip -9 bytes (already-compressed formats as they are)`);
  const weights: PageWeight[] = [];
  for (const page of pages) weights.push(await measurePage(browser, page.path, { siteUrl: server.url }));
  await browser.close();
  browser = null;

  const cols = ["js", "css", "html", "font", "image", "data", "weights", "wasm"] as const;
  const heads = ["JS", "CSS", "HTML", "fonts", "images", "data", "weights", "wasm"];
  const width = Math.max(24, ...pages.map((p) => show(p.path).length + 2));
  console.log(`\nDownloaded before interaction, gzip bytes (budget: JS 0 without demos, ≤ ${kb(JS_BUDGET_GZIP)} with; no tfjs, Plot, wasm, digits or weights)`);
  console.log(`${"page".padEnd(width)}${"demos".padEnd(7)}${heads.map((h) => h.padStart(9)).join("")}${"total".padStart(10)}  budget`);
  let broken = 0;
  for (const w of weights) {
    const total = Object.values(w.totals).reduce((a, b) => a + b, 0);
    const violations = budgetViolations(w);
    if (violations.length) broken++;
    console.log(`${show(w.path).padEnd(width)}${(w.hasDemos ? "yes" : "no").padEnd(7)}${cols.map((c) => kb(w.totals[c]).padStart(9)).join("")}${kb(total).padStart(10)}  ${violations.length ? "OVER" : "ok"}`);
  }
  for (const w of weights) {
    const notes = [
      ...budgetViolations(w),
      ...(w.totals.other ? [`other: ${kb(w.totals.other)} B (${w.resources.filter((r) => r.kind === "other").map((r) => r.path).join(", ")})`] : []),
      ...w.failed.map((f) => `failed request: ${f}`),
      ...w.foreign.map((f) => `request to another origin (aborted): ${f}`),
    ];
    if (notes.length) console.log(`  ${show(w.path)}: ${notes.join("\n    ")}`);
  }
  console.log(broken ? `Budgets: ${broken} of ${weights.length} page(s) over.` : `Budgets: all ${weights.length} pages within.`);

  // 2. Lighthouse.
  if (opts["no-lighthouse"]) {
    console.log("\nLighthouse: skipped (--no-lighthouse)");
  } else {
    const { audit, CATEGORIES, SLOW_HOST_BENCHMARK_INDEX } = await import("./bench/lighthouse.ts");
    if (opts.reports) await mkdir(opts.reports, { recursive: true });
    console.log(`\nLighthouse (mobile, simulated throttling), one page at a time…`);
    const results: LighthouseResult[] = [];
    for (const page of pages) {
      // A fresh Chromium per page: nothing cached or warmed up by the previous audit.
      chromium = await launchDebuggable();
      const url = new URL(page.path, server.url).href;
      const reportPath = opts.reports ? join(opts.reports, `${page.path.replace(/\/$/, "").replace(/[/.]/g, "-") || "home"}.json`) : undefined;
      const t0 = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const running = audit(url, chromium.port, { reportPath, cpuSlowdown });
        running.catch(() => {}); // after a timeout, closing Chromium makes it fail: nobody waits for it then
        const r = await Promise.race([
          running,
          new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`timed out after ${AUDIT_TIMEOUT_S} s`)), AUDIT_TIMEOUT_S * 1000))),
        ]);
        results.push(r);
        const slow = r.benchmarkIndex < SLOW_HOST_BENCHMARK_INDEX && cpuSlowdown === undefined ? ` (below ${SLOW_HOST_BENCHMARK_INDEX}: slower than Lighthouse expects, so TBT and the other CPU-bound figures read worse than Lighthouse means them; see --cpu-slowdown)` : "";
        console.log(`  ${show(page.path)}: ${(r.ms / 1000).toFixed(0)} s; CPU slowdown ${r.cpuSlowdown}×, benchmark index ${Math.round(r.benchmarkIndex)}${slow}`);
      } catch (e) {
        const message = (e as Error).message.split("\n")[0];
        console.log(`  ${show(page.path)}: Lighthouse failed: ${message}`);
        results.push(failedAudit(url, message, performance.now() - t0));
        process.exitCode = 1;
      } finally {
        clearTimeout(timer);
        await chromium.close();
        chromium = null;
      }
    }
    const short = ["perf", "a11y", "best", "SEO"];
    console.log(`\nLighthouse scores (target 100 each), and the performance metrics`);
    console.log(`${"page".padEnd(width)}${short.map((h) => h.padStart(6)).join("")}${"FCP".padStart(8)}${"LCP".padStart(8)}${"TBT".padStart(9)}${"CLS".padStart(7)}${"SI".padStart(8)}`);
    const s = (ms: number) => (Number.isNaN(ms) ? "–" : `${(ms / 1000).toFixed(1)} s`);
    for (const [i, r] of results.entries()) {
      const m = r.metrics;
      console.log(
        `${show(pages[i].path).padEnd(width)}${CATEGORIES.map((c) => String(r.scores[c] ?? "–").padStart(6)).join("")}` +
          `${s(m.fcp).padStart(8)}${s(m.lcp).padStart(8)}${(Number.isNaN(m.tbt) ? "–" : `${Math.round(m.tbt)} ms`).padStart(9)}${(Number.isNaN(m.cls) ? "–" : m.cls.toFixed(2)).padStart(7)}${s(m.si).padStart(8)}`,
      );
    }
    console.log(`\nWhat cost points`);
    let anyLost = false;
    for (const [i, r] of results.entries()) {
      const lines = [
        ...r.lost.map((l) => `${l.category}: ${l.title} (${l.id})${l.display ? `: ${l.display}` : ""}, score ${l.score}`),
        ...(r.runtimeError ? [`runtime error: ${r.runtimeError}`] : []),
        ...r.warnings.map((w) => `warning: ${w}`),
      ];
      if (lines.length === 0) continue;
      anyLost = true;
      console.log(`  ${show(pages[i].path)}\n    ${lines.join("\n    ")}`);
    }
    if (!anyLost) console.log("  nothing: every page scores 100 in every category");
    const errored = new Map<string, string[]>();
    for (const [i, r] of results.entries()) for (const e of r.errored) errored.set(e, [...(errored.get(e) ?? []), show(pages[i].path)]);
    if (errored.size) {
      console.log(`\nAudits Lighthouse could not run (not scored; the category scores above do not include them)`);
      for (const [e, on] of errored) console.log(`  ${e} — ${on.length === pages.length ? "every page" : on.join(", ")}`);
    }
  }
  console.log(`\nbench:pages took ${((performance.now() - started) / 1000).toFixed(0)} s`);
} catch (e) {
  process.stderr.write(`bench:pages: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await chromium?.close();
  await server?.close();
}
