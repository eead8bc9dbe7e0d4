// @ts-check
/**
 * Mutation testing of the DOM-free code with the unit tests: `npm run mutate`
 * (one file while working: `npx stryker run --mutate src/lib/foo.ts`).
 * Not part of `npm test`. The report lands in reports/mutation/ (gitignored); the
 * incremental file reports/stryker-incremental.json is gitignored too, so a fresh
 * clone runs every mutant once and later runs only what changed.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.unit.config.ts", related: false },
  mutate: [
    "src/lib/**/*.ts",
    // DOM-free modules of the islands (element.ts, demo-element.ts, patch.ts, live-text.ts
    // and url-state.ts drive the DOM and are covered by the browser tests instead).
    "src/islands/*/settings.ts",
    "src/islands/*/figure.ts",
  ],
  coverageAnalysis: "perTest",
  // A static mutant (in code that runs when a module loads: constants, tables) needs the whole
  // unit suite per mutant, ~100 s each here; they are left out of the score (about 1% of mutants).
  ignoreStatic: true,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  concurrency: 2,
  timeoutMS: 20000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: null },
  // The sandbox is a copy of the project: leave out the build output, caches and reports.
  // public/data and public/runs stay: tests read them.
  ignorePatterns: ["dist", ".astro", ".cache", "reports", "docs", "tmp", "*.log"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
