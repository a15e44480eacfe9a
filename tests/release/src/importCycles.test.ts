// Issue 15's first acceptance line, for every package at once: no import cycle in any
// package's src (type-only imports aside), read with the TypeScript parser. The browser
// SDK's own structure test holds it to more (a state leaf, nothing imports init).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const packagesDir = fileURLToPath(new URL("../../../packages/", import.meta.url));

/** Every non-test module under `dir` (tests and type-check fixtures are not the package). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.(test|typecheck)\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The run-time edges of one module: relative imports and re-exports that are not type-only. */
function runtimeImports(file: string, files: Set<string>): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const targets: string[] = [];
  const edge = (specifier: ts.Expression | undefined) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith(".")) return;
    const base = join(dirname(file), specifier.text).replace(/\.js$/, "");
    const target = [`${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find((f) => files.has(f));
    if (!target) throw new Error(`${relative(packagesDir, file)}: unresolved import ${specifier.text}`);
    targets.push(target);
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const onlyTypes = clause?.isTypeOnly || (clause && !clause.name && named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes) edge(node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      const onlyTypes = node.isTypeOnly || (clause && ts.isNamedExports(clause) && clause.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes) edge(node.moduleSpecifier);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      edge(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return targets;
}

/** Every import loop, each as the files round it (`a.ts → b.ts → a.ts`). */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const walk = (file: string) => {
    const at = path.indexOf(file);
    if (at >= 0) return void found.push([...path.slice(at), file].map((f) => relative(packagesDir, f)).join(" → "));
    if (done.has(file)) return;
    path.push(file);
    for (const next of graph.get(file) ?? []) walk(next);
    path.pop();
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) walk(file);
  return found;
}

const packages = readdirSync(packagesDir).filter((name) => statSync(join(packagesDir, name, "src"), { throwIfNoEntry: false })?.isDirectory());

describe("no import cycle in any package's src", () => {
  it("finds every package and reads real graphs (an empty graph would pass)", () => {
    expect(packages).toEqual(expect.arrayContaining(["core", "track", "track-node", "react", "next", "express", "remix", "fetch", "fastify", "ingest"]));
  });

  it.each(packages)("%s", (name) => {
    const files = sourceFiles(join(packagesDir, name, "src"));
    const set = new Set(files);
    const graph = new Map(files.map((f) => [f, runtimeImports(f, set)]));
    expect([...graph.values()].some((edges) => edges.length > 0)).toBe(true);
    expect(cycles(graph)).toEqual([]);
  });

  it("would see one (the detector on a two-module loop)", () => {
    const a = join(packagesDir, "x/a.ts");
    const b = join(packagesDir, "x/b.ts");
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual(["x/a.ts → x/b.ts → x/a.ts"]);
  });
});
