import { pathWithBase } from "../lib/site/paths.ts";

/**
 * Rehype plugin: rewrites every site-absolute URL an author writes in Markdown
 * or MDX ("[next lesson](/unstable-gradients/)", "<a href='/'>", "![x](/data/x.png)")
 * through pathWithBase, so that lessons keep working under a non-root base.
 */
type Attr = { type: string; name?: string; value?: unknown };
interface Node {
  type: string;
  tagName?: string;
  name?: string | null;
  properties?: Record<string, unknown>;
  attributes?: Attr[];
  children?: Node[];
}

const URL_PROPS = ["href", "src", "srcSet", "poster", "action"] as const;
const URL_ATTRS = new Set(["href", "src", "srcset", "srcSet", "poster", "action"]);

function rewrite(value: string, base: string): string {
  return value
    .split(",")
    .map((part) => {
      const lead = part.match(/^\s*/)?.[0] ?? "";
      return lead + pathWithBase(part.slice(lead.length), base);
    })
    .join(",");
}

export function rehypeBaseLinks(options: { base: string }) {
  const { base } = options;
  const visit = (node: Node): void => {
    if (node.type === "element" && node.properties) {
      for (const key of URL_PROPS) {
        const v = node.properties[key];
        if (typeof v === "string") node.properties[key] = rewrite(v, base);
      }
    }
    if ((node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") && node.attributes) {
      for (const attr of node.attributes) {
        if (attr.type === "mdxJsxAttribute" && attr.name && URL_ATTRS.has(attr.name) && typeof attr.value === "string") {
          attr.value = rewrite(attr.value, base);
        }
      }
    }
    node.children?.forEach(visit);
  };
  return (tree: Node) => visit(tree);
}
