/**
 * Where the site is published, worked out from the environment so that a fork
 * deploys to its own GitHub Pages address with no edit.
 *
 *   GITHUB_REPOSITORY=owner/name  →  site https://owner.github.io, base /name/
 *   GITHUB_REPOSITORY=owner/owner.github.io  →  base /
 *   SITE_URL / BASE_PATH           override either value (custom domains, tests)
 *   REPOSITORY_URL                 overrides the repository used for "Edit" links
 *   EDIT_BRANCH                    branch for "Edit" links (else GITHUB_REF_NAME, else main)
 *
 * Locally, with none of these set, the site is served at http://localhost:4321/.
 */
export interface DeployTarget {
  /** Absolute origin (and path prefix for custom domains) without trailing slash. */
  site: string;
  /** Path prefix of every page, always starting and ending with "/". */
  base: string;
  /** https URL of the repository the site is built from, or null when unknown. */
  repositoryUrl: string | null;
  /** Branch that "Edit this lesson" links open. */
  branch: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

const REPO_RE = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/;

/** Normalises "", "x", "/x", "x/" … to "/", "/x/". */
export function normaliseBase(base: string): string {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "/" : `/${trimmed}/`;
}

/** Turns a git remote (https or scp-like ssh) into an https URL, or null. */
export function repositoryUrlFromRemote(remote: string | undefined): string | null {
  if (!remote) return null;
  const r = remote.trim();
  const ssh = /^git@([^:]+):(.+?)(?:\.git)?$/.exec(r);
  if (ssh) return `https://${ssh[1]}/${ssh[2]}`;
  const https = /^https?:\/\/(?:[^@/]+@)?([^/]+)\/(.+?)(?:\.git)?\/?$/.exec(r);
  if (https) return `https://${https[1]}/${https[2]}`;
  return null;
}

export function deployTarget(env: Env, gitRemote?: string): DeployTarget {
  const repo = env.GITHUB_REPOSITORY?.trim();
  let site = "http://localhost:4321";
  let base = "/";
  let repositoryUrl: string | null = repositoryUrlFromRemote(gitRemote);
  if (repo) {
    const m = REPO_RE.exec(repo);
    if (!m) {
      throw new Error(`GITHUB_REPOSITORY must look like "owner/name", got "${repo}"`);
    }
    const [, owner, name] = m;
    site = `https://${owner.toLowerCase()}.github.io`;
    base = name.toLowerCase() === `${owner.toLowerCase()}.github.io` ? "/" : `/${name}/`;
    const server = (env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/+$/, "");
    repositoryUrl = `${server}/${owner}/${name}`;
  }
  if (env.SITE_URL) {
    try {
      site = new URL(env.SITE_URL).href.replace(/\/+$/, "");
    } catch {
      throw new Error(`SITE_URL must be an absolute URL, got "${env.SITE_URL}"`);
    }
  }
  if (env.BASE_PATH !== undefined) base = normaliseBase(env.BASE_PATH);
  if (env.REPOSITORY_URL) repositoryUrl = env.REPOSITORY_URL.replace(/\/+$/, "");
  const branch = env.EDIT_BRANCH || env.GITHUB_REF_NAME || "main";
  return { site, base, repositoryUrl, branch };
}

/** Link that opens a repository file in GitHub's editor, or null without a repository. */
/** Where a repository file can be read on the forge (for "see its config" links), or null without a known repository. */
export function viewUrl(target: DeployTarget, filePath: string): string | null {
  if (!target.repositoryUrl) return null;
  const clean = filePath.replace(/^\.?\/+/, "");
  return `${target.repositoryUrl}/blob/${encodeURIComponent(target.branch)}/${clean}`;
}

export function editUrl(target: DeployTarget, filePath: string): string | null {
  if (!target.repositoryUrl) return null;
  const clean = filePath.replace(/^\.?\/+/, "");
  return `${target.repositoryUrl}/edit/${encodeURIComponent(target.branch)}/${clean}`;
}
