/**
 * The built site for the page benchmarks: `astro build` into a temporary folder,
 * and a static server that answers as GitHub Pages does, so that Lighthouse sees
 * what a reader gets: the site under its base path (/base/x/ → x/index.html,
 * anything else → 404.html with status 404), text formats gzip-compressed when the
 * browser accepts it, `Cache-Control: max-age=600`.
 *
 * serveDist is the same server without compression or cache headers, for the browser tests (through
 * tests/support/static-server.ts), the demo benchmark and the screenshots. Scripts do not import from tests.
 */
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

export interface Build {
  code: number;
  output: string;
  outDir: string;
  ms: number;
}

const withoutKeys = (env: NodeJS.ProcessEnv, keys: readonly string[]) => Object.fromEntries(Object.entries(env).filter(([k]) => !keys.includes(k)));

/** `astro build` with these environment variables added, into a fresh temporary folder. */
export async function buildSite(env: Record<string, string>): Promise<Build> {
  const work = await mkdtemp(join(tmpdir(), "vg-bench-build-"));
  const outDir = join(work, "dist");
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, "node_modules/astro/bin/astro.mjs"), "build"], {
    cwd: ROOT,
    // Not the caller's BASE_URL or NODE_ENV: vitest sets BASE_URL=/ and NODE_ENV=test, and Astro's build follows them
    // (import.meta.env.BASE_URL in a component became "/" under a BASE_PATH of /vg/).
    env: { ...withoutKeys(process.env, ["BASE_URL", "NODE_ENV"]), ...env, VG_OUT_DIR: outDir, VG_CACHE_DIR: join(work, "cache"), NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code: number = await new Promise((ok) => child.on("close", (c) => ok(c ?? 1)));
  return { code, output, outDir, ms: performance.now() - started };
}

export const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".xml": "application/xml",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".gz": "application/gzip",
  ".bin": "application/octet-stream",
};
const COMPRESSED_TYPES = /^(?:text\/|application\/(?:json|javascript|xml|wasm)|image\/svg\+xml)/;

export interface Served {
  /** The site's root: http://127.0.0.1:PORT/base/ */
  url: string;
  close(): Promise<void>;
}

/** The file GitHub Pages would answer `urlPath` with (/base/x/ → x/index.html), or null for its 404. */
export async function fileFor(root: string, base: string, urlPath: string): Promise<string | null> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split(/[?#]/)[0]);
  } catch {
    return null;
  }
  if (!path.startsWith(base)) return null;
  const candidate = normalize(join(root, path.slice(base.length)));
  if (!candidate.startsWith(normalize(root))) return null;
  for (const p of [candidate, join(candidate, "index.html")]) {
    if (await stat(p).then((s) => s.isFile(), () => false)) return p;
  }
  return null;
}

/** Serves `root` under `base` as GitHub Pages would (see the file comment). */
export async function servePages(root: string, base: string): Promise<Served> {
  const server: Server = createServer(async (req, res) => {
    const file = await fileFor(root, base, req.url ?? "/");
    const status = file ? 200 : 404;
    const path = file ?? join(root, "404.html");
    const body = await readFile(path).catch(() => Buffer.from("Not found"));
    const type = TYPES[extname(path)] ?? "application/octet-stream";
    const headers: Record<string, string> = { "content-type": type, "cache-control": "max-age=600", vary: "Accept-Encoding" };
    const gzip = COMPRESSED_TYPES.test(type) && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    const sent = gzip ? gzipSync(body, { level: 9 }) : body;
    if (gzip) headers["content-encoding"] = "gzip";
    headers["content-length"] = String(sent.length);
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : sent);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the server did not get a port");
  return {
    url: `http://127.0.0.1:${address.port}${base}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** Serves `root` under `base` as servePages does, uncompressed and without cache headers (the page-weight tests gzip what they count themselves). */
export async function serveDist(root: string, base: string, port = 0): Promise<Served> {
  const server: Server = createServer(async (req, res) => {
    const file = await fileFor(root, base, req.url ?? "/");
    if (!file) {
      const notFound = await readFile(join(root, "404.html")).catch(() => Buffer.from("Not found"));
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(notFound);
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(await readFile(file));
  });
  await new Promise<void>((ok) => server.listen(port, "127.0.0.1", ok));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("server did not get a port");
  return {
    url: `http://127.0.0.1:${address.port}${base}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
