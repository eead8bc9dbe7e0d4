import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { lessonSchema } from "./lib/lesson-schema.ts";

// Lessons live in the top-level content/ folder so that authors never need to
// open src/. VG_LESSONS_DIR exists for the build tests' bad-frontmatter fixture.
const lessons = defineCollection({
  loader: glob({ pattern: "**/*.mdx", base: process.env.VG_LESSONS_DIR || "./content/lessons" }),
  schema: lessonSchema,
});

export const collections = { lessons };
