// Fixture apps that live outside the workspace and install the packages the way a user
// does: from `npm pack` tarballs, with the framework versions the fixture names. Nothing
// resolves through the monorepo's node_modules, so a missing dependency, a wrong
// `exports` map or a file left out of `files` fails here as it would for a user.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** An environment without the variables npm sets for the script that runs us (workspace, prefix, …). */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // Cast: apps that augment ProcessEnv (Next declares NODE_ENV) would otherwise require it here.
  const env = {} as NodeJS.ProcessEnv;
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== "INIT_CWD") env[k] = v;
  return { ...env, NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

function exec(cmd: string, args: string[], cwd: string, env = cleanEnv()): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { cwd, env, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${stdout}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

const packed = new Map<string, Promise<string>>();
const packDir = mkdtempSync(join(tmpdir(), "mm-packed-"));
// The tarballs live as long as the test process that packed them.
process.once("exit", () => rmSync(packDir, { recursive: true, force: true }));

/** package name -> its folder under packages/, for every published workspace package. */
function workspacePackages(): Map<string, { dir: string; deps: string[] }> {
  const found = new Map<string, { dir: string; deps: string[] }>();
  for (const d of readdirSync(join(repoRoot, "packages"))) {
    const file = join(repoRoot, "packages", d, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name: string; private?: boolean; dependencies?: Record<string, string> };
    if (!pkg.private) found.set(pkg.name, { dir: join(repoRoot, "packages", d), deps: Object.keys(pkg.dependencies ?? {}) });
  }
  return found;
}

/**
 * Packs `names` and the workspace packages they depend on (built already: each package's
 * test task runs after its own and its dependencies' builds), once per test process.
 * Maps package name -> tarball.
 */
export async function packWorkspace(names: string[]): Promise<Record<string, string>> {
  const all = workspacePackages();
  const closure = new Set<string>();
  const visit = (name: string) => {
    if (closure.has(name) || !all.has(name)) return;
    closure.add(name);
    for (const dep of all.get(name)!.deps) visit(dep);
  };
  names.forEach(visit);
  const tarballs: Record<string, string> = {};
  for (const name of closure) {
    let tarball = packed.get(name);
    if (!tarball) {
      tarball = exec("npm", ["pack", "--json", "--pack-destination", packDir], all.get(name)!.dir).then(
        (json) => join(packDir, (JSON.parse(json) as [{ filename: string }])[0].filename),
      );
      packed.set(name, tarball);
    }
    tarballs[name] = await tarball;
  }
  return tarballs;
}

/** What a fixture app installs besides the packed `@millimetric/*` packages. */
export interface PackedAppOptions {
  /** The fixture's source folder (copied, never modified). */
  template: string;
  /** `@millimetric/*` packages the app depends on directly. */
  millimetric: string[];
  /** Every other dependency, with exact versions. */
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
  /** Extra package.json fields (scripts, type, …). */
  packageJson?: Record<string, unknown>;
}

/**
 * Copies `template` into a fresh temporary folder, writes its package.json with the packed
 * tarballs and the given versions, and runs `npm install` there (offline first: the npm
 * cache serves repeat runs). Returns the app's folder.
 */
export async function installPackedApp(options: PackedAppOptions): Promise<string> {
  const tarballs = await packWorkspace(options.millimetric);
  const dir = mkdtempSync(join(tmpdir(), "mm-app-"));
  cpSync(options.template, dir, { recursive: true, filter: (src) => !/[\\/](node_modules|\.next|build|dist)([\\/]|$)/.test(src.slice(options.template.length)) });
  const file = (name: string) => {
    const tarball = tarballs[name];
    if (!tarball) throw new Error(`no packed tarball for ${name}`);
    return `file:${tarball}`;
  };
  // Every @millimetric package resolves to its tarball, direct or transitive.
  const overrides = Object.fromEntries(Object.keys(tarballs).map((name) => [name, file(name)]));
  const pkg = {
    name: "mm-fixture-app",
    private: true,
    version: "0.0.0",
    ...options.packageJson,
    dependencies: { ...options.dependencies, ...Object.fromEntries(options.millimetric.map((n) => [n, file(n)])) },
    devDependencies: options.devDependencies ?? {},
    overrides,
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], dir);
  return dir;
}
