import { describe, expect, it } from "vitest";
import { neighbours, orderedLessons, validLessons } from "../../../../src/lib/site/lessons.ts";
import { checkFrontmatter, collectedLessonSchema, lessonSchema } from "../../../../src/lib/schemas/lesson.ts";

const L = (id: string, order: number, draft = false) => ({ id, data: { title: id.toUpperCase(), order, draft } });

describe("orderedLessons", () => {
  it("sorts by order and hides drafts unless asked", () => {
    const list = [L("c", 3), L("a", 1), L("d", 4, true), L("b", 2)];
    expect(orderedLessons(list).map((l) => l.id)).toEqual(["a", "b", "c"]);
    expect(orderedLessons(list, true).map((l) => l.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("refuses two lessons with the same order, naming both", () => {
    expect(() => orderedLessons([L("a", 1), L("b", 1)])).toThrow('Lessons "a" and "b" both have order 1');
  });

  it("gives previous and next, null at the ends", () => {
    const list = orderedLessons([L("a", 1), L("b", 2), L("c", 3)]);
    expect(neighbours(list, "a")).toEqual({ previous: null, next: list[1] });
    expect(neighbours(list, "b")).toEqual({ previous: list[0], next: list[2] });
    expect(neighbours(list, "c").next).toBeNull();
    expect(() => neighbours(list, "z")).toThrow('No lesson with id "z"');
  });
});

const good = {
  title: "T",
  description: "A description long enough to pass.",
  order: 1,
  sources: [{ title: "Nielsen", url: "http://neuralnetworksanddeeplearning.com/chap5.html" }],
};

describe("lessonSchema", () => {
  it("accepts a complete frontmatter and defaults draft to false", () => {
    expect(lessonSchema.parse(good).draft).toBe(false);
  });
  it.each([
    [{ order: "1" }, "order"],
    [{ order: 0 }, "order"],
    [{ title: "" }, "title"],
    [{ sources: [] }, "sources"],
    [{ sources: [{ title: "x", url: "not a url" }] }, "sources.0.url"],
  ])("rejects %j at field %s", (patch, field) => {
    const r = lessonSchema.safeParse({ ...good, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toContain(field);
  });
  it("rejects unknown fields so that typos do not pass silently", () => {
    const r = lessonSchema.safeParse({ ...good, titel: "typo" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toContain("titel");
  });
});

// Frontmatter mistakes as an author reads them: checkFrontmatter's sentences (field, problem, the field meant
// on a typo) and validLessons' error naming the file. The collection keeps the problems instead of throwing so
// that `astro dev` survives them (tests/build/dev-frontmatter.test.ts).
describe("checkFrontmatter", () => {
  it("returns a valid frontmatter as the schema parses it (draft defaults to false)", () => {
    expect(checkFrontmatter(good)).toEqual({ ...good, draft: false });
    expect(collectedLessonSchema.parse(good)).toEqual({ ...good, draft: false });
  });

  it.each([
    [{ order: "first" }, ['field "order": Invalid input: expected number, received string']],
    [{ title: "" }, ['field "title": title must not be empty']],
    [{ sources: [{ title: "x", url: "not a url" }] }, ['field "sources[0].url": a source url must be an absolute http(s) URL']],
    [{ sources: [] }, ['field "sources": a lesson cites at least one source']],
  ])("names the field and the problem for %j", (patch, problems) => {
    expect(checkFrontmatter({ ...good, ...patch })).toEqual({ problems });
  });

  it("answers a misspelt field with the field it probably meant, and lists the fields", () => {
    const { title, ...rest } = good;
    expect(checkFrontmatter({ ...rest, titel: title })).toEqual({
      problems: ['field "title": Invalid input: expected string, received undefined', 'unknown field "titel" (did you mean "title"?); the fields are title, description, order, sources, draft'],
    });
    expect(checkFrontmatter({ ...good, sources: [{ ...good.sources[0], nots: "x" }] })).toEqual({
      problems: ['sources[0]: unknown field "nots" (did you mean "note"?); the fields are title, url, note'],
    });
    // Nothing close: no guess.
    expect(checkFrontmatter({ ...good, author: "me" })).toEqual({ problems: ['unknown field "author"; the fields are title, description, order, sources, draft'] });
  });

  it("never throws, whatever the frontmatter is", () => {
    for (const raw of [undefined, null, 3, "text", [], {}]) expect(() => checkFrontmatter(raw)).not.toThrow();
    expect(checkFrontmatter(undefined)).toEqual({ problems: ["the frontmatter: Invalid input: expected object, received undefined"] });
  });
});

describe("validLessons", () => {
  const ok = { id: "a", filePath: "content/lessons/a.mdx", data: { ...good, draft: false } };
  it("passes entries with valid frontmatter through unchanged", () => {
    expect(validLessons([ok])).toEqual([ok]);
  });
  it("throws for an entry with problems, naming its file and each problem", () => {
    const bad = { id: "b", filePath: "content/lessons/b.mdx", data: { problems: ["one", "two"] } };
    expect(() => validLessons([ok, bad])).toThrow("content/lessons/b.mdx: the frontmatter (between the --- lines at the top) is not valid:\n  - one\n  - two");
  });
});
