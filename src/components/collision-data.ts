/**
 * The collision demo's data as the build reads it, from public/ (VG_PUBLIC_DIR for fixtures):
 * loaded and sha256-checked once per build, however many demos on a page need it.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadCollisionData } from "../islands/collision/data.ts";

let loaded: ReturnType<typeof loadCollisionData> | undefined;

export function publicCollisionData(): ReturnType<typeof loadCollisionData> {
  const dir = process.env.VG_PUBLIC_DIR || join(process.cwd(), "public");
  loaded ??= loadCollisionData(async (path) => new Uint8Array(await readFile(join(dir, path))));
  return loaded;
}
