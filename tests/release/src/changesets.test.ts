// The release tooling works from a clean clone: `changeset status` passes on main as it is
// (pending changesets included), fails a branch that changes a package without a changeset, and a dry
// `version-packages` (the root script) moves every published package to one version,
// re-pins their exact internal dependencies and writes the changelogs above 0.1.0.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanClone, git } from "./cleanClone";
import { shell } from "./changesetCli";
import { publishedPackages, readJson, type Manifest } from "./publishedPackages";

const published = publishedPackages();
const names = new Set(published.map((p) => p.manifest.name));
const version = published[0]!.manifest.version;
// What one patch changeset makes of `version` (the packages start fixed at one version).
const next = version.replace(/\d+$/, (patch) => String(Number(patch) + 1));

interface ReleasePlan {
  releases: { name: string; type: string; oldVersion: string; newVersion: string }[];
}

/**
 * What main looks like right after a release: the changesets pending in the working tree
 * consumed (committed away in the clone), so a test's own changeset, or its absence, alone
 * decides what changesets says.
 */
function releasePending(dir: string): void {
  const pending = readdirSync(join(dir, ".changeset")).filter((name) => name.endsWith(".md") && name !== "README.md");
  if (!pending.length) return;
  for (const name of pending) rmSync(join(dir, ".changeset", name));
  git(dir, "commit", "--quiet", "--all", "--message", "release the pending changesets");
}

let clone: ReturnType<typeof cleanClone>;
beforeEach(() => {
  clone = cleanClone();
});
afterEach(() => clone.remove());

it("starts every published package at one version", () => {
  expect(new Set(published.map((p) => p.manifest.version))).toEqual(new Set([version]));
});

it("changeset status passes on a clean clone", async () => {
  const status = await shell("changeset status", clone.dir);
  expect(status.output).toContain("Packages to be bumped");
  expect(status.code).toBe(0);
});

it("changeset status fails a branch that changes a package without a changeset", async () => {
  releasePending(clone.dir);
  git(clone.dir, "checkout", "--quiet", "-b", "feature");
  writeFileSync(join(clone.dir, "packages/core/CHANGELOG.md"), "# @millimetric/core\n\nedited\n");
  git(clone.dir, "commit", "--quiet", "--all", "--message", "change core");
  const status = await shell("changeset status", clone.dir);
  expect(status.output).toContain("Some packages have been changed but no changesets were found");
  expect(status.code).toBe(1);
});

describe("a dry release of one patch to core", () => {
  beforeEach(() => {
    releasePending(clone.dir);
    writeFileSync(join(clone.dir, ".changeset/dry-run.md"), `---\n"@millimetric/core": patch\n---\n\nA dry-run fix in core.\n`);
  });

  it("plans the same version for every published package and none for private ones", async () => {
    const status = await shell("changeset status --output=plan.json", clone.dir);
    expect(status.code, status.output).toBe(0);
    const plan = readJson<ReleasePlan>(join(clone.dir, "plan.json"));
    const bumped = plan.releases.filter((r) => r.type !== "none");
    expect(new Set(bumped.map((r) => r.name))).toEqual(names);
    for (const release of bumped) expect(release, release.name).toMatchObject({ oldVersion: version, newVersion: next });
  });

  it("npm run version-packages bumps, re-pins and writes every changelog", async () => {
    const result = await shell("npm run version-packages --silent", clone.dir);
    expect(result.code, result.output).toBe(0);
    const lock = readJson<{ packages: Record<string, { version?: string }> }>(join(clone.dir, "package-lock.json"));
    for (const { folder, manifest } of published) {
      const bumped = readJson<Manifest>(join(clone.dir, folder, "package.json"));
      expect(bumped.version, manifest.name).toBe(next);
      // Exact pins between the packages move with them, or a user would get two copies.
      for (const dep of Object.keys(bumped.dependencies ?? {}).filter((d) => names.has(d))) {
        expect(bumped.dependencies![dep], `${manifest.name} -> ${dep}`).toBe(next);
      }
      // The lockfile follows, so `npm ci` still accepts the tree.
      expect(lock.packages[folder]?.version, `package-lock.json ${folder}`).toBe(next);
      const changelog = readFileSync(join(clone.dir, folder, "CHANGELOG.md"), "utf8");
      expect(changelog.indexOf(`## ${next}`), manifest.name).toBeGreaterThan(0);
      expect(changelog.indexOf(`## ${next}`), manifest.name).toBeLessThan(changelog.indexOf(`## ${version}`));
    }
    expect(readFileSync(join(clone.dir, "packages/core/CHANGELOG.md"), "utf8")).toContain("- A dry-run fix in core.");
  });
});
