// Fixture D (test/apps/next15-redirect): Next 15.5 started the way the issue found the
// README's redirect failing — `next start -H 127.0.0.1`, as behind nginx — with the README's
// Next 15 redirect block as middleware.ts, read from the README at install time. On Next 15
// `request.url` is the server's own address, so `new URL("/login", request.url)` sent the
// visitor to `http://localhost:<port>/login`: another site for cookies, a second id. The
// README's `visitorUrl()` builds the redirect from the Host header. Chromium opens the app
// as `shop.test` (mapped to 127.0.0.1), a host of its own as a deployment's would be.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@millimetric-internal/test-support/freePort";
import { newVisitor, unexpectedProblems, type Visitor } from "./packed/chromiumVisitor";
import { installNextFixture, nextBuildOk, nextStart, removeFixture, type RunningNext } from "./packed/packedNextApp";
import { startRealIngest, type RealIngest } from "./packed/realIngest";
import { NEXT_15, REACT_18, TYPES_REACT_18 } from "./packed/versions";

const ID = /^u_[0-9a-f]{32}$/;
const POLL = { timeout: 15_000, interval: 100 };
const HOST = "shop.test";

/** The README's Next 15 redirect block: the `middleware.ts` that builds the URL with visitorUrl(). */
export function readmeRedirectMiddleware(): string {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  const found = blocks.filter((code) => code.startsWith("// middleware.ts (Next 15)\n") && code.includes("NextResponse.redirect("));
  if (found.length !== 1) throw new Error(`README.md: expected one "// middleware.ts (Next 15)" block with a redirect, found ${found.length}`);
  return found[0]!;
}

describe("next15 + the README's redirect, started on 127.0.0.1: one id through the redirect", () => {
  let ingest: RealIngest;
  let dir: string | undefined;
  let app: RunningNext;
  let port: number;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    port = await freePort();
    ingest = await startRealIngest({ allowedOrigins: [`http://${HOST}:${port}`, "http://localhost:*", "http://127.0.0.1:*"] });
    dir = await installNextFixture({
      template: "next15-redirect",
      dependencies: { next: NEXT_15, react: REACT_18, "react-dom": REACT_18 },
      devDependencies: TYPES_REACT_18,
      afterInstall: (d) => writeFileSync(join(d, "middleware.ts"), readmeRedirectMiddleware()),
    });
    // `next build` type-checks middleware.ts too: the README block compiles against Next 15's types.
    await nextBuildOk(dir, { NEXT_PUBLIC_MILLIMETRIC_KEY: ingest.server.keys.publishable, NEXT_PUBLIC_MILLIMETRIC_HOST: ingest.url });
    app = await nextStart(dir, { MILLIMETRIC_SECRET_KEY: ingest.server.keys.secret, MILLIMETRIC_HOST: ingest.url }, port);
  }, 600_000);

  afterAll(async () => {
    for (const v of visitors) await v.close().catch(() => {});
    await app?.stop();
    await ingest?.close();
    removeFixture(dir);
  }, 60_000);

  async function visitor(): Promise<Visitor> {
    const v = await newVisitor([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
    visitors.push(v);
    return v;
  }

  it("a first visit to a guarded page is redirected to /login on the visitor's host, and keeps the id it was given there", async () => {
    const since = new Date().toISOString();
    const origin = `http://${HOST}:${port}`;
    const v = await visitor();
    const redirects: { status: number; location: string | null; setCookies: string[] }[] = [];
    v.page.on("response", async (res) => {
      if (res.status() >= 300 && res.status() < 400) {
        const headers = await res.headersArray();
        redirects.push({
          status: res.status(),
          location: res.headers()["location"] ?? null,
          setCookies: headers.filter((h) => h.name.toLowerCase() === "set-cookie").flatMap((h) => h.value.split("\n")),
        });
      }
    });
    const res = await v.page.goto(`${origin}/app`);
    expect(res?.status()).toBe(200);
    await v.page.locator("#ready").waitFor();
    // The redirect stayed on the host the visitor used (with request.url: http://localhost:<port>/login).
    expect(v.page.url()).toBe(`${origin}/login`);
    expect(redirects.map((r) => [r.status, r.location])).toEqual([[307, `${origin}/login`]]);
    // The id minted on the redirect is the one /login's server code and the browser use.
    const id = /^aid=([^;]*)/.exec(redirects[0]!.setCookies.find((c) => c.startsWith("aid=")) ?? "")?.[1];
    expect(id).toMatch(ID);
    expect(await v.page.locator("#server-aid").textContent()).toBe(id);
    await expect.poll(() => v.page.evaluate(() => localStorage.getItem("mm_aid")), POLL).toBe(id);
    expect((await v.context.cookies(origin)).filter((c) => c.name === "aid").map((c) => c.value)).toEqual([id]);

    // The server event and the browser's $pageview carry it; no event of this visit has another id.
    const events = await ingest.waitFor({ from: since }, (es) => es.some((e) => e.event === "login_viewed") && es.some((e) => e.event === "$pageview"));
    expect(events.find((e) => e.event === "login_viewed")).toMatchObject({ anonymous_id: id, source: "server", path: "/login", url: `${origin}/login` });
    expect(events.find((e) => e.event === "$pageview")).toMatchObject({ anonymous_id: id, path: "/login" });
    expect([...new Set(events.map((e) => e.anonymous_id))]).toEqual([id]);
    expect(unexpectedProblems(v.problems)).toEqual([]);
  });

  it("the case the README leaves to skipMiddlewareUrlNormalize: Next 15 itself rewrites a redirect for a 127.0.0.1 visitor to localhost", async () => {
    // No host the middleware builds can avoid it (README: "One case is left"): if this starts
    // to pass through as 127.0.0.1, Next fixed it and the README's note can go.
    const res = await fetch(`${app.url}/app`, { redirect: "manual", headers: { accept: "text/html" } });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe(`http://localhost:${port}/login`);
  });
});
