import { deployTarget, editUrl, type DeployTarget } from "./deploy.ts";

/**
 * The deploy target as seen by pages at build time. astro.config.mjs computes the
 * same value (site, base); pages use it for the "Edit this lesson" links.
 */
let cached: DeployTarget | undefined;
export function buildTarget(): DeployTarget {
  cached ??= deployTarget(process.env, process.env.VG_GIT_REMOTE);
  return cached;
}

export function lessonEditUrl(filePath: string | undefined): string | null {
  return filePath ? editUrl(buildTarget(), filePath) : null;
}
