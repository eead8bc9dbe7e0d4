/**
 * What a page downloads before the reader interacts with it, measured in a real
 * browser, and the budgets it must keep. Shared by the budget test
 * (tests/browser/budgets.test.ts) and `npm run bench:pages`.
 *
 * "Before interaction": load the page, wait for the network to go idle, scroll to
 * the bottom one screen at a time (demos may start when they scroll into view:
 * that still happens without the reader doing anything), wait for idle again.
 * Every response in that time is recorded with its size; the page's inline
 * <script>s count as JavaScript too.
 *
 * Sizes are what a server that compresses text would send: text formats (HTML,
 * CSS, JavaScript, JSON, SVG, wasm…) gzipped here at level 9 with node:zlib (the
 * test server does not compress), formats that are compressed already (woff2,
 * png, .gz…) as they are.
 *
 * Budgets (what a reader on a slow phone connection waits for):
 *   - a page without demos (no vg-* custom element in its HTML) loads no JavaScript at all;
 *   - a page with demos loads at most 30 KB (30,720 bytes) of JavaScript, gzip;
 *   - no page loads a heavy module before interaction: tfjs, Observable Plot, any
 *     wasm, the digits data file (data/*.bin.gz) or run weights (runs/**).
 *
 * Imports nothing from tests/ or src/: it takes a playwright Browser.
 */
import { readFile, readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Request } from "playwright-core";

export const JS_BUDGET_GZIP = 30 * 1024;

export const KINDS = ["js", "css", "html", "font", "image", "data", "weights", "wasm", "other"] as const;
export type Kind = (typeof KINDS)[number];

export interface Resource {
  /** The URL as the page asked for it (inline scripts: "(inline script N)"). */
  url: string;
  /** Path below the site's base ("" for the home page), or the full URL for another origin. */
  path: string;
  kind: Kind;
  status: number;
  raw: number;
  /** Bytes on the wire from a compressing server (see the file comment). */
  gzip: number;
  /** Why this is a heavy module that must wait for interaction, or null. */
  heavy: string | null;
}

export interface PageWeight {
  url: string;
  /** Path below the base: "", "flat-here/", "404.html". */
  path: string;
  status: number;
  hasDemos: boolean;
  resources: Resource[];
  /** gzip bytes per kind. */
  totals: Record<Kind, number>;
  /** Requests to another origin (aborted: this network is closed, and pages must not make them). */
  foreign: string[];
  /** Requests that failed or answered 4xx/5xx, other than the page itself. */
  failed: string[];
}

/** A page of the built site: its path below the base and whether its HTML has a vg-* demo. */
export interface BuiltPage {
  path: string;
  file: string;
  hasDemos: boolean;
}

/** A page "has demos" when its HTML contains a vg-* custom element. */
export function hasDemos(html: string): boolean {
  return /<vg-[a-z0-9]+(?:-[a-z0-9]+)*[\s>/]/.test(html);
}

/** Every *.html file of a build, as the path a reader would open (below the base). */
export async function builtPages(distDir: string): Promise<BuiltPage[]> {
  const pages: BuiltPage[] = [];
  for (const entry of await readdir(distDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const file = join(entry.parentPath, entry.name);
    const rel = relative(distDir, file).split(sep).join("/");
    const path = rel === "index.html" ? "" : rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel;
    pages.push({ path, file, hasDemos: hasDemos(await readFile(file, "utf8")) });
  }
  return pages.sort((a, b) => (a.path === "" ? -1 : b.path === "" ? 1 : a.path.localeCompare(b.path)));
}

const EXT_KIND: [RegExp, Kind][] = [
  [/\.wasm$/, "wasm"],
  [/\.(?:m?js)$/, "js"],
  [/\.css$/, "css"],
  [/\.html?$/, "html"],
  [/\.(?:woff2?|ttf|otf|eot)$/, "font"],
  [/\.(?:svg|png|jpe?g|gif|webp|avif|ico)$/, "image"],
  [/\.(?:json|bin|gz)$/, "data"],
];

/**
 * What a response is. `path` is below the site's base; the weights of runs
 * (runs/**) are weights whatever their extension, wasm is wasm whatever its name.
 */
export function classify(path: string, contentType = "", resourceType = ""): Kind {
  const p = path.split(/[?#]/)[0].toLowerCase();
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (/^runs\//.test(p)) return "weights";
  if (type === "application/wasm" || p.endsWith(".wasm")) return "wasm";
  for (const [re, kind] of EXT_KIND) if (re.test(p)) return kind;
  if (resourceType === "document" || type === "text/html") return "html";
  if (resourceType === "script" || /javascript|ecmascript/.test(type)) return "js";
  if (resourceType === "stylesheet" || type === "text/css") return "css";
  if (resourceType === "font" || type.startsWith("font/")) return "font";
  if (resourceType === "image" || type.startsWith("image/")) return "image";
  if (type === "application/json" || type === "application/octet-stream" || type === "application/gzip") return "data";
  return "other";
}

/** Strings that only these libraries' code contains (they survive minification). */
const HEAVY_CODE: [string, string][] = [
  ["tfjsflags", "tfjs"], // tfjs-core's URL flag prefix, in every tfjs bundle
  ["tfjs-backend-wasm", "tfjs (wasm backend)"],
  ["plot-d6a7b5", "Observable Plot"], // Plot's default class name
];

/** Why a response is a heavy module that must wait for the reader, or null. */
export function heavyReason(path: string, kind: Kind, body?: Buffer): string | null {
  const p = path.split(/[?#]/)[0];
  if (kind === "wasm" || (body && body.subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d])))) return "WebAssembly";
  if (kind === "weights") return "run weights (runs/**)";
  if (/^data\/[^/]+\.bin\.gz$/.test(p)) return "the digits data file (data/*.bin.gz)";
  if (kind === "js" && body) {
    const text = body.toString("latin1");
    for (const [marker, name] of HEAVY_CODE) if (text.includes(marker)) return name;
  }
  return null;
}

/** Formats a server would gzip; the rest are compressed already and travel as they are. */
function compressible(kind: Kind, contentType: string): boolean {
  if (kind === "font") return false;
  if (kind === "image") return /svg/.test(contentType) || contentType === "";
  if (kind === "data" || kind === "weights" || kind === "other") return !/gzip|zip|png|jpe?g|webp|woff/.test(contentType);
  return true;
}

export function gzipSize(body: Buffer): number {
  return gzipSync(body, { level: 9 }).length;
}

function wireSize(body: Buffer, kind: Kind, contentType: string, path: string): number {
  if (path.endsWith(".gz")) return body.length;
  return compressible(kind, contentType) ? gzipSize(body) : body.length;
}

/** Waits until no request has been in flight for `quietMs` (at most `timeoutMs`). */
async function networkQuiet(inFlight: () => number, lastActivity: () => number, quietMs = 500, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (inFlight() === 0 && Date.now() - lastActivity() >= quietMs) return;
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/** Refuses every request to another origin than `origin` (data: URLs aside) and records it in `foreign`. */
export async function blockForeign(context: BrowserContext, origin: string, foreign: string[]): Promise<void> {
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (!u.startsWith("data:") && new URL(u).origin !== origin) {
      foreign.push(u);
      return route.abort();
    }
    return route.continue();
  });
}

export interface MeasureOptions {
  /** The site's root URL, ending in the base path: http://127.0.0.1:PORT/vanishing-gradients/ */
  siteUrl: string;
  viewport?: { width: number; height: number };
}

/** Loads one page in a fresh browser context and records what it downloads before interaction. */
export async function measurePage(browser: Browser, path: string, options: MeasureOptions): Promise<PageWeight> {
  const url = new URL(path, options.siteUrl).href;
  const origin = new URL(options.siteUrl).origin;
  const basePath = new URL(options.siteUrl).pathname;
  const below = (u: string) => {
    const parsed = new URL(u);
    if (parsed.origin !== origin) return u;
    return parsed.pathname.startsWith(basePath) ? parsed.pathname.slice(basePath.length) : parsed.pathname;
  };
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const foreign: string[] = [];
  const failed: string[] = [];
  let inFlight = 0;
  let lastActivity = Date.now();
  const pending = new Set<Request>();
  const seen: Promise<Resource | null>[] = [];
  try {
    await blockForeign(context, origin, foreign);
    const page = await context.newPage();
    page.on("request", (r) => {
      pending.add(r);
      inFlight = pending.size;
      lastActivity = Date.now();
    });
    const settle = (r: Request) => {
      pending.delete(r);
      inFlight = pending.size;
      lastActivity = Date.now();
    };
    page.on("requestfinished", settle);
    page.on("requestfailed", (r) => {
      settle(r);
      if (!foreign.includes(r.url())) failed.push(`${below(r.url())} (${r.failure()?.errorText ?? "failed"})`);
    });
    page.on("response", (response) => {
      const u = response.url();
      if (u.startsWith("data:")) return;
      seen.push(
        (async () => {
          const p = below(u);
          const type = (await response.headerValue("content-type").catch(() => null)) ?? "";
          const kind = classify(p, type, response.request().resourceType());
          const body = await response.body().catch(() => null);
          const status = response.status();
          if (status >= 400 && u !== url) failed.push(`${p} (HTTP ${status})`);
          if (!body) return { url: u, path: p, kind, status, raw: 0, gzip: 0, heavy: heavyReason(p, kind) };
          return { url: u, path: p, kind, status, raw: body.length, gzip: wireSize(body, kind, type, p), heavy: heavyReason(p, kind, body) };
        })(),
      );
    });
    const response = await page.goto(url, { waitUntil: "networkidle" });
    await networkQuiet(() => inFlight, () => lastActivity);
    // Scroll to the bottom a screen at a time, so that anything started by scrolling into view starts.
    await page.evaluate(async () => {
      const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50)));
      for (let y = 0; y < document.documentElement.scrollHeight; y += Math.max(200, innerHeight * 0.8)) {
        scrollTo(0, y);
        await frame();
      }
      scrollTo(0, document.documentElement.scrollHeight);
      await frame();
    });
    // What scrolling starts (an IntersectionObserver's callback, then its fetch) may begin a moment after the
    // last scroll, later still on a busy machine: the quiet window counts from the end of the scroll.
    lastActivity = Math.max(lastActivity, Date.now());
    await networkQuiet(() => inFlight, () => lastActivity);
    const html = (await response?.text().catch(() => "")) ?? "";
    const inline = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLScriptElement>("script:not([src])")]
        .filter((s) => ["", "module", "text/javascript", "application/javascript"].includes(s.type.trim().toLowerCase()))
        .map((s) => s.textContent ?? ""),
    );
    const preloads = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"], link[rel="preload"]')].map((l) => l.href),
    );
    const resources = (await Promise.all(seen)).filter((r): r is Resource => r !== null);
    // A preload the browser has not fetched (yet) is still going to be: count it.
    for (const href of preloads) {
      if (resources.some((r) => r.url === href) || new URL(href).origin !== origin) continue;
      const r = await fetch(href);
      const body = Buffer.from(await r.arrayBuffer());
      const p = below(href);
      const type = r.headers.get("content-type") ?? "";
      const kind = classify(p, type);
      resources.push({ url: href, path: p, kind, status: r.status, raw: body.length, gzip: wireSize(body, kind, type, p), heavy: heavyReason(p, kind, body) });
    }
    inline.forEach((text, i) => {
      const body = Buffer.from(text);
      resources.push({ url: `(inline script ${i + 1})`, path: `(inline script ${i + 1})`, kind: "js", status: 200, raw: body.length, gzip: gzipSize(body), heavy: heavyReason("", "js", body) });
    });
    const totals = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
    for (const r of resources) totals[r.kind] += r.gzip;
    // A response with an error status is also reported as a failed request: name each once.
    const failures = [...new Set(failed)].filter((f) => !(/\(net::ERR_ABORTED\)$/.test(f) && failed.some((g) => g.startsWith(f.replace(/ \(net::ERR_ABORTED\)$/, " (HTTP ")))));
    return { url, path, status: response?.status() ?? 0, hasDemos: hasDemos(html), resources, totals, foreign, failed: failures };
  } finally {
    await context.close();
  }
}

/** What breaks the budgets, one line each; empty when the page keeps them. */
export function budgetViolations(w: PageWeight): string[] {
  const out: string[] = [];
  const js = w.resources.filter((r) => r.kind === "js");
  const list = (rs: Resource[]) => rs.map((r) => `${r.path} ${r.gzip} B`).join(", ");
  if (!w.hasDemos && js.length > 0) {
    out.push(`loads JavaScript on a page without demos (budget 0 B): ${w.totals.js} B gzip: ${list(js)}`);
  }
  if (w.hasDemos && w.totals.js > JS_BUDGET_GZIP) {
    out.push(`loads ${w.totals.js} B of JavaScript gzip before interaction (budget ${JS_BUDGET_GZIP} B): ${list(js)}`);
  }
  for (const r of w.resources) if (r.heavy) out.push(`loads ${r.heavy} before interaction: ${r.path} (${r.gzip} B)`);
  return out;
}
