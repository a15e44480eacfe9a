// Remix decides nothing about the visitor itself: every id, consent, visitor and cookie
// answer is core's decision as @millimetric/fetch's request scope applies it. No source
// file here may call the rules that decision is made of (nor core's decision directly).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const RULES = /\b(resolveAnonymousId|findAnonymousId|isBrowserRequest|isOptedOut|serializeAidCookie|serializeAidMintedCookie|mintId|aidFromCookies|decideVisitor)\b/;
const SRC = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The code without its comments (TSDoc may name a rule). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

describe("@millimetric/remix decides nothing about the visitor itself", () => {
  it("no source file calls core's id, consent, visitor or cookie rules", () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((file) => RULES.test(code(readFileSync(file, "utf8")))).map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });

  it("every decision comes from @millimetric/fetch's request scope, in one place", () => {
    const callers = sources(SRC).filter((file) => /\.enter\(/.test(code(readFileSync(file, "utf8"))));
    expect(callers.map((file) => relative(SRC, file))).toEqual(["requestVisitor.ts"]);
    expect(code(readFileSync(join(SRC, "scopeFor.ts"), "utf8"))).toMatch(/createRequestScope\(/);
  });
});
