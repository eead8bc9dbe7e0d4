/**
 * `npm run screenshot`: builds nothing; takes docs/screenshot.png of the first
 * lesson's demo from dist/ (run `npm run build` first) in Debian's Chromium.
 */
import { launch } from "../tests/support/browser.ts";
import { serveDist } from "../tests/support/static-server.ts";

const dist = new URL("../dist", import.meta.url).pathname;
const srv = await serveDist(dist, "/");
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(srv.url + "small-gradient/", { waitUntil: "networkidle" });
  const demo = page.locator("vg-descent-1d").first();
  await demo.scrollIntoViewIfNeeded();
  const box = await demo.boundingBox();
  if (!box) throw new Error("the demo is not on the page");
  await page.screenshot({
    path: new URL("../docs/screenshot.png", import.meta.url).pathname,
    clip: { x: 0, y: Math.max(0, box.y - 260), width: 1000, height: box.height + 300 },
  });
  console.log("wrote docs/screenshot.png");
} finally {
  await browser.close();
  await srv.close();
}
