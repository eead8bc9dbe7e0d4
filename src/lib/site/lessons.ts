/**
 * Orders lessons for the home page and the previous/next links. DOM-free and
 * independent of Astro so the rules are unit-tested.
 */
export interface LessonLike {
  id: string;
  data: { title: string; order: number; draft?: boolean };
}

/** A content-collection entry as collected (src/content.config.ts): frontmatter, or what is wrong with it. */
export interface CollectedEntry<D> {
  id: string;
  filePath?: string;
  data: D | { problems: string[] };
}

/**
 * The entries with valid frontmatter; throws for the first that is not, naming its file and every
 * problem (in `astro dev` this shows in the error overlay of every lesson page and the home page).
 */
export function validLessons<D, E extends CollectedEntry<D>>(entries: readonly E[]): (Omit<E, "data"> & { data: D })[] {
  for (const e of entries) {
    if (e.data && typeof e.data === "object" && "problems" in e.data) {
      const file = e.filePath ?? `lesson "${e.id}"`;
      const problems = e.data.problems as string[];
      throw new Error(`${file}: the frontmatter (between the --- lines at the top) is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
  }
  return entries as unknown as (Omit<E, "data"> & { data: D })[];
}

export interface Neighbours<T> {
  previous: T | null;
  next: T | null;
}

/** Published lessons (drafts only when includeDrafts), by `order`; duplicate orders are an error. */
export function orderedLessons<T extends LessonLike>(entries: readonly T[], includeDrafts = false): T[] {
  const shown = entries.filter((e) => includeDrafts || !e.data.draft);
  const byOrder = new Map<number, T>();
  for (const e of shown) {
    const clash = byOrder.get(e.data.order);
    if (clash) {
      throw new Error(
        `Lessons "${clash.id}" and "${e.id}" both have order ${e.data.order}: give each lesson its own order in its frontmatter.`,
      );
    }
    byOrder.set(e.data.order, e);
  }
  return [...shown].sort((a, b) => a.data.order - b.data.order);
}

export function neighbours<T extends LessonLike>(ordered: readonly T[], id: string): Neighbours<T> {
  const i = ordered.findIndex((e) => e.id === id);
  if (i < 0) throw new Error(`No lesson with id "${id}"`);
  return { previous: ordered[i - 1] ?? null, next: ordered[i + 1] ?? null };
}
