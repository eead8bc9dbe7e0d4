/**
 * The unit project alone, for StrykerJS (`npm run mutate`, stryker.config.mjs): its vitest
 * runner takes one config file and runs every test that config includes.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["tests/unit/**/*.test.ts"], environment: "node" },
});
