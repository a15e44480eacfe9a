import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { copyFileSync, cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@millimetric-internal/test-support/freePort";

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

/**
 * The two fixture apps: test/fixture itself (Next 16: proxy.ts, built with Turbopack),
 * and a copy in test/.fixture-middleware (gitignored) where middleware.ts replaces
 * proxy.ts (the pre-16 convention on the edge runtime), built with webpack.
 */
export type Variant = "proxy" | "middleware";
const dirs: Record<Variant, string> = {
  proxy: fileURLToPath(new URL("./fixture/", import.meta.url)),
  middleware: fileURLToPath(new URL("./.fixture-middleware/", import.meta.url)),
};

function prepare(variant: Variant): void {
  if (variant === "proxy") return;
  const dir = dirs.middleware;
  rmSync(dir, { recursive: true, force: true });
  cpSync(dirs.proxy, dir, { recursive: true, filter: (src) => !/[\\/]\.next|next-env\.d\.ts$|proxy\.ts$/.test(src) });
  copyFileSync(fileURLToPath(new URL("./fixtureMiddleware.ts", import.meta.url)), join(dir, "middleware.ts"));
}

function run(variant: Variant, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [nextBin, ...args], {
    cwd: dirs[variant],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  return { child, output: () => output };
}

const bundler = (variant: Variant) => (variant === "proxy" ? "--turbopack" : "--webpack");

/** `next build` of a fixture variant; rejects with the build output on failure. */
export function buildFixture(variant: Variant, env: Record<string, string>): Promise<void> {
  prepare(variant);
  const { child, output } = run(variant, ["build", bundler(variant)], { ...env, NODE_ENV: "production" });
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (${code}):\n${output()}`)))),
  );
}

/** `next start` of the built fixture on 127.0.0.1 and a free port, once it answers. */
export async function startFixture(variant: Variant, env: Record<string, string>) {
  const port = await freePort();
  const { child, output } = run(variant, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    ...env,
    NODE_ENV: "production",
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(`${url}/hello.txt`);
      break;
    } catch {
      if (Date.now() > until) throw new Error(`next start did not answer in 30 s:\n${output()}`);
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
