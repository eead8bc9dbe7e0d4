import { z } from "astro/zod";
import { closest } from "../site/closest.ts";

/** A reference a lesson stands on: shown under the lesson and linked. */
export const sourceSchema = z.object({
  title: z.string().min(1, "a source needs a title"),
  url: z.url({ message: "a source url must be an absolute http(s) URL" }),
  note: z.string().optional(),
}).strict();

/** Frontmatter of every file in content/lessons/. */
export const lessonSchema = z
  .object({
    title: z.string().min(1, "title must not be empty"),
    description: z.string().min(20, "description should be a full sentence (at least 20 characters)"),
    order: z.number().int().positive(),
    sources: z.array(sourceSchema).min(1, "a lesson cites at least one source"),
    draft: z.boolean().optional().default(false),
  })
  .strict();

export type Lesson = z.infer<typeof lessonSchema>;
export type Source = z.infer<typeof sourceSchema>;

/** The fields a lesson's frontmatter may have, for "did you mean" on a typo. */
export const LESSON_FIELDS = Object.keys(lessonSchema.shape);

/** What the content collection holds for one lesson: its frontmatter, or what is wrong with it. */
export type CollectedLesson = Lesson | { problems: string[] };

const fieldPath = (path: readonly PropertyKey[]) => path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");

/**
 * A lesson's frontmatter checked against lessonSchema, as sentences an author can act on
 * (each naming the field). The content collection keeps what is wrong instead of throwing, so that
 * `astro dev` starts, and serves the error in its overlay, rather than crashing or keeping the old page;
 * `validLessons` (src/lib/site/lessons.ts) throws it, naming the file.
 */
export function checkFrontmatter(raw: unknown): CollectedLesson {
  const r = lessonSchema.safeParse(raw);
  if (r.success) return r.data;
  const problems: string[] = [];
  for (const issue of r.error.issues) {
    if (issue.code === "unrecognized_keys") {
      // Unknown keys sit either at the top or inside a source.
      const fields = issue.path.length ? Object.keys(sourceSchema.shape) : LESSON_FIELDS;
      const where = issue.path.length ? `${fieldPath(issue.path)}: ` : "";
      for (const key of issue.keys) {
        const guess = closest(key, fields);
        problems.push(`${where}unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : ""}; the fields are ${fields.join(", ")}`);
      }
    } else {
      const field = fieldPath(issue.path);
      problems.push(`${field ? `field "${field}"` : "the frontmatter"}: ${issue.message}`);
    }
  }
  return { problems };
}

/** The collection's schema: accepts anything, keeps checkFrontmatter's verdict. */
export const collectedLessonSchema = z.unknown().transform(checkFrontmatter);
