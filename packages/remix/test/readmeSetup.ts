// The README's Setup code blocks, read at test time: the fixture apps are built from them
// as written, so the blocks a user copies are the ones the suite proves.
import { readFileSync } from "node:fs";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The fenced code block whose first line is `firstLine` (exactly one must exist). */
function block(firstLine: string): string {
  const found = [...readme.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!).filter((code) => code.split("\n")[0] === firstLine);
  if (found.length !== 1) throw new Error(`README.md: expected one code block starting with "${firstLine}", found ${found.length}`);
  return found[0]!;
}

/** `vite.config.ts` of the Setup (React Router 7/8). */
export const setupViteConfig = block("// vite.config.ts");

/** `app/root.tsx` of the Setup (React Router 7/8). */
export const setupRoot = block("// app/root.tsx");

/**
 * `app/root.tsx` on Remix 2, as the README says to make it: the Setup's file with its two
 * `react-router` imports replaced by the README's two Remix 2 import lines.
 */
export const setupRootRemix: string = (() => {
  const remixImports = block("// app/root.tsx on Remix 2").split("\n").slice(1).filter(Boolean);
  const lines = setupRoot.split("\n");
  const at = lines.findIndex((l) => l.endsWith(' from "react-router";'));
  if (at < 0 || !lines[at + 1]?.endsWith(' from "react-router";') || lines.filter((l) => l.includes('"react-router"')).length !== 2) {
    throw new Error('README.md: the Setup root.tsx must import from "react-router" on exactly two consecutive lines');
  }
  if (remixImports.length !== 2) throw new Error("README.md: the Remix 2 block must hold exactly two import lines");
  lines.splice(at, 2, ...remixImports);
  return lines.join("\n");
})();

/** The README's root middleware lines (React Router 8, or 7 with future.v8_middleware). */
export const middlewareBlock = block("// app/root.tsx: request-scope middleware (React Router 8, or 7 with future.v8_middleware)");
