/** Runs `astro build` with the given environment: the same helper the page benchmark uses. */
export { buildSite, ROOT, type Build as BuildResult } from "../../scripts/bench/site.ts";
