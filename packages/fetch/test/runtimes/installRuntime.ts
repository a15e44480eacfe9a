// The runtimes of the matrix, each a binary that a package of the npm registry ships,
// installed with npm once into a cache shared by every test process and every checkout
// on this machine: a repeat run only checks the binary is there and starts.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A runtime of the matrix and the npm package (pinned) whose install puts its binary in `.bin`. */
export const RUNTIMES = {
  node24: { spec: `node-${process.platform}-${process.arch}@24.22.3`, bin: "node" },
  bun: { spec: "bun@1.4.5", bin: "bun" },
  deno: { spec: "deno@2.9.6", bin: "deno" },
  workerd: { spec: "workerd@1.20261117.1", bin: "workerd" },
} as const;

export type RuntimeName = keyof typeof RUNTIMES;

/** Where the installs live: `MILLIMETRIC_RUNTIME_CACHE`, else a folder of the OS temp dir. */
export const runtimeCache = process.env.MILLIMETRIC_RUNTIME_CACHE ?? join(tmpdir(), "millimetric-runtimes");

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${cmd} ${args.join(" ")} failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

const pending = new Map<RuntimeName, Promise<string>>();

/**
 * The absolute path of `name`'s binary, installed now if the cache lacks it. Safe when
 * several test processes ask at once: each installs into its own folder and renames it
 * into place; the first rename wins and the others use it.
 */
export function installRuntime(name: RuntimeName): Promise<string> {
  let found = pending.get(name);
  if (!found) {
    found = install(name);
    pending.set(name, found);
  }
  return found;
}

async function install(name: RuntimeName): Promise<string> {
  const { spec, bin } = RUNTIMES[name];
  const dir = join(runtimeCache, spec.replace(/[@/]/g, "_"));
  const binary = join(dir, "node_modules", ".bin", bin);
  if (!existsSync(join(dir, ".complete")) || !existsSync(binary)) {
    mkdirSync(runtimeCache, { recursive: true });
    const staging = mkdtempSync(join(runtimeCache, `.${name}-`));
    chmodSync(staging, 0o755);
    try {
      writeFileSync(join(staging, "package.json"), JSON.stringify({ name: `mm-runtime-${name}`, private: true }));
      // The packages' install scripts only pick the platform's binary among their optional
      // dependencies (no download), so they run as usual.
      await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", spec], staging, 300_000);
      writeFileSync(join(staging, ".complete"), spec);
      try {
        renameSync(staging, dir);
      } catch {
        // Another process finished first (or a stale incomplete folder is in the way).
        if (!existsSync(join(dir, ".complete"))) {
          rmSync(dir, { recursive: true, force: true });
          renameSync(staging, dir);
        }
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const real = realpathSync(binary);
  await run(real, ["--version"], dir, 60_000);
  return real;
}
