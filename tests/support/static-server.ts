/**
 * A static file server for the built site, mounted under the base path as GitHub
 * Pages would serve it: /base/x/ → dist/x/index.html, unknown paths → 404.html.
 */
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileFor, TYPES } from "../../scripts/bench/site.ts";


/** Uncompressed (the page-weight tests gzip what they count themselves); bench:pages serves gzip. */
export const resolveFile = fileFor;

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
