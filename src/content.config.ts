import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { collectedLessonSchema } from "./lib/schemas/lesson.ts";

// Lessons live in the top-level content/ folder so that authors never need to
// open src/. VG_LESSONS_DIR exists for the build tests' bad-frontmatter fixture.
const lessons = defineCollection({
  loader: glob({ pattern: "**/*.mdx", base: process.env.VG_LESSONS_DIR || "./content/lessons" }),
  // Bad frontmatter is kept as a list of problems, not thrown here: a throw in the content layer
  // crashes `astro dev` at start and, on an edit, leaves the old page served with the error only in
  // the terminal. The pages throw it instead (validLessons), so it reaches the dev overlay and fails the build.
  schema: collectedLessonSchema,
});

export const collections = { lessons };
