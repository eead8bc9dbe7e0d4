/**
 * The invisible-pixels data as the build reads it, from public/ (VG_PUBLIC_DIR for fixtures):
 * loaded and sha256-checked once per build, however many components on a page need it, with
 * facts.json checked by its schema (src/lib/schemas/derived/invisible-pixels.ts).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadPixelData } from "../islands/pixels/data.ts";
import { parsePixelFacts } from "../lib/schemas/derived/invisible-pixels.ts";

let loaded: ReturnType<typeof loadPixelData> | undefined;

export function publicPixelData(): ReturnType<typeof loadPixelData> {
  const dir = process.env.VG_PUBLIC_DIR || join(process.cwd(), "public");
  loaded ??= loadPixelData(async (path) => new Uint8Array(await readFile(join(dir, path))), parsePixelFacts);
  return loaded;
}
