/**
 * Fetching the files a demo needs and checking each against the sha256 its
 * folder's manifest.json lists (the manifests that scripts/runs/store.ts and
 * scripts/derived/store.ts write). The same code runs at build time (files read
 * from public/) and in the browser (fetched from the site); only `get` differs.
 * DOM-free.
 */

/** Reads a file by its path under the site's root (public/): "runs/x/manifest.json". */
export type Getter = (path: string) => Promise<Uint8Array>;

/** A file is missing, unreadable or not the one its manifest names. The message says which. */
export class DataFileError extends Error {}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The named files of a folder, each fetched and checked against its manifest's sha256. */
export async function verifiedFiles(get: Getter, folder: string, names: string[]): Promise<Record<string, Uint8Array>> {
  const fetchOne = async (path: string) => {
    try {
      return await get(path);
    } catch (e) {
      throw new DataFileError(`could not load ${path}: ${(e as Error).message}`);
    }
  };
  let files: Record<string, string>;
  try {
    files = JSON.parse(text(await fetchOne(`${folder}/manifest.json`))).files;
  } catch (e) {
    if (e instanceof DataFileError) throw e;
    throw new DataFileError(`${folder}/manifest.json is not valid JSON`);
  }
  const out: Record<string, Uint8Array> = {};
  await Promise.all(
    names.map(async (name) => {
      const want = files?.[name];
      if (!want) throw new DataFileError(`${folder}/manifest.json lists no sha256 for ${name}`);
      const bytes = await fetchOne(`${folder}/${name}`);
      if ((await sha256Hex(bytes)) !== want) throw new DataFileError(`${folder}/${name} does not match its sha256 in ${folder}/manifest.json: the file is corrupt or from another run`);
      out[name] = bytes;
    }),
  );
  return out;
}

/** A Getter for the browser: fetches paths under the site's base URL. */
export function fetchGetter(base: string): Getter {
  return async (path) => {
    const res = await fetch(base + path);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}
