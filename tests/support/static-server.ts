/**
 * A static file server for the built site, mounted under the base path as GitHub
 * Pages would serve it: /base/x/ → dist/x/index.html, unknown paths → 404.html.
 */
import { createServer, type Server } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".bin": "application/octet-stream",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

export async function resolveFile(root: string, base: string, urlPath: string): Promise<string | null> {
  let path = decodeURIComponent(urlPath.split(/[?#]/)[0]);
  if (!path.startsWith(base)) return null;
  path = "/" + path.slice(base.length);
  const candidate = normalize(join(root, path));
  if (!candidate.startsWith(normalize(root))) return null;
  for (const p of [candidate, join(candidate, "index.html")]) {
    try {
      if ((await stat(p)).isFile()) return p;
    } catch {
      /* try the next candidate */
    }
  }
  return null;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function serveDist(root: string, base: string, port = 0): Promise<RunningServer> {
  const server: Server = createServer(async (req, res) => {
    const file = await resolveFile(root, base, req.url ?? "/");
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
