// The runtime matrix: the same first visit on every runtime the packages claim, each
// installed from the npm registry (installRuntime), against the real ingest. A row is
// green when the Set-Cookie id, the page's window.__aid and the anonymous_id of the
// event the server tracked are one id.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { aidPayload, agent, BROWSER, MINTED_ID, request, setCookieValue } from "../http";
import { startRealIngest, type RealIngest } from "../realIngest";
import { startServer, stopAll, type Served } from "../startServer";
import { installRuntime } from "./installRuntime";
import { writeWorkerdConfig } from "./workerdConfig";

const appDir = inject("fetchApp");
const bundles = mkdtempSync(join(tmpdir(), "mm-workerd-"));
let ingest: RealIngest;

beforeAll(async () => {
  ingest = await startRealIngest();
});
afterAll(async () => {
  await stopAll();
  agent.destroy();
  await ingest?.close();
  rmSync(bundles, { recursive: true, force: true });
});

const ingestEnv = () => ({ MILLIMETRIC_SECRET_KEY: ingest.server.keys.secret, MILLIMETRIC_HOST: ingest.url });

/** Starts `file` of the fixture app on a Node-compatible runtime's binary. */
function onRuntime(binary: () => Promise<string>, args: (file: string) => string[], file: string, runtime: string) {
  return async (): Promise<Served> => startServer(await binary(), args(join(appDir, file)), { cwd: appDir, env: { ...ingestEnv(), RUNTIME: runtime } });
}

/**
 * Bundles `entry` the way Wrangler does (the `workerd`/`worker` export conditions, Node
 * builtins left to the runtime) with the fixture's own esbuild, and serves it on workerd.
 */
function onWorkerd(entry: string, compatibilityFlags: string[]) {
  return async (): Promise<Served> => {
    const dir = mkdtempSync(join(bundles, "w-"));
    const esbuild = join(appDir, "node_modules", "esbuild", "bin", "esbuild");
    const args = [join(appDir, entry), "--bundle", "--format=esm", "--platform=neutral", "--conditions=workerd,worker,browser", "--main-fields=module,main", "--external:node:*", `--outfile=${join(dir, "worker.js")}`, "--log-level=warning"];
    await new Promise<void>((resolve, reject) =>
      execFile(esbuild, args, { cwd: appDir }, (err, _out, stderr) => (err ? reject(new Error(`esbuild: ${stderr}`)) : resolve())),
    );
    // The key and host reach the Worker as its env, as secrets and vars do on Cloudflare.
    const config = writeWorkerdConfig({ dir, compatibilityFlags, bindings: ingestEnv() });
    return startServer(await installRuntime("workerd"), ["serve", config, "--control-fd=3"], { cwd: dir });
  };
}

// Installed (or found in the cache) when their first row runs.
const node20 = async () => process.execPath;
const node24 = () => installRuntime("node24");
const bun = () => installRuntime("bun");
const deno = () => installRuntime("deno");
const node = (file: string) => [file];
const bunArgs = (file: string) => [file];
const denoArgs = (file: string) => ["run", "--allow-all", "--quiet", file];

interface Row {
  /** The runtime label its events carry (the fixture's RUNTIME). */
  runtime: string;
  start: () => Promise<Served>;
  /** Whether it is @millimetric/fetch: it sets the mm_minted companion and forwards the id on the request's Cookie header. */
  adapter: boolean;
}

const rows: Record<string, Row> = {
  "@millimetric/fetch on Node 20 (Hono, @hono/node-server)": { runtime: "node20", start: onRuntime(node20, node, "serve-node.mjs", "node20"), adapter: true },
  "@millimetric/fetch on Node 24 (Hono, @hono/node-server)": { runtime: "node24", start: onRuntime(node24, node, "serve-node.mjs", "node24"), adapter: true },
  "@millimetric/fetch on Bun (Bun.serve)": { runtime: "bun", start: onRuntime(bun, bunArgs, "serve-bun.mjs", "bun"), adapter: true },
  "@millimetric/fetch on Deno (Deno.serve)": { runtime: "deno", start: onRuntime(deno, denoArgs, "serve-deno.mjs", "deno"), adapter: true },
  "@millimetric/fetch on workerd with nodejs_compat (AsyncLocalStorage, ctx.waitUntil)": {
    runtime: "workerd",
    start: onWorkerd("worker.mjs", ["nodejs_compat"]),
    adapter: true,
  },
  "@millimetric/fetch on workerd without compatibility flags (millimetricOf(request), ctx.waitUntil)": {
    runtime: "workerd-explicit",
    start: onWorkerd("worker-explicit.mjs", []),
    adapter: true,
  },
  "@millimetric/track-node on Node 20 (node:http)": { runtime: "track-node-node20", start: onRuntime(node20, node, "track-node-server.mjs", "track-node-node20"), adapter: false },
  "@millimetric/track-node on Node 24 (node:http)": { runtime: "track-node-node24", start: onRuntime(node24, node, "track-node-server.mjs", "track-node-node24"), adapter: false },
  "@millimetric/track-node on Bun (node:http)": { runtime: "track-node-bun", start: onRuntime(bun, bunArgs, "track-node-server.mjs", "track-node-bun"), adapter: false },
  "@millimetric/track-node on Deno (node:http)": { runtime: "track-node-deno", start: onRuntime(deno, denoArgs, "track-node-server.mjs", "track-node-deno"), adapter: false },
  "@millimetric/track-node main entry on workerd without compatibility flags (ctx.waitUntil)": {
    runtime: "workerd-track-node",
    start: onWorkerd("worker-track-node.mjs", []),
    adapter: false,
  },
};

describe("runtime matrix: a first visit", () => {
  it.each(Object.entries(rows))("%s: Set-Cookie id == window.__aid == the server event's anonymous_id", async (_label, row) => {
    const server = await row.start();
    try {
      const res = await request(`${server.url}/`, { headers: BROWSER });
      expect(res.status).toBe(200);
      const id = setCookieValue(res);
      expect(id).toMatch(MINTED_ID);
      expect(setCookieValue(res, "mm_minted")).toBe(row.adapter ? id : undefined);
      expect(aidPayload(res.body)).toEqual({ id, minted: true });
      const events = await ingest.waitFor({ anonymous_id: id! }, (e) => e.length >= 1);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ event: "first_visit", anonymous_id: id, source: "server", properties: { runtime: row.runtime } });
      if (row.adapter) {
        // The handler's own request carries the id it was just given, other cookies kept.
        const echo = await request(`${server.url}/echo-cookie`, { headers: { ...BROWSER, cookie: "theme=dark" } });
        expect(echo.body).toBe(`theme=dark; aid=${setCookieValue(echo)}`);
      }
      // Nothing to report: no warning of ours, no runtime complaint about the packages.
      expect(server.stderr()).toBe("");
    } finally {
      await server.stop();
    }
  }, 240_000);
});
