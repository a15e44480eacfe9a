import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// src/, so every file is named relative to it.
const here = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Every import's specifier: `from "x"`, `import "x"`, `import("x")`, `require("x")`. */
const IMPORT = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*["']([^"']+)["']/g;

/** Delivery.ts and every local module it imports, transitively. */
function sourcesOf(entry: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (file: string): void => {
    if (out.has(file)) return;
    const code = readFileSync(join(here, file), "utf8");
    out.set(file, code);
    for (const [, spec] of code.matchAll(IMPORT)) if (spec!.startsWith(".")) visit(normalize(join(dirname(file), `${spec}.ts`)));
  };
  visit(entry);
  return out;
}

describe("the delivery engine stays isomorphic", () => {
  it("imports only core's own modules (no node:*, no package) and never names Node's immediate queue (edge runtimes stub it; Next's edge build warns on the name)", () => {
    const sources = sourcesOf("delivery/Delivery.ts");
    expect(sources.size).toBeGreaterThan(5);
    for (const [file, code] of sources) {
      // Relative only, and never above src/: core's own modules.
      for (const [, spec] of code.matchAll(IMPORT)) expect(normalize(join(dirname(file), spec!)), file).toMatch(/^(?!\.\.)[\w/]+$/);
      expect(code, file).not.toMatch(/setImmediate/);
    }
  });
});
