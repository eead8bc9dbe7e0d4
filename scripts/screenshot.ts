/**
 * `npm run screenshot`: builds nothing; takes docs/screenshot.png of the contour
 * demo in the "flat here" lesson from dist/ (run `npm run build` first) in Debian's Chromium.
 */
import { launch } from "../tests/support/browser.ts";
import { serveDist } from "../tests/support/static-server.ts";

const dist = new URL("../dist", import.meta.url).pathname;
const srv = await serveDist(dist, "/");
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1200 }, deviceScaleFactor: 1 });
  await page.goto(srv.url + "flat-here/", { waitUntil: "networkidle" });
  const demo = page.locator("vg-contour").first();
  await demo.scrollIntoViewIfNeeded();
  const box = await demo.boundingBox();
  if (!box) throw new Error("the demo is not on the page");
  await page.screenshot({
    path: new URL("../docs/screenshot.png", import.meta.url).pathname,
    clip: { x: Math.max(0, box.x - 20), y: Math.max(0, box.y - 20), width: Math.min(1100, box.width + 40), height: box.height + 40 },
  });
  console.log("wrote docs/screenshot.png");
} finally {
  await browser.close();
  await srv.close();
}
