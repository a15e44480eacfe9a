import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@millimetric-internal/test-support/packedApp";

/** One row of core's README "Error codes" table. */
export interface ErrorCodeRow {
  code: string;
  when: string;
  /** The example message, without its code-span backticks. */
  example: string;
  todo: string;
}

/** The codes the `MillimetricErrorCode` union declares, in order. */
export function declaredErrorCodes(): string[] {
  const source = readFileSync(join(repoRoot, "packages/core/src/errors/MillimetricErrorCode.ts"), "utf8");
  return [...source.matchAll(/^\s*\|\s*"([a-z_]+)"/gm)].map((m) => m[1]!);
}

/**
 * The rows of the table under `## Error codes` in packages/core/README.md, by code. Throws
 * when the section or its table is missing, so a renamed heading fails loudly (the adapters'
 * READMEs link to `#error-codes`).
 */
export function errorCodeTable(): Map<string, ErrorCodeRow> {
  const readme = readFileSync(join(repoRoot, "packages/core/README.md"), "utf8");
  const lines = readme.split("\n");
  const start = lines.findIndex((l) => /^## Error codes\s*$/.test(l));
  if (start < 0) throw new Error('packages/core/README.md has no "## Error codes" section');
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const separator = section.findIndex((l) => /^\|(\s*:?-+:?\s*\|)+\s*$/.test(l));
  if (separator < 1) throw new Error('the "Error codes" section has no table');
  const rows = new Map<string, ErrorCodeRow>();
  for (const line of section.slice(separator + 1)) {
    if (!line.startsWith("|")) break;
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells.length !== 4) throw new Error(`an "Error codes" row needs 4 cells: ${line}`);
    const [code, when, example, todo] = cells as [string, string, string, string];
    const key = unquote(code);
    if (rows.has(key)) throw new Error(`the "Error codes" table lists ${key} twice`);
    rows.set(key, { code: key, when, example: unquote(example), todo });
  }
  return rows;
}

/** The text of a Markdown code span (`` `a` `` or ``` `` a `b` `` ```), or the cell as it is. */
function unquote(cell: string): string {
  const m = /^(`+)\s?([\s\S]*?)\s?\1$/.exec(cell);
  return m ? m[2]! : cell;
}
