// Every adapter applies core's one visitor decision and decides nothing itself: no adapter
// source may call the id, consent, visitor or cookie rules that decision is made of. The
// packages that are not adapters (core owns the rules; the SDKs and the ingest are no
// framework's) are the only ones left out, so a new adapter is covered the day it lands.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const PACKAGES = join(import.meta.dirname, "../../../packages");
const NOT_ADAPTERS = new Set(["core", "track", "track-node", "react", "ingest"]);
const RULES = /\b(resolveAnonymousId|findAnonymousId|isBrowserRequest|isOptedOut|serializeAidCookie|serializeAidMintedCookie|mintId|aidFromCookies|guardVisitorRule)\b/;
/** Where each adapter applies the decision: core's function, or the adapter it builds on. */
const APPLIES = /\bdecideVisitor\(|\breadForwardedVisitor\(|\bcreateRequestScope\(|\.enter\(/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|typecheck)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The code without its comments (TSDoc may name a rule, e.g. an option's @default). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

const adapters = readdirSync(PACKAGES).filter((name) => !NOT_ADAPTERS.has(name));

describe("one visitor decision", () => {
  it("covers every adapter package", () => {
    expect(adapters).toEqual(expect.arrayContaining(["express", "fastify", "fetch", "next", "remix"]));
  });

  it.each(adapters)("%s calls none of core's id, consent, visitor or cookie rules, and applies the decision", (name) => {
    const files = sources(join(PACKAGES, name, "src"));
    expect(files.length).toBeGreaterThan(3);
    const texts = files.map((file) => [relative(PACKAGES, file), code(readFileSync(file, "utf8"))] as const);
    expect(texts.filter(([, text]) => RULES.test(text)).map(([file]) => file)).toEqual([]);
    expect(texts.some(([, text]) => APPLIES.test(text))).toBe(true);
  });
});
