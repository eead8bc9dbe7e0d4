/**
 * The through-time data loader's summary (public/derived/through-time/summary.json),
 * read at build time (Node only) for lesson 7's charts. A missing file fails the
 * build with the command that makes it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSummary, SUMMARY_FILE, type ThroughTimeSummary } from "../figures/through-time.ts";

export function readSummary(dir: string = process.env.VG_DERIVED_DIR || join(process.cwd(), "public/derived")): ThroughTimeSummary {
  let text: string;
  try {
    text = readFileSync(join(dir, "through-time/summary.json"), "utf8");
  } catch {
    throw new Error(`there is no ${SUMMARY_FILE}; compute it with: npm run derive -- --only through-time`);
  }
  return parseSummary(JSON.parse(text));
}
