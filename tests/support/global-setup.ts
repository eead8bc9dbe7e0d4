/**
 * Builds the site once under a non-root base (as GitHub Pages serves a project
 * site) and serves it, for the build and browser tests.
 */
import type { TestProject } from "vitest/node";
import { buildSite } from "./build-site.ts";
import { serveDist } from "./static-server.ts";

export const TEST_BASE = "/vanishing-gradients/";
export const TEST_REPO = "https://github.com/example-owner/vanishing-gradients";

declare module "vitest" {
  export interface ProvidedContext {
    distDir: string;
    baseUrl: string;
    base: string;
    repositoryUrl: string;
    /** What the build printed (tests/build/warnings.test.ts reads its warnings). */
    buildOutput: string;
  }
}

export default async function setup(project: TestProject) {
  const result = await buildSite({
    GITHUB_REPOSITORY: "",
    SITE_URL: "https://example-owner.github.io",
    BASE_PATH: TEST_BASE,
    REPOSITORY_URL: TEST_REPO,
    EDIT_BRANCH: "main",
  });
  if (result.code !== 0) throw new Error(`The site did not build:\n${result.output}`);
  console.log(`[setup] built the site under ${TEST_BASE} in ${(result.ms / 1000).toFixed(1)} s`);
  const server = await serveDist(result.outDir, TEST_BASE);
  project.provide("distDir", result.outDir);
  project.provide("baseUrl", server.url);
  project.provide("base", TEST_BASE);
  project.provide("repositoryUrl", TEST_REPO);
  project.provide("buildOutput", result.output);
  return async () => server.close();
}
