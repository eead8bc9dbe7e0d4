import { z } from "astro/zod";

/** A reference a lesson stands on: shown under the lesson and linked. */
export const sourceSchema = z.object({
  title: z.string().min(1, "a source needs a title"),
  url: z.url({ message: "a source url must be an absolute http(s) URL" }),
  note: z.string().optional(),
});

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
