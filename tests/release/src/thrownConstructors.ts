import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "@millimetric-internal/test-support/packedApp";

/** One `throw` of a constructed value found in a built file. */
export interface ThrownConstructor {
  /** Repository-relative path, `/`-separated: `packages/ingest/dist/index.js`. */
  file: string;
  line: number;
  /** Offset of the match in the file. */
  offset: number;
  /** The constructor's name without a namespace (`import_core.MillimetricError` → `MillimetricError`). */
  name: string;
  /** The matched text, for the failure message. */
  text: string;
}

// `throw new X(`, `throw new ns.X(`, `throw X(` (Error and TypeError work without `new`),
// and `throw Object.assign(new X(…), …)`, which keeps a builtin class under added fields.
const THROW = /\bthrow\s+(?:Object\.assign\(\s*)?(?:new\s+)?((?:[A-Za-z_$][\w$]*\.)*([A-Za-z_$][\w$]*))\s*\(/g;

/** Every built JavaScript file of the published packages: `packages/*\/dist/**\/*.{js,cjs}`. */
export function distFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.c?js$/.test(name)) files.push(relative(repoRoot, path).split("\\").join("/"));
    }
  };
  for (const pkg of readdirSync(join(repoRoot, "packages")).sort()) {
    const dist = join(repoRoot, "packages", pkg, "dist");
    if (statSync(join(repoRoot, "packages", pkg)).isDirectory() && safeIsDir(dist)) walk(dist);
  }
  return files;
}

/**
 * The constructors thrown in `file` (repository-relative). A `throw` of something that is
 * not a call (`throw err`, `throw 0`) rethrows or is caught at once and is not listed; a
 * value built by a helper and thrown by name is checked where the helper constructs it.
 */
export function thrownConstructors(file: string): ThrownConstructor[] {
  const text = readFileSync(join(repoRoot, file), "utf8");
  const found: ThrownConstructor[] = [];
  for (const m of text.matchAll(THROW)) {
    const name = m[2]!;
    // `throw fail(…)`, `throw invalidPayload(…)`: a helper, not a constructor (those are capitalised).
    if (!/^[A-Z]/.test(name)) continue;
    found.push({ file, line: text.slice(0, m.index).split("\n").length, offset: m.index!, name, text: m[0] });
  }
  return found;
}

function safeIsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
