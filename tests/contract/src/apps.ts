// Starting the column apps as child processes (each its own Node process, as deployed),
// and the two servers every column shares: the ingest stub its server events go to and the
// browser host the pages' SDK loads from and sends to.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const nextBin = join(repoRoot, "node_modules", "next", "dist", "bin", "next");

/** The server SDK's key: a secret key, as the adapters require. */
export const SECRET_KEY = "sk_test_5e6f7a8b_secretsecretsecretsecret0001";
/** The browser SDK's key. */
export const BROWSER_KEY = "pk_test_1a2b3c4d_publishablepublishable0001";

export interface RunningApp {
  url: string;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node <args>` in its own process group and resolves with its URL once `ready`
 * matches the output: `READY <url>` from the fixtures, or a fixed URL once Next says Ready.
 */
export function startNode(args: string[], env: Record<string, string>, options: { cwd?: string; url?: string; ready?: RegExp } = {}): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: options.cwd ?? fixtures,
    env: { ...cleanEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = options.ready ?? /READY (\S+)/;
  return new Promise((resolve, reject) => {
    let settled = false;
    const onData = (chunk: Buffer) => {
      out += chunk;
      const m = ready.exec(out);
      if (m && !settled) {
        settled = true;
        resolve({
          url: options.url ?? m[1]!,
          output: () => out,
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            // The app's own process group only: a server may have started children.
            try {
              process.kill(-child.pid!, "SIGTERM");
            } catch {}
            const killer = setTimeout(() => {
              try {
                process.kill(-child.pid!, "SIGKILL");
              } catch {}
            }, 10_000);
            await exited;
            clearTimeout(killer);
          },
        });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(() => {
      if (!settled) reject(new Error(`${args.join(" ")} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${out}`));
    });
  });
}

/** Runs `node <args>` to completion; rejects with its output on failure. */
export function runNode(args: string[], env: Record<string, string>, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...cleanEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`node ${args.join(" ")} exited ${code}:\n${out}`))));
  });
}

/** The environment without what the test runner and npm set for themselves. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|TURBO_)/i.test(k) || k === "INIT_CWD" || k === "NODE_ENV" || k === "NODE_OPTIONS") continue;
    env[k] = v;
  }
  return { ...env, NEXT_TELEMETRY_DISABLED: "1" };
}

/** A browser event as the browser host received it. */
export type BrowserEvent = Record<string, unknown> & { event: string; anonymous_id?: string };

/**
 * Where the pages' browser SDK comes from and sends to: serves `@millimetric/track`'s
 * script-tag build (`/a.js`) and accepts its batches from any origin, so a page's SDK runs
 * as it would against the real API without the page ever failing a CORS check.
 */
export async function startBrowserHost() {
  const require = createRequire(import.meta.url);
  const aJs = readFileSync(join(dirname(require.resolve("@millimetric/track/package.json")), "dist", "a.js"));
  const events: BrowserEvent[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const cors = {
      "access-control-allow-origin": req.headers.origin ?? "*",
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "GET,POST,OPTIONS",
      "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
    };
    if (req.method === "OPTIONS") return res.writeHead(204, cors).end();
    if (req.method === "GET" && req.url === "/a.js") return res.writeHead(200, { ...cors, "content-type": "text/javascript" }).end(aJs);
    if (req.method === "POST" && req.url?.startsWith("/v1/")) {
      try {
        const parsed = JSON.parse(body) as { events?: BrowserEvent[] } & BrowserEvent;
        events.push(...(parsed.events ?? [parsed]));
      } catch {}
      return res.writeHead(202, { ...cors, "content-type": "application/json" }).end('{"ok":true}');
    }
    res.writeHead(404, cors).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
