// A wrong host that redirects (http → https, an old domain, a web page) must never read as
// delivered: fetch's default follows a 301/302 as a GET, and that GET's 200 looked like an ack.
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import type { MillimetricError } from "../src/index";
import { KEY, quietClient, rejectionOf, useStubs } from "./stubs";

const stub = useStubs();

describe("redirects", () => {
  it.each([
    [301, "absolute"],
    [302, "relative"],
    [307, "absolute"],
    [308, "absolute"],
  ] as const)("HTTP %i (%s Location) is not followed: the events fail, onError names the host and the target, flush() rejects", async (status, kind) => {
    const elsewhere = await stub();
    const s = await stub((_r, _n, res) => {
      res.writeHead(status, { location: kind === "absolute" ? `${elsewhere.url}/v1/track` : "/moved/v1/track" }).end();
      return "handled";
    });
    const target = kind === "absolute" ? `${elsewhere.url}/v1/track` : `${s.url}/moved/v1/track`;
    const errors: MillimetricError[] = [];
    const c = quietClient(s.url, { onError: (e) => errors.push(e) });
    c.track({ event: "e" });
    const err = (await rejectionOf(c.flush())) as MillimetricError;
    expect(err).toMatchObject({ code: "http_error", status, count: 1 });
    expect(errors).toEqual([err]);
    expect(err.message).toContain(`${s.url}/v1/track answered with a redirect (HTTP ${status}) to ${target}`);
    expect(err.message).toMatch(/^\[millimetric\] .*"host" is not the ingest API's base URL/);
    if (kind === "absolute") expect(err.message).toContain(`perhaps ${elsewhere.url}`);
    expect(elsewhere.requests).toEqual([]); // never followed (a 307/308 would re-POST there)
    expect(s.requests.map((r) => r.path)).toEqual(["/v1/track"]); // and no GET of the target either
    expect(c.stats).toMatchObject({ delivered: 0, failed: 1, queued: 0, retries: 0 });
    await vi.waitFor(() => expect(c.stats.inFlight).toBe(0), { timeout: 20_000 });
  });

  it("a redirected batch fails whole (one request, one report), and the next flush() fails the same way", async () => {
    const s = await stub((_r, _n, res) => (res.writeHead(301, { location: "https://example.invalid/v1/batch" }).end(), "handled"));
    const errors: MillimetricError[] = [];
    const c = quietClient(s.url, { flushAt: 10, pacing: false, onError: (e) => errors.push(e) });
    for (let i = 0; i < 10; i++) c.track({ event: "e" });
    await expect(c.flush()).rejects.toMatchObject({ code: "http_error", status: 301, count: 10 });
    expect(s.requests).toHaveLength(1);
    c.track({ event: "again" });
    await expect(c.flush()).rejects.toMatchObject({ code: "http_error", status: 301, count: 1 });
    expect(errors.map((e) => e.count)).toEqual([10, 1]);
    expect(c.stats).toMatchObject({ delivered: 0, failed: 11, queued: 0 });
  });
});

describe("redirects in Chromium (an opaque redirect, status 0)", () => {
  it("the built SDK in a real browser: not followed, reported, flush() rejects", async () => {
    // One origin serves the page, the built package, and a /v1/track that redirects.
    const dist = fileURLToPath(new URL("../dist/", import.meta.url));
    // The built package imports @millimetric/core and @millimetric/core/internal, its
    // dependency, by name: the page maps the names to core's own ESM build (whose entries
    // share chunks beside them), as an import map does for an app without a bundler.
    const coreDist = join(dirname(createRequire(import.meta.url).resolve("@millimetric/core/package.json")), "dist");
    const seen: string[] = [];
    const page = `<!doctype html><script type="importmap">{"imports":{"@millimetric/core":"/core/index.js","@millimetric/core/internal":"/core/internal.js"}}</script><script type="module">
      import { MillimetricClient } from "/dist/index.js";
      const reported = [];
      const c = new MillimetricClient({ key: ${JSON.stringify(KEY)}, host: location.origin, retryBaseMs: 10, onError: (e) => reported.push(e.message) });
      c.track({ event: "from_browser" });
      window.result = c.flush().then(
        () => ({ resolved: true }),
        (e) => ({ code: e.code, status: e.status ?? null, count: e.count, message: e.message, reported, stats: c.stats }),
      );
    </script>`;
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(page);
      if (req.url?.startsWith("/core/")) {
        const file = req.url.slice("/core/".length).replace(/[^\w.-]/g, "");
        return void res.writeHead(200, { "content-type": "text/javascript" }).end(readFileSync(join(coreDist, file)));
      }
      if (req.url?.startsWith("/dist/")) {
        const file = req.url.slice("/dist/".length).replace(/[^\w.-]/g, "");
        return void res.writeHead(200, { "content-type": "text/javascript" }).end(readFileSync(join(dist, file)));
      }
      if (req.url === "/v1/track") return void res.writeHead(301, { location: "/moved" }).end();
      res.writeHead(202, { "content-type": "application/json" }).end('{"ok":true}'); // what a followed GET would get
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const profile = mkdtempSync(join(tmpdir(), "mm-tn-chromium-"));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(origin + "/");
      const result = await tab.evaluate(() => (window as unknown as { result: Promise<Record<string, unknown>> }).result);
      expect(result).toMatchObject({ code: "http_error", status: null, count: 1, stats: { delivered: 0, failed: 1 } });
      expect(result.message).toContain(`${origin}/v1/track answered with a redirect:`);
      expect(result.reported).toEqual([result.message]);
      expect(seen.filter((r) => !/^GET \/(dist|core)\//.test(r) && r !== "GET /favicon.ico")).toEqual(["GET /", "POST /v1/track"]);
    } finally {
      await browser.close();
      await new Promise((r) => server.close(r));
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
