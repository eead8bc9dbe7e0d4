/**
 * Debian's Chromium for the page benchmarks, the demo benchmark, the screenshots and the browser
 * tests (through tests/support/browser.ts), with the flags this closed network needs (some keep a
 * bare profile from reaching for the network): through playwright-core, or with a DevTools port
 * for Lighthouse.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-default-apps",
  "--disable-extensions",
  "--disable-domain-reliability",
  "--metrics-recording-only",
  "--mute-audio",
];

/** Chromium through playwright-core. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

export interface DebuggableChromium {
  port: number;
  close(): Promise<void>;
}

/** Starts Chromium with a DevTools port (chosen by Chromium) and waits for it to listen. */
export async function launchDebuggable(timeoutMs = 30_000): Promise<DebuggableChromium> {
  const profile = await mkdtemp(join(tmpdir(), "vg-lighthouse-"));
  const child: ChildProcess = spawn(CHROMIUM, [...CHROMIUM_FLAGS, "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`Chromium did not open a DevTools port within ${timeoutMs} ms:\n${log}`)), timeoutMs);
    child.stderr!.on("data", (d) => {
      log += d;
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      fail(new Error(`could not start ${CHROMIUM}: ${e.message}`));
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`Chromium exited (${code}) before opening a DevTools port:\n${log}`));
    });
  });
  child.stderr!.resume();
  return {
    port,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once("exit", ok));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await rm(profile, { recursive: true, force: true }).catch(() => {});
    },
  };
}

