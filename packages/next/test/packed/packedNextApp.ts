// A fixture app from test/apps/, installed from the `npm pack`ed tarballs outside the
// workspace (the way a user installs it), built with its own `next build` and served with
// its own `next start` on 127.0.0.1. Nothing here resolves through the monorepo.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanEnv, installPackedApp } from "@millimetric-internal/test-support/packedApp";
import { freePort } from "@millimetric-internal/test-support/freePort";

/** The templates' folder, test/apps/. */
export const appsDir = fileURLToPath(new URL("../apps/", import.meta.url));

/** What a fixture installs besides the packed `@millimetric/next` (and its `@millimetric/*` dependencies). */
export interface NextFixtureSpec {
  /** Folder name under test/apps/. */
  template: string;
  /** Exact versions of next, react, react-dom. */
  dependencies: Record<string, string>;
  /** Exact versions of typescript and the types: `next build` type-checks the app as a user's would be. */
  devDependencies: Record<string, string>;
  /** Runs in the installed app before `next build` (the break-on-purpose checks patch the installed package here). */
  afterInstall?: (dir: string) => void;
}

/** Installs a fixture into a fresh temporary folder; returns that folder. */
export async function installNextFixture(spec: NextFixtureSpec): Promise<string> {
  const dir = await installPackedApp({
    template: join(appsDir, spec.template),
    millimetric: ["@millimetric/next"],
    dependencies: spec.dependencies,
    devDependencies: spec.devDependencies,
  });
  spec.afterInstall?.(dir);
  return dir;
}

/** Removes an installed fixture, unless MM_KEEP_APPS=1 (to look at a failing build). */
export function removeFixture(dir: string | undefined): void {
  if (dir && process.env.MM_KEEP_APPS !== "1") rmSync(dir, { recursive: true, force: true });
}

/**
 * The environment of the app's own processes: the caller's, without npm's variables, the
 * test runner's NODE_ENV=test, or any Millimetric variable of the shell: only `env` sets those.
 */
function appEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = cleanEnv();
  for (const k of Object.keys(base)) if (/MILLIMETRIC|^VITEST|^NEXT_PUBLIC_/.test(k)) delete base[k];
  return { ...base, NODE_ENV: "production", ...env };
}

function runNext(dir: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(dir, "node_modules/next/dist/bin/next"), ...args], {
    cwd: dir,
    env: appEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  return { child, output: () => output };
}

/** How `next build` ended: its exit code and everything it printed. */
export interface BuildResult {
  code: number | null;
  output: string;
}

/** `next build` in `dir`; resolves whatever the exit code (a failing build is a result too). */
export function nextBuild(dir: string, env: Record<string, string>): Promise<BuildResult> {
  const { child, output } = runNext(dir, ["build"], env);
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output: output() })));
}

/** `next build` that must succeed; rejects with its output otherwise. */
export async function nextBuildOk(dir: string, env: Record<string, string>): Promise<BuildResult> {
  const result = await nextBuild(dir, env);
  if (result.code !== 0) throw new Error(`next build failed (${result.code}) in ${dir}:\n${result.output}`);
  return result;
}

/**
 * The route table `next build` prints, as path -> marker (`○` static, `◐` partial
 * prerender, `●` SSG, `ƒ` dynamic; "" for a row without one, such as `/_app`).
 *
 * @example
 * ```
 * ┌ ○ /static          ->  "/static" => "○"
 * ├ ƒ /api/edge        ->  "/api/edge" => "ƒ"
 * ```
 */
export function parseRouteTable(output: string): Map<string, string> {
  const routes = new Map<string, string>();
  for (const line of output.replace(/\x1b\[[0-9;]*m/g, "").split("\n")) {
    const m = /^[┌├└]\s*([○◐●ƒλ]?)\s*(\/\S*)/.exec(line);
    if (m) routes.set(m[2]!, m[1]!);
  }
  return routes;
}

/** The route-table lines of a build's output, for a report. */
export function routeTableLines(output: string): string {
  return output
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((l) => /^(Route \(|[┌├└│]|[○◐●ƒ]\s+\(|ƒ (Proxy|Middleware))/.test(l))
    .join("\n");
}

/** A fixture under `next start`. */
export interface RunningNext {
  url: string;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `next start` of a built fixture on 127.0.0.1 and a free port (or `port`, picked by the
 * caller when something must know the app's origin before it starts), once it answers.
 */
export async function nextStart(dir: string, env: Record<string, string>, port?: number): Promise<RunningNext> {
  port ??= await freePort();
  const { child, output } = runNext(dir, ["start", "-p", String(port), "-H", "127.0.0.1"], env);
  const url = `http://127.0.0.1:${port}`;
  // Bounded: 600 tries of at most ~100 ms plus the request itself.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(`${url}/hello.txt`);
      break;
    } catch {
      if (i > 600) throw new Error(`next start did not answer:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, output, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((r) => {
    child.once("exit", () => r());
    child.kill("SIGTERM");
  });
}
