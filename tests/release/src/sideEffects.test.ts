// `sideEffects` tells bundlers which files they may drop when nothing they export is
// used. A file that acts on import (assigns a global, registers a store, throws on
// purpose) must be declared, or a bundler drops it from `import "…"` and the effect is
// silently gone. Checked with esbuild, which reads the field as webpack and Rollup do.
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { publishedPackages } from "./publishedPackages";

/** What is left of a bundle of `import "<file>"` alone: empty when the bundler dropped the file. */
async function bareImportOutput(file: string): Promise<string> {
  const result = await build({
    stdin: { contents: `import ${JSON.stringify(file)};`, resolveDir: dirname(file), loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    packages: "external",
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text.replace(/^\s*\/\/.*$/gm, "").trim();
}

/**
 * Files that act on import, by package: what each does is why it is listed. A new entry of
 * this kind goes here and in its package.json.
 */
const ACTS_ON_IMPORT: Record<string, string[]> = {
  // The script-tag build: an IIFE that reads its data-key and assigns window.mm.
  "@millimetric/track": ["./dist/a.js"],
  // Registers the request-context store on globalThis, where track() looks for it.
  "@millimetric/track-node": ["./dist/context.js", "./dist/context.cjs"],
  // What /server resolves to in a browser bundle: it throws so client code learns at once.
  "@millimetric/next": ["./dist/server.browser.js", "./dist/server.browser.cjs"],
  // The millimetric-ingest command: starts the server.
  "@millimetric/ingest": ["./dist/cli.js", "./dist/cli.cjs"],
};

const packages = publishedPackages();

it("lists only published packages", () => {
  const names = packages.map((p) => p.manifest.name);
  for (const name of Object.keys(ACTS_ON_IMPORT)) expect(names).toContain(name);
});

describe.each(packages)("$manifest.name", ({ dir, manifest }) => {
  const declared = Array.isArray(manifest.sideEffects) ? manifest.sideEffects : [];

  it("declares exactly the files that act on import", () => {
    const expected = ACTS_ON_IMPORT[manifest.name];
    if (expected) expect([...declared].sort()).toEqual([...expected].sort());
    else expect(manifest.sideEffects).toBe(false);
  });

  for (const entry of declared) {
    it(`a bundler keeps a bare import of ${entry}`, async () => {
      expect(await bareImportOutput(join(dir, entry))).not.toBe("");
    });
  }

  it("lets a bundler drop an unused import of its main entry", async () => {
    // The declaration names files, not the package: everything else stays tree-shakable.
    expect(manifest.module).toBeTruthy();
    expect(await bareImportOutput(join(dir, manifest.module!))).toBe("");
  });
});
