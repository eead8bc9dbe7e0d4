/**
 * The teaching guide's preview step, as a teacher types it:
 * `GITHUB_REPOSITORY=you/repo npm run build && npm run preview`. The variable reaches only the build;
 * the preview still serves the site under the fork's base path (/repo/), as GitHub Pages will,
 * because the build leaves its target beside its cache (astro.config.mjs).
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite, ROOT } from "../support/build-site.ts";

describe("npm run preview after a fork's build", () => {
  it("serves the site under the base the build was made for, without being told again", async () => {
    const built = await buildSite({ GITHUB_REPOSITORY: "teacher/my-course" });
    expect(built.code, built.output).toBe(0);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !["GITHUB_REPOSITORY", "BASE_PATH", "SITE_URL", "BASE_URL", "NODE_ENV"].includes(k)));
    const preview = spawn(process.execPath, [join(ROOT, "node_modules/astro/bin/astro.mjs"), "preview", "--port", "0"], {
      cwd: ROOT,
      env: { ...env, VG_OUT_DIR: built.outDir, VG_CACHE_DIR: join(dirname(built.outDir), "cache"), NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    try {
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`astro preview did not start:\n${output}`)), 60_000);
        const take = (d: Buffer) => {
          output += d;
          const m = output.match(/Local\s+(http:\/\/localhost:\d+\/\S*)/);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        preview.stdout.on("data", take);
        preview.stderr.on("data", take);
      });
      const origin = new URL(url).origin;
      expect(url).toBe(`${origin}/my-course/`);
      for (const path of ["/my-course/", "/my-course/learning-speed/"]) expect((await fetch(origin + path)).status, path).toBe(200);
      const home = await (await fetch(origin + "/my-course/")).text();
      expect(home).toContain('href="/my-course/small-gradient/"');
    } finally {
      preview.kill();
    }
  }, 180_000);
});
