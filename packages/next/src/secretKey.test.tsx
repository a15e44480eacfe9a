// @vitest-environment node
// A secret key in client code is in the browser bundle Next is building: the provider's
// server render fails, which stops `next build` (it prerenders /_not-found at least).
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MillimetricProvider } from "./client";

afterEach(() => vi.unstubAllEnvs());

describe("<MillimetricProvider> on the server", () => {
  it.each(["sk_live_f6589a94_secret", "rk_live_f6589a94_secret", "ak_live_f6589a94_secret"])(
    "refuses %s in NEXT_PUBLIC_MILLIMETRIC_KEY with the fix: rotate it, and where each key goes",
    (key) => {
      vi.stubEnv("NEXT_PUBLIC_MILLIMETRIC_KEY", key);
      expect(() => renderToString(<MillimetricProvider>x</MillimetricProvider>)).toThrow(
        /NEXT_PUBLIC_MILLIMETRIC_KEY holds a secret .._ key.*Rotate that key.*pk_.*MILLIMETRIC_SECRET_KEY/s,
      );
    },
  );

  it("refuses a secret apiKey prop, naming the prop", () => {
    expect(() => renderToString(<MillimetricProvider apiKey="sk_test_f6589a94_x">x</MillimetricProvider>)).toThrow(/the apiKey prop/);
  });

  it("renders its children with a pk_ key", () => {
    vi.stubEnv("NEXT_PUBLIC_MILLIMETRIC_KEY", "pk_live_f6589a94_public");
    expect(renderToString(<MillimetricProvider>hello</MillimetricProvider>)).toBe("hello");
  });
});
