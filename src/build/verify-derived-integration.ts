/**
 * Before a build, every derived folder in public/derived/ is checked against its loader and
 * inputs (scripts/derived/store.ts). Loaders are not imported here: the hash is recomputed from
 * the input list their manifest recorded.
 */
import { verifyDerived } from "../../scripts/derived/store.ts";
import { verifyBeforeBuild } from "./verify-before-build.ts";

export function verifyDerivedIntegration() {
  return verifyBeforeBuild("vg:verify-derived", () => {
    const outDir = process.env.VG_DERIVED_DIR;
    return verifyDerived(outDir ? { outDir } : {});
  }, (n) => `${n} derived data folder(s) match their loaders and inputs`);
}
