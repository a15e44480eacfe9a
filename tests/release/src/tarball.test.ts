// What a user gets from `npm install`: every published package's tarball carries its
// license, readme and changelog, and its package.json says where it lives and how it
// is published. Run against the `npm pack` file list, so a `files` entry dropped or a
// dist file renamed fails here before it fails on npm.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "@millimetric-internal/test-support/packedApp";
import { packedFiles } from "./packedFiles";
import { publishedPackages, readJson, type Manifest } from "./publishedPackages";

const REPOSITORY = "https://github.com/millimetric/frameworks";
const root = readJson<Manifest>(join(repoRoot, "package.json"));
const rootLicense = readFileSync(join(repoRoot, "LICENSE"), "utf8");
const packages = publishedPackages();

it("finds the published packages", () => {
  expect(packages.map((p) => p.manifest.name)).toContain("@millimetric/track");
  // This workspace depends on each of them so turbo builds their dist before packing it.
  const own = readJson<Manifest>(fileURLToPath(new URL("../package.json", import.meta.url)));
  for (const { manifest } of packages) expect(own.devDependencies, manifest.name).toHaveProperty([manifest.name], manifest.version);
});

describe.each(packages)("$manifest.name", ({ dir, folder, manifest }) => {
  let files: string[];
  beforeAll(async () => {
    files = await packedFiles(dir);
  });

  it("packs LICENSE, README.md, CHANGELOG.md and package.json", () => {
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "CHANGELOG.md", "package.json"]));
  });

  it("ships the root MIT license word for word", () => {
    expect(manifest.license).toBe("MIT");
    expect(root.license).toBe("MIT");
    expect(readFileSync(join(dir, "LICENSE"), "utf8")).toBe(rootLicense);
  });

  it("has a changesets CHANGELOG with an entry for its version", () => {
    const changelog = readFileSync(join(dir, "CHANGELOG.md"), "utf8");
    expect(changelog.split("\n")[0]).toBe(`# ${manifest.name}`);
    expect(changelog).toMatch(new RegExp(`^## ${manifest.version.replace(/\./g, "\\.")}$`, "m"));
  });

  it("says where it lives and how it is published", () => {
    expect(manifest.keywords?.length).toBeGreaterThan(0);
    expect(manifest.keywords?.every((k) => typeof k === "string" && k.length > 0)).toBe(true);
    expect(manifest.homepage).toBe(`${REPOSITORY}/tree/main/${folder}#readme`);
    expect(manifest.bugs?.url).toBe(`${REPOSITORY}/issues`);
    expect(manifest.repository).toEqual({ type: "git", url: `git+${REPOSITORY}.git`, directory: folder });
    expect(manifest.publishConfig).toEqual({ access: "public", provenance: true });
  });

  it("requires the Node the tests run (the root's engines)", () => {
    expect(root.engines?.node).toBe(">=20");
    expect(manifest.engines?.node).toBe(root.engines?.node);
  });

  it("packs every file its sideEffects names", () => {
    const sideEffects = manifest.sideEffects;
    if (sideEffects === false) return;
    // Plain paths only: a glob would match whatever dist happens to hold and never fail.
    expect(Array.isArray(sideEffects)).toBe(true);
    for (const entry of sideEffects as string[]) {
      expect(entry, `${manifest.name} sideEffects entry`).toMatch(/^\.\/[^*?{}[\]]+$/);
      expect(files, `${manifest.name} sideEffects entry ${entry}`).toContain(entry.slice(2));
    }
  });
});
