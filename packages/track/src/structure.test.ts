// @vitest-environment node
// The browser SDK's shape, read from its own source with the TypeScript parser: the state
// init settles lives in one leaf module, nothing depends on init, no two modules import
// each other (directly or round a loop), and no exported name is a one- or two-letter
// code that needs a comment to translate it (the minifier shortens names; the source
// does not have to).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

const src = fileURLToPath(new URL(".", import.meta.url));

interface Module {
  /** Modules this one needs at run time: type-only imports and exports left out. */
  imports: Map<string, string[]>;
  /** Every name this module exports. */
  exports: string[];
}

/** `./queue` from `init.ts` → `queue.ts`; undefined for a package (`@millimetric/core`). */
function resolve(specifier: string, files: Set<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = join(specifier).replace(/\.js$/, "");
  const file = [base + ".ts", join(base, "index.ts")].find((f) => files.has(f));
  if (!file) throw new Error(`unresolved import ${specifier}`);
  return file;
}

/** Parses every non-test module of src (testing.ts included: it is code too). */
function readSource(): Map<string, Module> {
  const names = readdirSync(src).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
  const files = new Set(names);
  const modules = new Map<string, Module>();
  for (const name of names) {
    const file = ts.createSourceFile(name, readFileSync(join(src, name), "utf8"), ts.ScriptTarget.Latest, true);
    const module: Module = { imports: new Map(), exports: [] };
    const edge = (specifier: ts.Expression, bindings: string[]) => {
      const target = ts.isStringLiteral(specifier) ? resolve(specifier.text, files) : undefined;
      if (target) module.imports.set(target, [...(module.imports.get(target) ?? []), ...bindings]);
    };
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        if (!clause) edge(node.moduleSpecifier, []); // `import "./x"`: run for its effects
        else if (!clause.isTypeOnly) {
          const named = clause.namedBindings;
          const values = named && ts.isNamedImports(named) ? named.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text) : [];
          const whole = clause.name || (named && ts.isNamespaceImport(named));
          if (whole || values.length) edge(node.moduleSpecifier, whole ? ["*", ...values] : values);
        }
      } else if (ts.isExportDeclaration(node)) {
        const clause = node.exportClause;
        const values = clause && ts.isNamedExports(clause) && !node.isTypeOnly ? clause.elements.filter((e) => !e.isTypeOnly) : [];
        module.exports.push(...values.map((e) => e.name.text));
        if (node.moduleSpecifier && !node.isTypeOnly && (!clause || values.length)) {
          edge(node.moduleSpecifier, clause ? values.map((e) => (e.propertyName ?? e.name).text) : ["*"]);
        }
      } else if (ts.isCallExpression(node) && node.expression.kind == ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
        edge(node.arguments[0], ["*"]); // import("./x") loads x at run time too
      } else if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind == ts.SyntaxKind.ExportKeyword)) {
        if (ts.isVariableStatement(node)) {
          for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) module.exports.push(d.name.text);
        } else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node)) && node.name) {
          module.exports.push(node.name.text);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
    modules.set(name, module);
  }
  return modules;
}

/** Every import loop, each as the path of files round it (`a.ts → b.ts → a.ts`). */
function cycles(modules: Map<string, Module>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const walk = (name: string) => {
    const at = path.indexOf(name);
    if (at >= 0) return void found.push([...path.slice(at), name].join(" → "));
    if (done.has(name)) return;
    path.push(name);
    for (const next of modules.get(name)!.imports.keys()) walk(next);
    path.pop();
    done.add(name);
  };
  for (const name of [...modules.keys()].sort()) walk(name);
  return found;
}

const modules = readSource();

it("reads the whole SDK (the parser found the modules and their imports)", () => {
  // A guard for the checks below: an empty graph would pass them all.
  for (const name of ["index.ts", "init.ts", "state.ts", "identity.ts", "queue.ts", "emit.ts", "watchPageviews.ts"]) {
    expect(modules.has(name), name).toBe(true);
  }
  expect([...modules.get("init.ts")!.imports.keys()].sort()).toEqual(["identity.ts", "optOutCookie.ts", "queue.ts", "serverAid.ts", "state.ts", "watchPageviews.ts"]);
  expect(modules.get("state.ts")!.exports).toContain("apiKey");
});

it("has no import cycle (type-only imports aside)", () => {
  expect(cycles(modules)).toEqual([]);
});

it("lets nothing but the public entry and the consent calls (optIn starts a parked init) import init", () => {
  const importers = [...modules].filter(([, m]) => m.imports.has("init.ts")).map(([name]) => name);
  expect(importers.sort()).toEqual(["index.ts", "isOptedOut.ts", "optIn.ts"]);
  expect(modules.get("optIn.ts")!.imports.get("init.ts")!.sort()).toEqual(["deferredOptions", "init"]);
});

it("keeps the settled state in one leaf module that only init writes", () => {
  // A leaf: state.ts needs no other module of the SDK at run time.
  expect([...modules.get("state.ts")!.imports.keys()]).toEqual([]);
  // ES modules let only state.ts assign its bindings; settle() is the one way in, and only init calls it.
  const settlers = [...modules].filter(([, m]) => m.imports.get("state.ts")?.some((b) => b == "settle" || b == "*")).map(([name]) => name);
  expect(settlers).toEqual(["init.ts"]);
});

it("lets only the consent calls change whether events are sent", () => {
  const importersOf = (binding: string) => [...modules].filter(([, m]) => m.imports.get("state.ts")?.some((b) => b == binding || b == "*")).map(([name]) => name);
  expect(importersOf("allowSending").sort()).toEqual(["optIn.ts", "optOut.ts"]);
});

it("lets only configure() put a pipeline in front of the queue, or hear of rejected calls", () => {
  const importers = [...modules].filter(([, m]) => m.imports.get("queue.ts")?.some((b) => b == "setPipeline" || b == "*")).map(([name]) => name);
  expect(importers).toEqual(["configure.ts"]);
  const listeners = [...modules].filter(([, m]) => m.imports.get("rejectCall.ts")?.some((b) => b == "setRejectionHook" || b == "*")).map(([name]) => name);
  expect(listeners).toEqual(["configure.ts"]);
});

it("keeps consent and configure() out of the modules init and track need", () => {
  // What init + track pull in, transitively: none of the opt-in modules may be among them,
  // or every app would ship them (size.test.ts measures the bytes).
  const reached = new Set<string>();
  const walk = (name: string) => {
    if (reached.has(name)) return;
    reached.add(name);
    for (const next of modules.get(name)!.imports.keys()) walk(next);
  };
  walk("init.ts");
  walk("track.ts");
  for (const optional of ["optOut.ts", "optIn.ts", "isOptedOut.ts", "configure.ts"]) expect(reached.has(optional), optional).toBe(false);
});

it("exports no one- or two-letter names", () => {
  const short = [...modules].flatMap(([name, m]) => m.exports.filter((e) => e.length < 3).map((e) => `${name}: ${e}`));
  expect(short).toEqual([]);
});
