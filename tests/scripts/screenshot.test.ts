/**
 * scripts/screenshot.ts's command line: usage and bad flags, and `--all` over a
 * small build: one full-page PNG per page, width and theme, named after the page.
 */
import { describe, expect, it } from "vitest";
import { runScript, usageTests } from "../support/script-cli.ts";
import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPng } from "../support/png-read.ts";

const USAGE = "usage: npm run screenshot [-- --all [--out DIR] [--dist DIR]]";

const screenshot = (...args: string[]) => runScript("screenshot.ts", args, 100_000);

/** Width and height from a PNG's IHDR chunk. */
async function pngSize(file: string): Promise<[number, number]> {
  const b = await readFile(file);
  expect(b.subarray(1, 4).toString("latin1")).toBe("PNG");
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe("screenshot command line", () => {
  usageTests(screenshot, USAGE, ["--all", "--out DIR", "--dist DIR", "--help"], [
    [["--bogus"], "unknown argument: --bogus"],
    [["--all", "--out"], "--out needs a folder"],
    [["--dist", "--all"], "--dist needs a folder"],
    [["--out", "x"], "--out only goes with --all"],
  ]);

  it("refuses a folder with no built site", async () => {
    const empty = await mkdtemp(join(tmpdir(), "vg-screenshot-"));
    const r = screenshot("--all", "--dist", empty, "--out", join(empty, "shots"));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`no built site in ${empty}: run npm run build first`);
  });

  it("--all writes every page at 360 and 1280 px, light and dark, named <page>-<width>-<theme>.png", async () => {
    const work = await mkdtemp(join(tmpdir(), "vg-screenshot-"));
    const dist = join(work, "dist");
    await mkdir(join(dist, "a-lesson"), { recursive: true });
    await writeFile(join(dist, "index.html"), "<!doctype html><title>home</title><h1>Home</h1>");
    await writeFile(join(dist, "a-lesson/index.html"), `<!doctype html><title>lesson</title>${"<p>A long lesson.</p>".repeat(100)}`);
    await writeFile(join(dist, "404.html"), "<!doctype html><title>404</title><h1>Page not found</h1>");
    const out = join(work, "shots");
    const r = screenshot("--all", "--dist", dist, "--out", out);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const want = ["home", "a-lesson", "404"].flatMap((p) => [360, 1280].flatMap((w) => ["light", "dark"].map((t) => `${p}-${w}-${t}.png`)));
    expect((await readdir(out)).sort()).toEqual(want.sort());
    const [w360, h360] = await pngSize(join(out, "a-lesson-360-dark.png"));
    expect(w360).toBe(360);
    expect(h360).toBeGreaterThan(800); // the whole page, not one screen
    expect((await pngSize(join(out, "home-1280-light.png")))[0]).toBe(1280);
  });

  it("paints the sections a lesson leaves unpainted until the reader nears them (content-visibility: auto)", async () => {
    const work = await mkdtemp(join(tmpdir(), "vg-screenshot-"));
    const dist = join(work, "dist");
    await mkdir(join(dist, "long"), { recursive: true });
    await writeFile(join(dist, "index.html"), "<!doctype html><title>home</title><h1>Home</h1>");
    await writeFile(join(dist, "404.html"), "<!doctype html><title>404</title><h1>Page not found</h1>");
    // A red section 3,000 px down, far outside the 800 px window, skipped by the browser until scrolled near.
    await writeFile(
      join(dist, "long/index.html"),
      '<!doctype html><title>long</title><body style="margin:0;background:#fff">' +
        '<div style="height:3000px"></div>' +
        '<section style="content-visibility:auto;contain-intrinsic-size:auto 400px"><div style="height:400px;background:#f00"></div></section>' +
        '<div style="height:200px"></div></body>',
    );
    const out = join(work, "shots");
    const r = screenshot("--all", "--dist", dist, "--out", out);
    expect(r.code, r.err).toBe(0);
    const png = readPng(await readFile(join(out, "long-360-light.png")));
    expect([png.width, png.height]).toEqual([360, 3600]);
    expect(png.rgb(180, 100)).toEqual([255, 255, 255]);
    expect(png.rgb(180, 3200)).toEqual([255, 0, 0]);
  });
});
