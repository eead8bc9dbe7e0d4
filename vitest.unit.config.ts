/**
 * The unit project alone, for StrykerJS (`npm run mutate`, stryker.config.mjs): its vitest
 * runner takes one config file and runs every test that config includes.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Mutated code runs instrumented, several times slower on a loaded machine: a longer timeout
  // than vitest's 5 s keeps a slow test from failing the dry run (a mutant that loops forever is
  // still caught by Stryker's own timeout).
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
  },
});
