import { afterAll, beforeAll, expect, it } from "vitest";
import { buildFixture, startFixture } from "./nextApp";
import { startStubIngest } from "./stubIngest";

// The pre-16 setup: middleware.ts on the edge runtime, `export default withMillimetric(handler)`
// composed with a user's redirect and request-header override, built with webpack (Next
// 15's default bundler, where the client boundary, server-only and next/* resolve
// differently from Turbopack).

const ID = /^u_[0-9a-f]{32}$/;
let ingest: Awaited<ReturnType<typeof startStubIngest>>;
let app: Awaited<ReturnType<typeof startFixture>>;

beforeAll(async () => {
  ingest = await startStubIngest();
  await buildFixture("middleware", {
    NEXT_PUBLIC_MILLIMETRIC_KEY: "pk_test_f6589a94_fixture",
    NEXT_PUBLIC_MILLIMETRIC_HOST: ingest.url,
  });
  app = await startFixture("middleware", { MILLIMETRIC_SECRET_KEY: "sk_test_f6589a94_fixture", MILLIMETRIC_HOST: ingest.url });
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await ingest?.close();
});

const aidOf = (res: Response) => /^aid=([^;]*)/.exec(res.headers.getSetCookie().find((c) => c.startsWith("aid=")) ?? "")?.[1];

it("threads one id from a first request's Set-Cookie through HTML, server component and route handler", async () => {
  const res = await fetch(`${app.url}/`, { headers: { cookie: "aid=</script><script>alert(1)</script>" } });
  const id = aidOf(res)!;
  expect(id).toMatch(ID);
  const html = await res.text();
  expect(html).not.toContain("alert(1)");
  expect(html).toContain(`window.__aid={"id":"${id}","minted":true};`);
  await ingest.waitFor((r) => r.event.event === "viewed_home" && r.event.anonymous_id === id);

  const api = await fetch(`${app.url}/api/whoami`, { headers: { cookie: `aid=${id}` } });
  expect(await api.json()).toMatchObject({ anonymous_id: id, tenant: "acme" });
  await ingest.waitFor((r) => r.event.event === "api_called" && r.event.anonymous_id === id);
});

it("keeps the user's own request-header override on a first request", async () => {
  const res = await fetch(`${app.url}/api/whoami`);
  const id = aidOf(res)!;
  expect(await res.json()).toMatchObject({ anonymous_id: id, tenant: "acme" });
});

it("keeps the user's redirect and sets the cookie on it", async () => {
  const res = await fetch(`${app.url}/old-home`, { redirect: "manual" });
  expect(res.status).toBe(307);
  // Next relativizes a same-origin Location.
  expect(res.headers.get("location")).toBe("/");
  expect(aidOf(res)).toMatch(ID);
});
