// The Node entry (the `node` export condition): clients send through node:http with one
// keep-alive agent each, closed on shutdown(); `fetch` stays for every other runtime and
// whenever the app passes one. The delivery suites run again through this entry (the
// "node-http" project in vitest.config.ts); this file proves the transport itself.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MillimetricClient as NodeClient } from "../src/index.node";
import { KEY } from "./stubs";

const pkgDir = fileURLToPath(new URL("..", import.meta.url));
const dist = (f: string) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));

/** An ingest stand-in that counts TCP connections, their closes, and the events accepted. */
async function countingServer(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_q, res) => res.writeHead(202).end('{"ok":true}')) {
  const sockets = new Set<Socket>();
  const stats = { connections: 0, closed: 0, requests: 0, events: 0 };
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      stats.requests++;
      stats.events += req.url === "/v1/batch" ? JSON.parse(body).events.length : 1;
      answer(req, res, body);
    });
  });
  server.on("connection", (s: Socket) => {
    stats.connections++;
    sockets.add(s);
    s.on("close", () => (stats.closed++, sockets.delete(s)));
  });
  // Longer than any wait here: an idle connection closes because the client closed it.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
  return { url, stats, close };
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  vi.restoreAllMocks();
});

describe("the Node entry's transport", () => {
  it("sends every batch over one kept-alive connection, never through fetch", async () => {
    const s = await countingServer();
    cleanup.push(s.close);
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const c = new NodeClient({ key: KEY, host: s.url, pacing: false, flushAt: 10 });
    cleanup.push(() => c.shutdown());
    for (let batch = 0; batch < 5; batch++) {
      for (let i = 0; i < 10; i++) c.track({ event: "e", user_id: "u1", properties: { batch, i } });
      await c.flush();
    }
    expect(s.stats).toMatchObject({ requests: 5, events: 50, connections: 1 });
    expect(c.stats.delivered).toBe(50);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("shutdown() closes the client's connections", async () => {
    const s = await countingServer();
    cleanup.push(s.close);
    const c = new NodeClient({ key: KEY, host: s.url, pacing: false });
    c.track({ event: "e", user_id: "u1" });
    await c.flush();
    expect(s.stats).toMatchObject({ connections: 1, closed: 0 });
    await c.shutdown();
    await vi.waitFor(() => expect(s.stats.closed).toBe(1), { timeout: 30_000, interval: 20 });
  });

  it("an app's own fetch is used as it is, on the Node entry too", async () => {
    const s = await countingServer();
    cleanup.push(s.close);
    const mine = vi.fn((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
    const c = new NodeClient({ key: KEY, host: s.url, pacing: false, fetch: mine as typeof fetch });
    cleanup.push(() => c.shutdown());
    c.track({ event: "e", user_id: "u1" });
    await c.flush();
    expect(mine).toHaveBeenCalledTimes(1);
    expect(s.stats.events).toBe(1);
  });

  it("the main entry (built: a bundle of its own) sends through fetch", async () => {
    const s = await countingServer();
    cleanup.push(s.close);
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const { MillimetricClient: NeutralClient } = (await import(dist("index.js"))) as typeof import("../src/index");
    const c = new NeutralClient({ key: KEY, host: s.url, pacing: false });
    cleanup.push(() => c.shutdown());
    c.track({ event: "e", user_id: "u1" });
    await c.flush();
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it("a request without an answer is aborted at timeoutMs with the engine's reason, then retried", async () => {
    let n = 0;
    // The first request never gets an answer; the retry does.
    const s = await countingServer((_req, res) => (n++ === 0 ? undefined : res.writeHead(202).end('{"ok":true}')));
    cleanup.push(s.close);
    const errors: string[] = [];
    const c = new NodeClient({ key: KEY, host: s.url, pacing: false, timeoutMs: 2000, retryBaseMs: 10, maxRetries: 0, onError: (e) => errors.push(e.message) });
    cleanup.push(() => c.shutdown());
    c.track({ event: "e", user_id: "u1" });
    await expect(c.flush()).rejects.toMatchObject({ code: "retries_exhausted" });
    expect(errors[0]).toMatch(/no answer within 2000 ms \(timeoutMs\)/);
    await c.flush();
    expect(c.stats).toMatchObject({ delivered: 1, queued: 0 });
  });

  it("a connection reset mid-answer is a network error, and the batch is sent again", async () => {
    let n = 0;
    const s = await countingServer((req, res) => {
      if (n++ === 0) {
        res.writeHead(202, { "content-length": "100" });
        res.write('{"ok":');
        setTimeout(() => req.socket.destroy(), 20);
        return;
      }
      res.writeHead(202).end('{"ok":true}');
    });
    cleanup.push(s.close);
    const c = new NodeClient({ key: KEY, host: s.url, pacing: false, retryBaseMs: 10, onError: () => {} });
    cleanup.push(() => c.shutdown());
    c.track({ event: "e", user_id: "u1" });
    await c.flush();
    expect(c.stats).toMatchObject({ delivered: 1, retries: 1 });
    expect(s.stats.requests).toBe(2);
  });

  it("an https host goes through node:https (a TLS error from a plain-http server, reported)", async () => {
    const s = await countingServer();
    cleanup.push(s.close);
    const errors: string[] = [];
    const c = new NodeClient({ key: KEY, host: s.url.replace("http:", "https:"), pacing: false, maxRetries: 0, onError: (e) => errors.push(e.message) });
    cleanup.push(() => c.shutdown({ timeoutMs: 1000 }).catch(() => {}));
    c.track({ event: "e", user_id: "u1" });
    await expect(c.flush()).rejects.toMatchObject({ code: "retries_exhausted" });
    expect(errors[0]).toMatch(/network error/);
    expect(s.stats.requests).toBe(0);
  });
});

describe("the Node entry, built", () => {
  it("resolves for Node by the `node` condition; Bun, Deno, edge and browser bundles get the main entry", async () => {
    const exportsMap = JSON.parse(readFileSync(`${pkgDir}/package.json`, "utf8")).exports["."];
    const keys = Object.keys(exportsMap);
    expect(keys.indexOf("node")).toBeGreaterThan(-1);
    for (const runtime of ["bun", "deno", "edge-light", "workerd", "worker", "browser"]) {
      expect(keys.indexOf(runtime), runtime).toBeLessThan(keys.indexOf("node"));
      expect(exportsMap[runtime].import.default).toBe("./dist/index.js");
    }
    const bundle = async (conditions: string[], platform: "node" | "neutral") => {
      const out = await build({
        // By name, through node_modules, so the exports map decides.
        stdin: { contents: `export { MillimetricClient } from "@millimetric/track-node";`, resolveDir: pkgDir },
        bundle: true,
        write: false,
        metafile: true,
        platform,
        format: "esm",
        conditions,
        mainFields: ["module", "main"],
        logLevel: "silent",
      });
      return { inputs: Object.keys(out.metafile.inputs), imports: Object.values(out.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path)) };
    };
    const edge = await bundle(["edge-light", "worker", "browser", "import"], "neutral");
    expect(edge.inputs.some((i) => i.endsWith("dist/index.js"))).toBe(true);
    expect(edge.imports.filter((p) => p.startsWith("node:"))).toEqual([]);
    const node = await bundle(["node", "import"], "node");
    expect(node.inputs.some((i) => i.endsWith("dist/index.node.js"))).toBe(true);
    expect(node.imports).toEqual(expect.arrayContaining(["node:http", "node:https"]));
  });

  it("a process exits on its own after flush(), its kept-alive connection left open, everything delivered", async () => {
    const s = await countingServer();
    cleanup.push(s.close);
    const code = `import { MillimetricClient } from ${JSON.stringify(dist("index.node.js"))};
const c = new MillimetricClient({ key: ${JSON.stringify(KEY)}, host: ${JSON.stringify(s.url)}, pacing: false, flushAt: 50 });
for (let i = 0; i < 120; i++) c.track({ event: "from_child", user_id: "u1", properties: { i } });
await c.flush(); console.log("flushed");`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], { timeout: 30_000 });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const exit = await new Promise<number | null>((r) => child.on("exit", r));
    expect({ exit, out: out.trim() }).toEqual({ exit: 0, out: "flushed" });
    expect(s.stats.events).toBe(120);
    expect(s.stats.connections).toBe(1);
  });
});
