import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";

// The request <MillimetricScript> renders in, as next/headers hands it over.
const next = vi.hoisted(() => ({ request: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => next.request }));

const { MillimetricScript } = await import("./index");

async function render(headers: Record<string, string>, props: Parameters<typeof MillimetricScript>[0] = {}) {
  next.request = new Headers(headers);
  const element = await MillimetricScript(props);
  return element ? renderToStaticMarkup(element) : "";
}

afterEach(() => vi.restoreAllMocks());

describe("<MillimetricScript>", () => {
  it("injects the forwarded id and whether it was minted on this request", async () => {
    expect(await render({ cookie: "aid=u_new", "x-millimetric-aid-minted": "1" })).toBe(
      '<script>window.__aid={"id":"u_new","minted":true};</script>',
    );
    expect(await render({ cookie: "theme=dark; aid=u_returning" })).toBe(
      '<script>window.__aid={"id":"u_returning","minted":false};</script>',
    );
  });

  it("adds a nonce: the prop, else the one in the request's CSP", async () => {
    expect(await render({ cookie: "aid=u_1" }, { nonce: 'n"1' })).toBe(
      '<script nonce="n&quot;1">window.__aid={"id":"u_1","minted":false};</script>',
    );
    const csp = "default-src 'self'; script-src 'self' 'nonce-abc123' 'strict-dynamic'";
    expect(await render({ cookie: "aid=u_1", "content-security-policy": csp })).toMatch(/^<script nonce="abc123">/);
  });

  it("names a renamed cookie so the browser writes the right one", async () => {
    expect(await render({ cookie: "aid=u_wrong; mm=u_right" }, { cookieName: "mm" })).toBe(
      '<script>window.__aid={"id":"u_right","minted":false,"cookie":"mm=; Path=/; Max-Age=31536000; SameSite=Lax"};</script>',
    );
  });

  it("carries how the cookie is set (domain, path, lifetime, SameSite) so the browser replaces the server's cookie", async () => {
    expect(await render({ cookie: "mm=u_right" }, { cookie: { name: "mm", domain: "example.com", path: "/app", maxAge: 600, sameSite: "Strict" } })).toBe(
      '<script>window.__aid={"id":"u_right","minted":false,"cookie":"mm=; Path=/app; Max-Age=600; SameSite=Strict; Domain=example.com"};</script>',
    );
    // The default cookie is not spelled out: the browser knows it.
    expect(await render({ cookie: "aid=u_right" }, { cookie: { path: "/" } })).toBe('<script>window.__aid={"id":"u_right","minted":false};</script>');
  });

  it("renders nothing for a missing or hostile cookie, and says how to fix it once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const cookie of ["", "aid=</script><script>alert(1)</script>", `aid=${"x".repeat(200)}`, "aid=%E2%98%83"]) {
      expect(await render({ cookie })).toBe("");
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain("export const proxy = withMillimetric()");
  });
});
