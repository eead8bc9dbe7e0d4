/**
 * The through-time data loader's summary (public/derived/through-time/summary.json),
 * read at build time (Node only) for lesson 7's charts. A missing file fails the
 * build with the command that makes it.
 */
import { defaultDerivedDir, readDerived } from "../figures/read-committed.ts";
import { parseSummary, type ThroughTimeSummary } from "../figures/through-time.ts";

export function readSummary(dir: string = defaultDerivedDir()): ThroughTimeSummary {
  return readDerived("through-time/summary.json", parseSummary, dir);
}
