// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MillimetricProvider, useAnonymousId } from "./client";

afterEach(() => {
  cleanup();
  vi.unstubAllEnvs();
});

function ShowId() {
  return <p>{useAnonymousId() ?? "none"}</p>;
}

describe("<MillimetricProvider> for Next.js", () => {
  it("refuses a secret key that reached client code through NEXT_PUBLIC_MILLIMETRIC_KEY", () => {
    vi.stubEnv("NEXT_PUBLIC_MILLIMETRIC_KEY", "sk_live_f6589a94_secret");
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => render(<MillimetricProvider><ShowId /></MillimetricProvider>)).toThrow(/secret key/);
    quiet.mockRestore();
  });

  it("says which variable to set when there is no key", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => render(<MillimetricProvider><ShowId /></MillimetricProvider>)).toThrow(/NEXT_PUBLIC_MILLIMETRIC_KEY/);
    quiet.mockRestore();
  });

  it("starts with NEXT_PUBLIC_MILLIMETRIC_KEY and adopts window.__aid", async () => {
    vi.stubEnv("NEXT_PUBLIC_MILLIMETRIC_KEY", "pk_test_f6589a94_env");
    vi.stubEnv("NEXT_PUBLIC_MILLIMETRIC_HOST", "http://127.0.0.1:9");
    (window as { __aid?: unknown }).__aid = { id: "u_from_script", minted: false };
    render(
      <MillimetricProvider options={{ autoPageView: false }}>
        <ShowId />
      </MillimetricProvider>,
    );
    expect(await screen.findByText("u_from_script")).toBeTruthy();
  });
});
