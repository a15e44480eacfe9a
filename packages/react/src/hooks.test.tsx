import { act, render, renderHook, screen } from "@testing-library/react";
import { StrictMode, type ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { freshSdkPerTest } from "./testSdk";

vi.mock("@millimetric/track", () => import("./testSdk").then((t) => t.passthrough()));

const t = freshSdkPerTest();

const Provider = ({ children }: { children?: ReactNode }) => (
  <t.m.MillimetricProvider apiKey="pk_test_f6589a94_x" host={t.ingest.url} options={{ autoPageView: false }}>
    {children}
  </t.m.MillimetricProvider>
);

describe("hooks outside <MillimetricProvider>", () => {
  const cases: Array<[string, () => unknown]> = [
    ["useMillimetric()", () => t.m.useMillimetric()],
    ["useAnonymousId()", () => t.m.useAnonymousId()],
    ["useTrackOnMount()", () => t.m.useTrackOnMount("viewed")],
  ];
  for (const [name, use] of cases) {
    it(`${name} throws an error that says how to fix it`, () => {
      const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
      expect(() => renderHook(use)).toThrow(
        `[millimetric] ${name} must be used inside <MillimetricProvider>: wrap your root layout`,
      );
      quiet.mockRestore();
    });
  }
});

describe("useAnonymousId()", () => {
  it("follows reset, identify and setAnonymousId made through useMillimetric()", async () => {
    const { result } = renderHook(() => ({ api: t.m.useMillimetric(), id: t.m.useAnonymousId() }), { wrapper: Provider });
    await vi.waitFor(() => expect(result.current.id).toMatch(/^u_/), { timeout: 10_000 }); // a loaded machine: effects can take more than the default second
    const first = result.current.id;

    act(() => result.current.api.setAnonymousId("u_adopted"));
    expect(result.current.id).toBe("u_adopted");

    act(() => result.current.api.identify("user_42", { plan: "pro" }));
    expect(result.current.id).toBe("u_adopted");

    act(() => result.current.api.reset());
    expect(result.current.id).toMatch(/^u_[0-9a-f]{32}$/);
    expect(result.current.id).not.toBe("u_adopted");
    expect(result.current.id).not.toBe(first);
    expect(result.current.api.getAnonymousId()).toBe(result.current.id);

    await result.current.api.flush();
    const identify = t.ingest.events.find((e) => e.event === "$identify");
    expect(identify).toMatchObject({ anonymous_id: "u_adopted", user_id: "user_42", properties: { plan: "pro" } });
  });

  it("follows reset() imported from the package", async () => {
    const { result } = renderHook(() => t.m.useAnonymousId(), { wrapper: Provider });
    await vi.waitFor(() => expect(result.current).toMatch(/^u_/), { timeout: 10_000 }); // a loaded machine: effects can take more than the default second
    const before = result.current;
    act(() => t.m.reset());
    expect(result.current).not.toBe(before);
    expect(result.current).toBe(t.sdk.getAnonymousId());
  });

  it("rejects an invalid id from setAnonymousId with a TypeError", async () => {
    const { result } = renderHook(() => t.m.useMillimetric(), { wrapper: Provider });
    expect(() => result.current.setAnonymousId("</script>")).toThrow(TypeError);
  });
});

describe("useMillimetric()", () => {
  it("returns the same functions on every render", async () => {
    const { result, rerender } = renderHook(() => t.m.useMillimetric(), { wrapper: Provider });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
  });

  it("delivers track and page events with the visitor's id", async () => {
    (window as { __aid?: unknown }).__aid = { id: "u_visitor", minted: false };
    const { result } = renderHook(() => t.m.useMillimetric(), { wrapper: Provider });
    act(() => {
      result.current.track("clicked_upgrade", { plan: "pro" });
      result.current.page("Pricing");
    });
    await result.current.flush();
    expect(t.ingest.events.map((e) => [e.event, e.anonymous_id])).toEqual([
      ["clicked_upgrade", "u_visitor"],
      ["$pageview", "u_visitor"],
    ]);
    expect(t.ingest.events[0]!.properties.plan).toBe("pro");
    expect(t.ingest.events[1]!.properties.$name).toBe("Pricing");
  });
});

describe("useTrackOnMount()", () => {
  function Viewed({ plan }: { plan: string }) {
    t.m.useTrackOnMount("viewed_pricing", { plan });
    return <p>pricing {plan}</p>;
  }

  it("tracks once per mount under Strict Mode, and again on a new mount", async () => {
    const { rerender } = render(
      <StrictMode>
        <Provider>
          <Viewed key="a" plan="pro" />
        </Provider>
      </StrictMode>,
    );
    // A re-render with new properties is not a new mount.
    rerender(
      <StrictMode>
        <Provider>
          <Viewed key="a" plan="team" />
        </Provider>
      </StrictMode>,
    );
    await t.sdk.flush();
    expect(t.ingest.events.filter((e) => e.event === "viewed_pricing")).toHaveLength(1);
    expect(vi.mocked(t.sdk.track)).toHaveBeenCalledTimes(1);

    rerender(
      <StrictMode>
        <Provider>
          <Viewed key="b" plan="team" />
        </Provider>
      </StrictMode>,
    );
    await t.sdk.flush();
    expect(t.ingest.events.filter((e) => e.event === "viewed_pricing").map((e) => e.properties.plan)).toEqual([
      "pro",
      "team",
    ]);
    expect(vi.mocked(t.sdk.init)).toHaveBeenCalledTimes(1);
  });

  it("works from a child's first effect, which runs before the provider's", async () => {
    (window as { __aid?: unknown }).__aid = { id: "u_early", minted: false };
    render(
      <Provider>
        <Viewed plan="pro" />
      </Provider>,
    );
    await t.sdk.flush();
    expect(t.ingest.events).toHaveLength(1);
    expect(t.ingest.events[0]).toMatchObject({ event: "viewed_pricing", anonymous_id: "u_early" });
    expect(screen.getByText("pricing pro")).toBeTruthy();
  });
});
