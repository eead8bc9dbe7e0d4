import { describe, expect, it } from "vitest";
import { deployTarget, editUrl, normaliseBase, repositoryUrlFromRemote, viewUrl } from "../../../../src/lib/site/deploy.ts";

describe("deployTarget", () => {
  it("serves locally at / with no environment", () => {
    const t = deployTarget({});
    expect(t).toEqual({ site: "http://localhost:4321", base: "/", repositoryUrl: null, branch: "main" });
  });

  it("derives a project site from GITHUB_REPOSITORY, so a fork deploys unedited", () => {
    const t = deployTarget({ GITHUB_REPOSITORY: "Some-Teacher/vanishing-gradients" });
    expect(t.site).toBe("https://some-teacher.github.io");
    expect(t.base).toBe("/vanishing-gradients/");
    expect(t.repositoryUrl).toBe("https://github.com/Some-Teacher/vanishing-gradients");
  });

  it("uses / for a user site repository owner.github.io", () => {
    expect(deployTarget({ GITHUB_REPOSITORY: "ann/ann.github.io" }).base).toBe("/");
  });

  it("lets SITE_URL, BASE_PATH, REPOSITORY_URL and EDIT_BRANCH override", () => {
    const t = deployTarget({
      GITHUB_REPOSITORY: "a/b",
      SITE_URL: "https://course.example.org/",
      BASE_PATH: "deep/",
      REPOSITORY_URL: "https://github.com/x/y/",
      EDIT_BRANCH: "draft",
    });
    expect(t).toEqual({ site: "https://course.example.org", base: "/deep/", repositoryUrl: "https://github.com/x/y", branch: "draft" });
  });

  it("takes the branch from GITHUB_REF_NAME in Actions", () => {
    expect(deployTarget({ GITHUB_REF_NAME: "gh-pages-src" }).branch).toBe("gh-pages-src");
  });

  it("rejects a malformed GITHUB_REPOSITORY and SITE_URL with the variable named", () => {
    expect(() => deployTarget({ GITHUB_REPOSITORY: "no-slash" })).toThrow('GITHUB_REPOSITORY must look like "owner/name", got "no-slash"');
    expect(() => deployTarget({ SITE_URL: "not a url" })).toThrow('SITE_URL must be an absolute URL, got "not a url"');
  });

  it("falls back to the git remote for edit links", () => {
    expect(deployTarget({}, "git@github.com:me/fork.git\n").repositoryUrl).toBe("https://github.com/me/fork");
  });
});

describe("helpers", () => {
  it.each([
    ["", "/"],
    ["/", "/"],
    ["x", "/x/"],
    ["/x", "/x/"],
    ["x/y/", "/x/y/"],
  ])("normaliseBase(%j) = %j", (input, out) => expect(normaliseBase(input)).toBe(out));

  it.each([
    ["https://github.com/a/b.git", "https://github.com/a/b"],
    ["https://token@github.com/a/b", "https://github.com/a/b"],
    ["git@github.com:a/b.git", "https://github.com/a/b"],
    ["/local/path", null],
    [undefined, null],
  ])("repositoryUrlFromRemote(%j) = %j", (input, out) => expect(repositoryUrlFromRemote(input)).toBe(out));

  it("builds an edit link to the file on the branch, or none without a repository", () => {
    const t = deployTarget({ REPOSITORY_URL: "https://github.com/x/y", EDIT_BRANCH: "main" });
    expect(editUrl(t, "content/lessons/a.mdx")).toBe("https://github.com/x/y/edit/main/content/lessons/a.mdx");
    expect(editUrl(deployTarget({}), "content/lessons/a.mdx")).toBeNull();
  });

  it("builds a view link to a config on the branch (./ stripped), or none without a repository", () => {
    const t = deployTarget({ REPOSITORY_URL: "https://github.com/x/y", EDIT_BRANCH: "main" });
    expect(viewUrl(t, "./content/studies/all-trained.json")).toBe("https://github.com/x/y/blob/main/content/studies/all-trained.json");
    expect(viewUrl(deployTarget({}), "content/studies/all-trained.json")).toBeNull();
  });
});

describe("edit links from the git remote", () => {
  it("point at the remote that astro.config.mjs hands the pages in VG_GIT_REMOTE", async () => {
    const keep = { ...process.env };
    try {
      for (const k of ["GITHUB_REPOSITORY", "REPOSITORY_URL", "EDIT_BRANCH", "GITHUB_REF_NAME"]) delete process.env[k];
      process.env.VG_GIT_REMOTE = "git@github.com:teacher/fork.git";
      const { lessonEditUrl } = await import("../../../../src/lib/site/site.ts?remote-test" as string);
      expect(lessonEditUrl("content/lessons/a.mdx")).toBe("https://github.com/teacher/fork/edit/main/content/lessons/a.mdx");
      expect(lessonEditUrl(undefined)).toBeNull();
    } finally {
      process.env = keep;
    }
  });
});
