// The proxy and the server helpers apply core's one visitor decision (decideVisitor,
// readForwardedVisitor) and decide nothing themselves: no source file here may call the
// id, consent, visitor or cookie rules that decision is made of.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const RULES = /\b(resolveAnonymousId|findAnonymousId|isBrowserRequest|isOptedOut|serializeAidCookie|serializeAidMintedCookie|mintId|aidFromCookies)\b/;
const SRC = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The code without its comments (TSDoc may name a rule, e.g. an option's @default). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

describe("@millimetric/next decides nothing about the visitor itself", () => {
  it("no source file calls core's id, consent, visitor or cookie rules", () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((file) => RULES.test(code(readFileSync(file, "utf8")))).map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });

  it("the proxy and both routers' helpers go through core's decision and its one reader", () => {
    const read = (file: string) => code(readFileSync(join(SRC, file), "utf8"));
    expect(read("withMillimetric.ts")).toMatch(/decideVisitor\(/);
    expect(read("readVisitor.ts")).toMatch(/readForwardedVisitor\(/);
    for (const scope of ["requestScope.ts", "pages/pagesScope.ts"]) expect(read(scope)).toMatch(/readVisitor\(/);
  });
});
