// Each adapter README ends with a "Troubleshooting" section: the five failures users hit,
// each with the message they see and the fix. A quoted message that the code no longer
// prints sends a user in trouble looking for a line that never comes, so every quote is
// checked against the built code the user runs.
//
// Convention (the READMEs follow it; a quote outside it fails "quotes every message…"):
// - A quoted message is a line starting with `[millimetric]` inside a ```text block, or
//   an inline code span starting with `[millimetric]`. Any other `[millimetric]` in the
//   section fails, so nothing quoted escapes the check.
// - It is written as the user sees it at runtime; `…` stands for a value or the rest of
//   the message, and a run of digits may stand for a number (a count, a status).
// - It must be producible from the string pieces of the package's dist (and the dist of
//   every @millimetric/* package it depends on, which builds many of its messages):
//   the quote splits into whole pieces in order (the literal text of string literals and
//   of template literals between `${…}`s, as the parser reads them), a piece may end
//   early only at a `…` or at the end of the quote, and `…`/digits fill the placeholders.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "@millimetric-internal/test-support/packedApp";
import { readJson, type Manifest } from "./publishedPackages";

/** The adapters whose README has the section, and each entry's subject, in order. */
const ADAPTERS = ["next", "express", "remix", "fetch", "fastify"];
const ENTRIES: { subject: string; heading: RegExp }[] = [
  { subject: "no key", heading: /\bkey\b/i },
  { subject: "middleware/proxy missing", heading: /missing|outside|scope/i },
  { subject: "two ids for one visitor", heading: /two ids/i },
  { subject: "events missing on serverless", heading: /serverless/i },
  { subject: "429s in a backfill", heading: /429.*backfill/i },
];
/** A sixth entry where the adapter flushes on exit (Express, Fastify, fetch): events lost at shutdown. */
const SHUTDOWN_ENTRY = { subject: "events lost at shutdown", heading: /shutdown/i };
const ERROR_CODES_LINK = "../core/README.md#error-codes";
/** Fewer literal characters than this and a quote says too little to be checked. */
const MIN_LITERAL_CHARS = 30;

/** The section's text: from `## Troubleshooting` to the next `## ` heading. */
function troubleshootingSection(readme: string): string | undefined {
  const lines = readme.split("\n");
  const start = lines.findIndex((l) => /^## Troubleshooting\s*$/.test(l));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

/** Splits a section into its `### ` entries: heading and body. */
function entriesOf(section: string): { heading: string; body: string }[] {
  return section
    .split(/^### /m)
    .slice(1)
    .map((chunk) => {
      const newline = chunk.indexOf("\n");
      return { heading: chunk.slice(0, newline), body: chunk.slice(newline + 1) };
    });
}

/** The quoted messages of a piece of Markdown, and any `[millimetric]` left outside the convention. */
function quotesOf(markdown: string): { quotes: string[]; stray: string[] } {
  const quotes: string[] = [];
  const stray: string[] = [];
  // Fenced blocks first: ```text lines are quotes, other fences (code) must not carry messages.
  const outside = markdown.replace(/^```(\w*)\n([\s\S]*?)^```$/gm, (_, lang: string, body: string) => {
    for (const line of body.split("\n")) {
      if (!line.includes("[millimetric]")) continue;
      if (lang === "text" && line.startsWith("[millimetric]")) quotes.push(line.trim());
      else stray.push(line);
    }
    return "";
  });
  const prose = outside.replace(/(`+)([^`][\s\S]*?)\1/g, (_, _ticks: string, span: string) => {
    const text = span.trim();
    if (text.startsWith("[millimetric]")) quotes.push(text);
    else if (text.includes("[millimetric]")) stray.push(text);
    return "";
  });
  for (const line of prose.split("\n")) if (line.includes("[millimetric]")) stray.push(line);
  return { quotes, stray };
}

/** GitHub's heading anchors of a README (lowercased, punctuation dropped, spaces to `-`, repeats numbered). */
function anchorsOf(readme: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutCode = readme.replace(/^```[\s\S]*?^```$/gm, "");
  for (const [, heading] of withoutCode.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** `packages/<name>` of a workspace package, and the @millimetric/* packages it depends on, transitively. */
function withDependencies(folder: string, found = new Set<string>()): Set<string> {
  if (found.has(folder)) return found;
  found.add(folder);
  const manifest = readJson<Manifest>(join(repoRoot, "packages", folder, "package.json"));
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (dep.startsWith("@millimetric/")) withDependencies(dep.slice("@millimetric/".length), found);
  }
  return found;
}

/** Every built ESM file under `dir`. */
function builtFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return builtFiles(path);
    return name.endsWith(".js") ? [path] : [];
  });
}

/** The literal text pieces of a JS file: string literals, and template literals cut at each `${…}`. */
function stringPieces(code: string): string[] {
  const pieces: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
      if (node.text) pieces.push(node.text);
    }
    node.forEachChild(visit);
  };
  visit(ts.createSourceFile("dist.js", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS));
  return pieces;
}

/** The pieces a package's messages can be built from: its own dist and its @millimetric/* dependencies'. */
function piecesFor(folder: string): { files: string[]; pieces: Set<string> } {
  const files = [...withDependencies(folder)].flatMap((f) => builtFiles(join(repoRoot, "packages", f, "dist")));
  return { files, pieces: new Set(files.flatMap((file) => stringPieces(readFileSync(file, "utf8")))) };
}

/** A piece a quote was built with, and the text of the quote it covered (all of it, or its start). */
interface UsedPiece {
  piece: string;
  covered: string;
}

/**
 * How `quote` is built from `pieces` (see the convention at the top), or `undefined` when
 * it cannot be: the pieces used, in order.
 */
function buildFrom(quote: string, pieces: Set<string>): UsedPiece[] | undefined {
  const n = quote.length;
  // used[i]: the pieces that reach position i of the quote (undefined: not reachable).
  const used: (UsedPiece[] | undefined)[] = new Array(n + 1);
  used[0] = [];
  for (let i = 0; i < n; i++) {
    const before = used[i];
    if (!before) continue;
    const reach = (j: number, piece?: string) => {
      used[j] ??= piece === undefined ? before : [...before, { piece, covered: quote.slice(i, j) }];
    };
    if (quote[i] === "…") reach(i + 1);
    const digits = /^\d+/.exec(quote.slice(i));
    if (digits && !/\d/.test(quote[i - 1] ?? "")) reach(i + digits[0].length);
    // A piece may end early where the quote elides the rest: at its next `…` or its end.
    const ellipsis = quote.indexOf("…", i);
    const partEnd = ellipsis < 0 ? n : ellipsis;
    const part = quote.slice(i, partEnd);
    for (const piece of pieces) {
      if (quote.startsWith(piece, i)) reach(i + piece.length, piece);
      else if (part && piece.startsWith(part)) reach(partEnd, piece);
    }
  }
  return used[n];
}

/** The literal characters of a quote, without its placeholders. */
function literalLength(quote: string): number {
  return quote.replace(/…|\d+/g, "").length;
}

/** The known error codes, read from the union type in core's source. */
function errorCodes(): Set<string> {
  const source = readFileSync(join(repoRoot, "packages/core/src/errors/MillimetricErrorCode.ts"), "utf8");
  return new Set([...source.matchAll(/\|\s*"([a-z_]+)"/g)].map((m) => m[1]!));
}

describe.each(ADAPTERS)("packages/%s/README.md", (folder) => {
  const readme = readFileSync(join(repoRoot, "packages", folder, "README.md"), "utf8");
  const section = troubleshootingSection(readme) ?? "";
  const entries = entriesOf(section);

  it("has a Troubleshooting section with the five failures (and the shutdown one where it applies), in order, before any License/Contributing section", () => {
    expect(section, "no `## Troubleshooting` heading").not.toBe("");
    const expected = entries.length > ENTRIES.length ? [...ENTRIES, SHUTDOWN_ENTRY] : ENTRIES;
    expect(entries.map((e) => e.heading)).toHaveLength(expected.length);
    entries.forEach((entry, i) => expect(entry.heading, expected[i]!.subject).toMatch(expected[i]!.heading));
    for (const entry of entries) expect(entry.body.trim().length, entry.heading).toBeGreaterThan(200);
    const after = readme.slice(readme.indexOf(section) + section.length);
    expect(after).not.toMatch(/^## (License|Licence|Contributing)/m);
  });

  it("quotes every message by the convention, names a known code where it quotes an error, and links the code table", () => {
    expect(quotesOf(section).stray).toEqual([]);
    expect(section).toContain(`](${ERROR_CODES_LINK})`);
    const known = errorCodes();
    for (const entry of entries) {
      const codes = [...entry.body.matchAll(/code: "([a-z_]+)"/g)].map((m) => m[1]!);
      for (const code of codes) expect(known, `${entry.heading}: code "${code}"`).toContain(code);
      // An entry that quotes a thrown or reported error says which code it has. Log lines
      // with no error object of their own (after-response, waitUntil) are exempt when the
      // entry quotes nothing else; entry 4 and the shutdown entry (its line is printed as
      // the process exits, with no error object) are such entries.
      const { quotes } = quotesOf(entry.body);
      if (quotes.length > 0 && !/serverless|shutdown/i.test(entry.heading)) expect(codes, entry.heading).not.toEqual([]);
    }
  });

  it("links only to anchors that exist", () => {
    const links = [...section.matchAll(/\]\(((?:\.\.\/[\w-]+\/README\.md)?)#([\w-]+)\)/g)];
    expect(links.length).toBeGreaterThan(0);
    const dead = links.filter(([, file, anchor]) => {
      const target = file ? readFileSync(join(repoRoot, "packages", folder, file), "utf8") : readme;
      return !anchorsOf(target).has(anchor!);
    });
    expect(dead.map(([link]) => link)).toEqual([]);
  });

  describe("quoted messages", () => {
    const { files, pieces } = piecesFor(folder);
    const { quotes } = quotesOf(section);

    it("reads a built dist and finds quotes to check", () => {
      // No dist means nothing to check against: build first (turbo builds every dependency).
      expect(files.some((f) => f.includes(`/packages/${folder}/dist/`)), `packages/${folder}/dist is missing`).toBe(true);
      // No key, missing middleware and 429s always have a message to quote (2 and 4 may not).
      for (const i of [0, 1, 4]) expect(quotesOf(entries[i]?.body ?? "").quotes, ENTRIES[i]!.subject).not.toEqual([]);
    });

    it.each(quotes)("%s", (quote) => {
      expect(literalLength(quote), "say more than that").toBeGreaterThanOrEqual(MIN_LITERAL_CHARS);
      const built = buildFrom(quote, pieces);
      expect(built, `not producible from the dist of ${[...withDependencies(folder)].join(", ")}`).toBeDefined();
      // And the check can fail: with the piece that covers most of the quote edited (one
      // letter, as a reworded message would be), the quote no longer builds.
      const { piece } = built!.reduce((a, b) => (b.covered.length > a.covered.length ? b : a));
      const edited = new Set(pieces);
      edited.delete(piece);
      edited.add(piece.replace(/[a-z]/i, (c) => (c === "x" ? "y" : "x")));
      expect(buildFrom(quote, edited), `still builds without "${piece}"`).toBeUndefined();
    });
  });
});
