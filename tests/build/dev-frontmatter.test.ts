/**
 * `npm run dev` with a lesson whose frontmatter is wrong: the server starts anyway, and the error
 * (file, field, what is wrong) reaches the page's error overlay, both when the server starts with the
 * mistake and when an author makes it while the server runs. Before, the first crashed `astro dev` and
 * the second kept serving the old page with the error only in the terminal.
 *
 * The server runs on a copy of the project (node_modules linked) so that its `.astro/` data store,
 * which `astro dev` keeps in the project root, is not the author's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../../scripts/bench/chromium.ts";
import { ROOT } from "../support/build-site.ts";

const GOOD = `---
title: "A fixture lesson"
description: "A lesson for the dev-server frontmatter test, nothing more."
order: 1
sources:
  - title: "Nielsen, chapter 5"
    url: "http://neuralnetworksanddeeplearning.com/chap5.html"
---

Hello from the fixture.
`;
const BAD_ORDER = GOOD.replace("order: 1", 'order: "first"');
const TYPO = GOOD.replace("title:", "titel:");

let dir = "";
let server: ChildProcess | null = null;
let output = "";
let browser: Browser;

/** Starts `astro dev` in the copy and resolves with its URL once it listens. */
function startDev(): Promise<string> {
  output = "";
  server = spawn(process.execPath, [join(ROOT, "node_modules/astro/bin/astro.mjs"), "dev", "--port", "0"], {
    cwd: dir,
    // The site at the root: the test's own environment may carry another base (BASE_PATH, a git remote).
    // Vitest's own variables (NODE_ENV=test, VITEST…) would put Vite in another mode.
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_ENV" && !k.startsWith("VITEST") && !k.startsWith("VG_"))), BASE_PATH: "/", FORCE_COLOR: "0", NO_COLOR: "1", ASTRO_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`astro dev did not start in 90 s:\n${output}`)), 90_000);
    const take = (b: Buffer) => {
      output += b.toString();
      const m = output.match(/Local\s+(http:\/\/localhost:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    server!.stdout!.on("data", take);
    server!.stderr!.on("data", take);
    server!.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`astro dev exited with ${code}:\n${output}`));
    });
  });
}

async function stopDev() {
  if (!server || server.exitCode !== null) return;
  const gone = new Promise((r) => server!.once("exit", r));
  server.kill("SIGTERM");
  await gone;
}

/** The page as a reader of the dev server sees it: the error overlay's message, or the lesson's text. */
async function shown(url: string): Promise<{ overlay: string | null; text: string }> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    const overlay = await page
      .waitForSelector("vite-error-overlay", { state: "attached", timeout: 10_000 })
      .then(() => page.evaluate(() => document.querySelector("vite-error-overlay")!.shadowRoot!.querySelector(".message-body, #message-content, .message")?.textContent ?? ""))
      .catch(() => null);
    return { overlay, text: await page.evaluate(() => document.body?.innerText ?? "") };
  } finally {
    await page.close();
  }
}

const lesson = () => join(dir, "content/lessons/fixture.mdx");

/**
 * Saves the lesson as an editor does, whole: a temporary file renamed over it. A plain writeFile
 * truncates first, and the dev server's watcher could read the empty file and miss the write after it
 * (seen once in CI: every field "received undefined", never the typo).
 */
async function save(text: string) {
  const tmp = `${lesson()}.saving`;
  await writeFile(tmp, text);
  await rename(tmp, lesson());
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vg-dev-"));
  for (const f of ["src", "public", "scripts", "astro.config.mjs", "package.json", "tsconfig.json"]) await cp(join(ROOT, f), join(dir, f), { recursive: true });
  for (const f of ["experiments", "sources", "studies"]) await cp(join(ROOT, "content", f), join(dir, "content", f), { recursive: true });
  await mkdir(join(dir, "content/lessons"), { recursive: true });
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await stopDev();
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * How long dev may take to serve a lesson after it is saved. Alone it takes a few seconds; in the full
 * suite on two cores, beside browser tests that train networks, a fresh compile took over 30 s once.
 */
const DEV_RECOMPILE_MS = 90_000;

describe("a frontmatter mistake under npm run dev", () => {
  it("does not stop the server from starting, and the page shows the file, the field and the problem", async () => {
    await save(BAD_ORDER);
    const url = await startDev();
    const { overlay } = await shown(url + "fixture/");
    expect(overlay).toContain("content/lessons/fixture.mdx: the frontmatter (between the --- lines at the top) is not valid:");
    expect(overlay).toContain('field "order": Invalid input: expected number, received string');
    // The home page lists the lessons: it says the same rather than a list without this one.
    expect((await shown(url)).overlay).toContain("content/lessons/fixture.mdx");
    expect(server!.exitCode).toBeNull();
  }, 150_000);

  it("fixed, the page is served; broken again while the server runs, the overlay says so instead of the old page", async () => {
    await save(GOOD);
    const url = output.match(/Local\s+(http:\/\/localhost:\d+\/)/)![1];
    await expect.poll(async () => (await shown(url + "fixture/")).text, { timeout: DEV_RECOMPILE_MS, interval: 1000 }).toContain("Hello from the fixture.");
    await save(TYPO);
    await expect.poll(async () => (await shown(url + "fixture/")).overlay, { timeout: DEV_RECOMPILE_MS, interval: 1000 }).toContain('unknown field "titel" (did you mean "title"?)');
    expect(await readFile(lesson(), "utf8")).toBe(TYPO);
    expect(server!.exitCode).toBeNull();
  }, 150_000);
});
