/**
 * `npm run screenshot`: builds nothing; takes docs/screenshot.png of the contour
 * demo in the "flat here" lesson from dist/ (run `npm run build` first) in Debian's Chromium.
 *
 * `npm run screenshot -- --all`: a full-page PNG of every page in the build (every
 * index.html and 404.html) at 360 px and 1280 px wide, in the light and the dark
 * theme, written to screenshots/<page>-<width>-<theme>.png (for example
 * screenshots/flat-here-360-dark.png; the home page is "home").
 */
import { mkdir, readFile, readdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./bench/chromium.ts";
import { paintEverything } from "./bench/watched-page.ts";
import { serveDist } from "./bench/site.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const USAGE = `usage: npm run screenshot [-- --all [--out DIR] [--dist DIR]]

  (no flag)   refresh docs/screenshot.png: the contour demo of /flat-here/
  --all       full-page screenshots of every built page at 360 and 1280 px wide,
              light and dark, as DIR/<page>-<width>-<theme>.png
  --out DIR   where --all writes (default: screenshots/)
  --dist DIR  the built site to read (default: dist/; run npm run build first)
  --help      this text`;

export const WIDTHS = [360, 1280] as const;
export const THEMES = ["light", "dark"] as const;

interface Options {
  all: boolean;
  out: string;
  dist: string;
}

function parseArgs(argv: string[]): Options | "help" {
  const o: Options = { all: false, out: join(ROOT, "screenshots"), dist: join(ROOT, "dist") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return "help";
    if (a === "--all") o.all = true;
    else if ((a === "--out" || a === "--dist") && argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) {
      o[a === "--out" ? "out" : "dist"] = resolve(argv[++i]);
    } else throw new UsageError(a === "--out" || a === "--dist" ? `${a} needs a folder` : `unknown argument: ${a}`);
  }
  if (!o.all && argv.includes("--out")) throw new UsageError("--out only goes with --all");
  return o;
}

class UsageError extends Error {}

/** Every page of the build, as its path under the base ("", "flat-here/", "404.html"). */
async function pagesIn(dist: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dist, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || (e.name !== "index.html" && e.name !== "404.html")) continue;
    const rel = relative(dist, join(e.parentPath, e.name));
    out.push(e.name === "index.html" ? rel.slice(0, -"index.html".length) : rel);
  }
  return out.sort();
}

/** A page's name in a file name: "home", "flat-here", "404". */
export function pageName(path: string): string {
  const name = path.replace(/\/$/, "").replace(/\.html$/, "").replace(/\//g, "-");
  return name === "" ? "home" : name;
}

/** The base the site was built under, read from its stylesheet links ("/" locally). */
async function baseOf(dist: string): Promise<string> {
  const html = await readFile(join(dist, "index.html"), "utf8");
  return /(?:href|src)="([^"]*\/)_astro\//.exec(html)?.[1] ?? "/";
}

async function contourShot(browser: Browser, url: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1200 }, deviceScaleFactor: 1 });
  await page.goto(url + "flat-here/", { waitUntil: "networkidle" });
  const demo = page.locator("vg-contour").first();
  await demo.scrollIntoViewIfNeeded();
  const box = await demo.boundingBox();
  if (!box) throw new Error("the demo is not on the page");
  await page.screenshot({
    path: join(ROOT, "docs/screenshot.png"),
    clip: { x: Math.max(0, box.x - 20), y: Math.max(0, box.y - 20), width: Math.min(1100, box.width + 40), height: box.height + 40 },
  });
  console.log("wrote docs/screenshot.png");
}

async function allShots(browser: Browser, url: string, pages: string[], out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  for (const theme of THEMES) {
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1, colorScheme: theme });
      for (const path of pages) {
        const page = await context.newPage();
        await page.goto(url + path, { waitUntil: "networkidle" });
        await paintEverything(page);
        const file = join(out, `${pageName(path)}-${width}-${theme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`wrote ${relative(process.cwd(), file)}`);
        await page.close();
      }
      await context.close();
    }
  }
}

async function main(argv: string[]): Promise<number> {
  let o: Options | "help";
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (o === "help") {
    console.log(USAGE);
    return 0;
  }
  const pages = await pagesIn(o.dist).catch((): string[] => []);
  if (!pages.includes("")) {
    console.error(`no built site in ${o.dist}: run npm run build first`);
    return 1;
  }
  const srv = await serveDist(o.dist, await baseOf(o.dist));
  const browser = await launchBrowser();
  try {
    if (o.all) await allShots(browser, srv.url, pages, o.out);
    else await contourShot(browser, srv.url);
  } finally {
    await browser.close();
    await srv.close();
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
