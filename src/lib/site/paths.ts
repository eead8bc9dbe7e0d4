/**
 * The one helper every internal URL goes through, so that the site works under
 * a non-root base such as /vanishing-gradients/ (GitHub Pages project sites).
 */

/** True for hrefs that point inside this site by absolute path ("/x", not "//x", "x", "#x", "https:"). */
export function isSiteAbsolute(href: string): boolean {
  return href.startsWith("/") && !href.startsWith("//");
}

/**
 * Prefixes a site-absolute path with `base`. Relative paths, fragments and URLs
 * with a scheme are returned unchanged; a path already under `base` is not prefixed twice.
 */
export function pathWithBase(path: string, base: string = import.meta.env.BASE_URL): string {
  if (!isSiteAbsolute(path)) return path;
  const b = base.endsWith("/") ? base : `${base}/`;
  if (b === "/") return path;
  if (path === b.slice(0, -1) || path.startsWith(b)) return path;
  return b + path.slice(1);
}
