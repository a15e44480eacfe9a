import { act, cleanup, render, renderHook, screen } from "@testing-library/react";
import { StrictMode, type ReactNode } from "react";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { clearCookies, startIngest } from "./testIngest";
import { freshSdk } from "./testSdk";

vi.mock("@millimetric/track", () => import("./testSdk").then((t) => t.passthrough()));

let ingest: Awaited<ReturnType<typeof startIngest>>;
let m: typeof import("./index");
let sdk: typeof import("@millimetric/track");

beforeAll(async () => void (ingest = await startIngest()));
afterAll(() => ingest.close());
beforeEach(async () => {
  await freshSdk();
  localStorage.clear();
  clearCookies();
  delete (window as { __aid?: unknown }).__aid;
  ingest.events.length = 0;
  m = await import("./index");
  sdk = await import("@millimetric/track");
});
afterEach(cleanup);

const Provider = ({ children }: { children?: ReactNode }) => (
  <m.MillimetricProvider apiKey="pk_test_f6589a94_x" host={ingest.url} options={{ autoPageView: false }}>
    {children}
  </m.MillimetricProvider>
);

describe("hooks outside <MillimetricProvider>", () => {
  const cases: Array<[string, () => unknown]> = [
    ["useMillimetric()", () => m.useMillimetric()],
    ["useAnonymousId()", () => m.useAnonymousId()],
    ["useTrackOnMount()", () => m.useTrackOnMount("viewed")],
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
    const { result } = renderHook(() => ({ api: m.useMillimetric(), id: m.useAnonymousId() }), { wrapper: Provider });
    await vi.waitFor(() => expect(result.current.id).toMatch(/^u_/));
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
    const identify = ingest.events.find((e) => e.event === "$identify");
    expect(identify).toMatchObject({ anonymous_id: "u_adopted", user_id: "user_42", properties: { plan: "pro" } });
  });

  it("follows reset() imported from the package", async () => {
    const { result } = renderHook(() => m.useAnonymousId(), { wrapper: Provider });
    await vi.waitFor(() => expect(result.current).toMatch(/^u_/));
    const before = result.current;
    act(() => m.reset());
    expect(result.current).not.toBe(before);
    expect(result.current).toBe(sdk.getAnonymousId());
  });

  it("rejects an invalid id from setAnonymousId with a TypeError", async () => {
    const { result } = renderHook(() => m.useMillimetric(), { wrapper: Provider });
    expect(() => result.current.setAnonymousId("</script>")).toThrow(TypeError);
  });
});

describe("useMillimetric()", () => {
  it("returns the same functions on every render", async () => {
    const { result, rerender } = renderHook(() => m.useMillimetric(), { wrapper: Provider });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
  });

  it("delivers track and page events with the visitor's id", async () => {
    (window as { __aid?: unknown }).__aid = { id: "u_visitor", minted: false };
    const { result } = renderHook(() => m.useMillimetric(), { wrapper: Provider });
    act(() => {
      result.current.track("clicked_upgrade", { plan: "pro" });
      result.current.page("Pricing");
    });
    await result.current.flush();
    expect(ingest.events.map((e) => [e.event, e.anonymous_id])).toEqual([
      ["clicked_upgrade", "u_visitor"],
      ["$pageview", "u_visitor"],
    ]);
    expect(ingest.events[0]!.properties.plan).toBe("pro");
    expect(ingest.events[1]!.properties.$name).toBe("Pricing");
  });
});

describe("useTrackOnMount()", () => {
  function Viewed({ plan }: { plan: string }) {
    m.useTrackOnMount("viewed_pricing", { plan });
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
    await sdk.flush();
    expect(ingest.events.filter((e) => e.event === "viewed_pricing")).toHaveLength(1);
    expect(vi.mocked(sdk.track)).toHaveBeenCalledTimes(1);

    rerender(
      <StrictMode>
        <Provider>
          <Viewed key="b" plan="team" />
        </Provider>
      </StrictMode>,
    );
    await sdk.flush();
    expect(ingest.events.filter((e) => e.event === "viewed_pricing").map((e) => e.properties.plan)).toEqual([
      "pro",
      "team",
    ]);
    expect(vi.mocked(sdk.init)).toHaveBeenCalledTimes(1);
  });

  it("works from a child's first effect, which runs before the provider's", async () => {
    (window as { __aid?: unknown }).__aid = { id: "u_early", minted: false };
    render(
      <Provider>
        <Viewed plan="pro" />
      </Provider>,
    );
    await sdk.flush();
    expect(ingest.events).toHaveLength(1);
    expect(ingest.events[0]).toMatchObject({ event: "viewed_pricing", anonymous_id: "u_early" });
    expect(screen.getByText("pricing pro")).toBeTruthy();
  });
});
