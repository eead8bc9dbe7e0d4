/**
 * Writing a folder of generated files so that a kill at any moment loses nothing: the one store that
 * both `npm run pretrain` (public/runs/<id>) and `npm run derive` (public/derived/<id>) write through.
 *
 * The files go into `<dir>/.tmp-<id>-<pid>`, are hashed as written on disk, are checked by the caller's
 * `verify` (which returns the manifest), get manifest.json, and only then replace `<dir>/<id>`: the old
 * folder is renamed aside to `.old-<id>-<pid>`, the new one renamed in, the old one removed. A failure
 * before the swap removes the temp folder and leaves the old output as it was; a kill between the two
 * renames leaves the old folder aside, and `recoverInterrupted` (run first by both commands) puts it back.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export const MANIFEST = "manifest.json";

export const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/**
 * The points between the steps of a write, in order: the temp folder holds the files; it holds them
 * and the manifest; the previous folder is renamed aside; the new one is in place (the old one not yet
 * removed). `reached` is called at each (tests throw there to stop a write as a kill would).
 */
export type WriteStage = "temp-files" | "temp-complete" | "old-aside" | "new-in";

/** Moves back a folder that a killed write left renamed aside, and removes abandoned temp folders. */
export async function recoverInterrupted(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const notes: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const old = /^\.old-(.+)-\d+$/.exec(name);
    if (old) {
      const target = join(dir, old[1]);
      if (!existsSync(target)) {
        await rename(join(dir, name), target);
        notes.push(`restored ${old[1]} from an interrupted write`);
      } else {
        await rm(join(dir, name), { recursive: true, force: true });
      }
    } else if (name.startsWith(".tmp-")) {
      await rm(join(dir, name), { recursive: true, force: true });
      notes.push(`removed an abandoned temporary folder ${name}`);
    }
  }
  return notes;
}

/**
 * Writes `files` (relative '/'-separated names) as `<dir>/<id>`, atomically as described above.
 * `verify` gets the temp folder and the sha256 of every file as written (names sorted) and returns the
 * manifest, which is written as manifest.json; a throw from it stops the write.
 */
export async function writeFolderAtomically<M>(
  dir: string,
  id: string,
  files: Record<string, string | Uint8Array>,
  verify: (tmp: string, hashes: Record<string, string>) => M | Promise<M>,
  reached: (stage: WriteStage) => void | Promise<void> = () => {},
): Promise<M> {
  if (MANIFEST in files) throw new Error(`${id}: ${MANIFEST} is written by the store, not passed in`);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.tmp-${id}-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  let swapping = false;
  try {
    for (const [name, contents] of Object.entries(files)) {
      await mkdir(dirname(join(tmp, name)), { recursive: true });
      await writeFile(join(tmp, name), contents);
    }
    await reached("temp-files");
    // Verify what is on disk, not what is in memory.
    const hashes: Record<string, string> = {};
    for (const name of Object.keys(files).sort()) hashes[name] = sha256(await readFile(join(tmp, name)));
    const manifest = await verify(tmp, hashes);
    await writeFile(join(tmp, MANIFEST), JSON.stringify(manifest, null, 1) + "\n");
    await reached("temp-complete");
    const target = join(dir, id);
    swapping = true;
    if (existsSync(target)) {
      const aside = join(dir, `.old-${id}-${process.pid}`);
      await rename(target, aside);
      await reached("old-aside");
      await rename(tmp, target);
      await reached("new-in");
      await rm(aside, { recursive: true, force: true });
    } else {
      await rename(tmp, target);
    }
    return manifest;
  } catch (e) {
    // Before the swap: the old output is untouched and the temp folder goes. During it: recoverInterrupted.
    if (!swapping && existsSync(tmp)) await rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw e;
  }
}
