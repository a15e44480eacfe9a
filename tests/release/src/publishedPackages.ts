import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@millimetric-internal/test-support/packedApp";

/** The fields of a published package.json this suite reads. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  keywords?: string[];
  homepage?: string;
  bugs?: { url?: string };
  repository?: { type?: string; url?: string; directory?: string };
  publishConfig?: { access?: string; provenance?: boolean };
  engines?: { node?: string };
  sideEffects?: boolean | string[];
  module?: string;
  files?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** A package `npm publish` would publish: a non-private folder under packages/. */
export interface PublishedPackage {
  /** Absolute path of its folder. */
  dir: string;
  /** Its folder relative to the repository root, e.g. `packages/track`. */
  folder: string;
  manifest: Manifest;
}

/** Reads a JSON file. */
export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/** Every published package, read from disk now (no cache: tests edit copies, not these). */
export function publishedPackages(): PublishedPackage[] {
  const found: PublishedPackage[] = [];
  for (const name of readdirSync(join(repoRoot, "packages")).sort()) {
    const file = join(repoRoot, "packages", name, "package.json");
    if (!existsSync(file)) continue;
    const manifest = readJson<Manifest>(file);
    if (!manifest.private) found.push({ dir: join(repoRoot, "packages", name), folder: `packages/${name}`, manifest });
  }
  return found;
}
