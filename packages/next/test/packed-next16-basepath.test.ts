// Fixture test/apps/next16-basepath: Next 16 with `basePath: "/docs"` and the README's
// `withMillimetric({ relay: "/_mm" })`, installed from the packed tarballs, built and
// served for real, driven by Chromium. Issue 29, items 4 and 5: under a basePath the relay
// answered 404 and every relayed event was lost; behind a proxy that appends to
// X-Forwarded-For it stored the address the visitor wrote first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@millimetric-internal/test-support/freePort";
import { newVisitor, unexpectedProblems, type Visitor } from "./packed/chromiumVisitor";
import { installNextFixture, nextBuildOk, nextStart, removeFixture, type RunningNext } from "./packed/packedNextApp";
import { startRealIngest, type RealIngest } from "./packed/realIngest";
import { NEXT_16, REACT_19, TYPES_REACT_19 } from "./packed/versions";

const SERVER_TIMEOUT = 120_000;

describe("next16 under basePath /docs: the packed relay", () => {
  let ingest: RealIngest;
  let dir: string | undefined;
  let app: RunningNext;
  let visitor: Visitor | undefined;

  beforeAll(async () => {
    // The app's origin is the only one the ingest allows: an event can only arrive through the relay.
    const port = await freePort();
    ingest = await startRealIngest({ allowedOrigins: [`http://127.0.0.1:${port}`] });
    dir = await installNextFixture({
      template: "next16-basepath",
      dependencies: { next: NEXT_16, react: REACT_19, "react-dom": REACT_19 },
      devDependencies: TYPES_REACT_19,
    });
    await nextBuildOk(dir, { NEXT_PUBLIC_MILLIMETRIC_KEY: ingest.server.keys.publishable, NEXT_PUBLIC_MILLIMETRIC_HOST: ingest.url });
    app = await nextStart(dir, { MILLIMETRIC_SECRET_KEY: ingest.server.keys.secret, MILLIMETRIC_HOST: ingest.url }, port);
  }, 600_000);

  afterAll(async () => {
    await visitor?.close().catch(() => {});
    await app?.stop();
    await ingest?.close();
    removeFixture(dir);
  }, 60_000);

  it(
    "the browser is told /docs/_mm and its $pageview arrives through it, with the IP the proxy in front appended",
    async () => {
      visitor = await newVisitor();
      const v = visitor;
      // A proxy in front that appends (nginx's default): the visitor's own claim first, the address it saw last.
      await v.context.setExtraHTTPHeaders({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" });
      const posts: string[] = [];
      v.page.on("request", (r) => void (r.method() === "POST" && posts.push(r.url())));
      const res = await v.page.goto(app.url + "/docs");
      expect(res?.status()).toBe(200);
      await v.page.locator("#ready").waitFor();
      const setCookies = (await res!.headersArray()).filter((h) => h.name.toLowerCase() === "set-cookie").flatMap((h) => h.value.split("\n"));
      expect(setCookies).toContain("mm_relay=/docs/_mm; Path=/docs; Max-Age=86400; SameSite=Lax");
      const id = /^aid=([^;]*)/.exec(setCookies.find((c) => c.startsWith("aid=")) ?? "")?.[1];
      expect(id).toMatch(/^u_[0-9a-f]{32}$/);

      const [view] = await ingest.waitFor({ anonymous_id: id!, event: "$pageview" }, (es) => es.some((e) => e.source === "browser"));
      expect({ source: view!.source, url: view!.url, ip: view!.ip }).toEqual({ source: "browser", url: `${app.url}/docs`, ip: "203.0.113.9" });
      expect(posts).toContain(`${app.url}/docs/_mm/v1/batch`);
      expect(posts.filter((u) => u.startsWith(ingest.url)), "requests straight to the ingest").toEqual([]);

      // The relay's refusals hold under the basePath: another route is its JSON 404, another method its 405.
      const key = ingest.server.keys.publishable;
      const refusals = await v.page.evaluate(async (key) => {
        const forget = await fetch("/docs/_mm/v1/forget", { method: "POST", headers: { authorization: `Bearer ${key}` }, body: "{}" });
        const get = await fetch("/docs/_mm/v1/batch");
        return { forget: [forget.status, ((await forget.json()) as { error: string }).error], get: [get.status, get.headers.get("allow")] };
      }, key);
      expect(refusals).toEqual({ forget: [404, "not_found"], get: [405, "POST"] });
      expect(unexpectedProblems(v.problems).filter((p) => !/status of (404|405)/.test(p.text))).toEqual([]);
    },
    SERVER_TIMEOUT,
  );
});
