/**
 * The through-time data loader's summary (public/derived/through-time/summary.json),
 * read at build time (Node only) for lesson 7's charts and checked by its schema
 * (src/lib/schemas/derived/through-time.ts). A missing file fails the build with the
 * command that makes it; a bad field, naming the file and the field.
 */
import { defaultDerivedDir, readDerived } from "../figures/read-committed.ts";
import { parseThroughTimeSummary, type ThroughTimeSummary } from "../lib/schemas/derived/through-time.ts";

export function readSummary(dir: string = defaultDerivedDir()): ThroughTimeSummary {
  return readDerived("through-time/summary.json", parseThroughTimeSummary, dir);
}
