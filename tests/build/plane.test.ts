/**
 * <PlaneDemo> at build time, on the fixture lesson tests/fixtures/plane-lesson: without
 * public/derived/loss-plane/planes.json the build stops, naming the page, the file and the command
 * that computes it (src/components/plane-data.ts; the unit tests cover a missing run or path).
 */
import { describe, expect, it } from "vitest";
import { buildSite } from "../support/build-site.ts";

describe("<PlaneDemo> without its data", () => {
  it("fails the build with the page, the file and the command that makes it", async () => {
    const r = await buildSite({ VG_LESSONS_DIR: "tests/fixtures/plane-lesson", VG_PUBLIC_DIR: "/nonexistent/vg-public", BASE_PATH: "/vg/" });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('/plane/: <PlaneDemo run="nielsen-3-hidden">: there is no derived file public/derived/loss-plane/planes.json. Compute it with: npm run derive -- --only loss-plane');
  });
});
