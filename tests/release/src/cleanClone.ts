import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cleanEnv, repoRoot } from "@millimetric-internal/test-support/packedApp";

// What changesets reads: the workspace manifests, the lockfile (which `version-packages`
// refreshes), the changelogs and .changeset/ itself.
const CHANGESETS_READS = /(^|\/)(package\.json|package-lock\.json|CHANGELOG\.md)$|^\.changeset\//;

/** Runs git in `cwd` with a fixed identity; returns its stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=release test", "-c", "user.email=release@test.invalid", ...args], {
    cwd,
    env: cleanEnv(),
    encoding: "utf8",
  });
}

/**
 * A fresh repository holding, as one commit on `main`, what a clone would get if the
 * working tree were committed now: the tracked and untracked-but-not-ignored files
 * changesets reads. Not `git clone`: that would test the last commit, not this tree, and
 * a developer's uncommitted edits would make `changeset status` in the checkout itself
 * report "packages changed" (it diffs the working tree against `main`).
 */
export function cleanClone(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "mm-release-"));
  const listed = git(repoRoot, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0");
  for (const file of listed) {
    if (!CHANGESETS_READS.test(file) || !existsSync(join(repoRoot, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(dir, file));
  }
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "add", "--all");
  git(dir, "commit", "--quiet", "--message", "the working tree");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
