import { describe, expect, it } from "vitest";
import { neighbours, orderedLessons } from "../../src/lib/lessons.ts";
import { lessonSchema } from "../../src/lib/lesson-schema.ts";

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

describe("lessonSchema", () => {
  const good = {
    title: "T",
    description: "A description long enough to pass.",
    order: 1,
    sources: [{ title: "Nielsen", url: "http://neuralnetworksanddeeplearning.com/chap5.html" }],
  };
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
