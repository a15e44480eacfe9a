// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { relayHost } from "./relayHost";

const clear = () => (document.cookie = "mm_relay=; Max-Age=0; Path=/");
afterEach(clear);

describe("relayHost() in the browser", () => {
  it("is the page's origin plus the path the proxy put in mm_relay", () => {
    document.cookie = "mm_relay=/_mm; Path=/";
    expect(relayHost()).toBe(`${location.origin}/_mm`);
  });

  it("keeps the app's basePath the proxy put in the path (mm_relay=/docs/_mm under basePath /docs)", () => {
    document.cookie = "mm_relay=/docs/_mm; Path=/";
    expect(relayHost()).toBe(`${location.origin}/docs/_mm`);
  });

  it("is undefined without the cookie, so the provider falls back to NEXT_PUBLIC_MILLIMETRIC_HOST", () => {
    expect(relayHost()).toBeUndefined();
  });

  it("ignores a value that would leave the origin (any script can write the cookie)", () => {
    for (const bad of ["@evil.example", "//evil.example", "evil.example", "%2F%2Fevil.example"]) {
      document.cookie = `mm_relay=${bad}; Path=/`;
      expect(relayHost(), bad).toBeUndefined();
    }
  });
});
