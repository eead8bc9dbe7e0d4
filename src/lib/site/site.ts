import { deployTarget, editUrl, viewUrl, type DeployTarget } from "./deploy.ts";

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

/** The forge URL of a repository file (a config a lesson cites), or null without a known repository. */
export function repoFileUrl(filePath: string): string | null {
  return viewUrl(buildTarget(), filePath);
}
