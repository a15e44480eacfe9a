import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

/**
 * The public API of a built package entry: its export names, sorted, once every build of
 * it agrees. `specifier` is imported (the ESM build) and required (the CJS build); each
 * of `alsoBuilds` (absolute file paths, e.g. an edge build) is imported too. A build that
 * exposes other names throws, naming it and the difference: an export added to one format
 * only is the bug this guards against (CJS users would not see it).
 *
 * @example
 * ```ts
 * expect(await publicApi("@millimetric/express")).toMatchInlineSnapshot();
 * ```
 */
export async function publicApi(specifier: string, alsoBuilds: string[] = []): Promise<string[]> {
  const esm = names(await import(/* @vite-ignore */ specifier));
  const builds: Array<[string, string[]]> = [[`require("${specifier}")`, names(require(specifier))]];
  for (const file of alsoBuilds) builds.push([file, names(await import(/* @vite-ignore */ pathToFileURL(file).href))]);
  for (const [build, api] of builds) {
    const missing = esm.filter((name) => !api.includes(name));
    const extra = api.filter((name) => !esm.includes(name));
    if (missing.length || extra.length) {
      throw new Error(`${build} differs from the ESM build of ${specifier}: missing [${missing.join(", ")}], extra [${extra.join(", ")}]`);
    }
  }
  return esm;
}

function names(module: object): string[] {
  return Object.keys(module).sort();
}
