/**
 * Orders lessons for the home page and the previous/next links. DOM-free and
 * independent of Astro so the rules are unit-tested.
 */
export interface LessonLike {
  id: string;
  data: { title: string; order: number; draft?: boolean };
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
