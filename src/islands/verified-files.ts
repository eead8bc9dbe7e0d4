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

/** Run `id`'s log.json, checked against runs/<id>/manifest.json and read by `parse` (which names the file in its errors). */
export async function verifiedRunLog<T>(get: Getter, id: string, parse: (raw: unknown, where: string) => T): Promise<T> {
  const folder = `runs/${id}`;
  const files = await verifiedFiles(get, folder, ["log.json"]);
  let raw: unknown;
  try {
    raw = JSON.parse(text(files["log.json"]));
  } catch {
    throw new DataFileError(`${folder}/log.json is not valid JSON`);
  }
  return parse(raw, `${folder}/log.json`);
}

/** What a LoadOnce holds for a key: the value, still loading, or unavailable with the reason. */
export type Loaded<T> = T | "loading" | { failed: string };

/**
 * Values loaded the first time each key is asked for (a demo's committed runs): `get` answers at once
 * ("loading" until the value or the failure is in), and `loaded()` runs when one arrives or fails.
 */
export class LoadOnce<T> {
  #values = new Map<string, Loaded<T>>();
  #load: (key: string) => Promise<T>;
  #loaded: () => void;
  constructor(load: (key: string) => Promise<T>, loaded: () => void) {
    this.#load = load;
    this.#loaded = loaded;
  }
  has(key: string): boolean {
    return this.#values.has(key);
  }
  get(key: string): Loaded<T> {
    const known = this.#values.get(key);
    if (known) return known;
    this.#values.set(key, "loading");
    this.#load(key)
      .then((v) => this.#values.set(key, v), (e: Error) => this.#values.set(key, { failed: e.message }))
      .finally(this.#loaded);
    return "loading";
  }
}

/** A Getter for the browser: fetches paths under the site's base URL. */
export function fetchGetter(base: string): Getter {
  return async (path) => {
    const res = await fetch(base + path);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}
