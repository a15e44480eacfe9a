// Consent through the hooks, the provider's beforeSend/debug/disabled/onError props, and the
// coded errors, over the real browser SDK (a fresh instance per test) and a recording
// ingest on 127.0.0.1.
import { act, cleanup, render, renderHook } from "@testing-library/react";
import { useEffect, type ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import type { MillimetricProviderProps } from "./MillimetricProvider";
import { freshSdkPerTest } from "./testSdk";

vi.mock("@millimetric/track", () => import("./testSdk").then((t) => t.passthrough()));

const t = freshSdkPerTest();

const names = () => t.ingest.events.map((e) => e.event);
const provider =
  (props: Partial<MillimetricProviderProps> = {}) =>
  ({ children }: { children?: ReactNode }) => (
    <t.m.MillimetricProvider apiKey="pk_test_f6589a94_x" host={t.ingest.url} options={{ autoPageView: false }} {...props}>
      {children}
    </t.m.MillimetricProvider>
  );

describe("consent through useMillimetric()", () => {
  it("optOut() stops sending and clears useAnonymousId(); optIn() sends again under a fresh id", async () => {
    const { result } = renderHook(() => ({ api: t.m.useMillimetric(), id: t.m.useAnonymousId() }), { wrapper: provider() });
    await vi.waitFor(() => expect(result.current.id).toMatch(/^u_/), { timeout: 10_000 }); // a loaded machine: effects can take more than the default second
    const first = result.current.id;
    act(() => result.current.api.track("before"));
    await result.current.api.flush();

    act(() => result.current.api.optOut());
    expect(result.current.id).toBeUndefined();
    expect(result.current.api.isOptedOut()).toBe(true);
    expect(document.cookie).toContain("mm_optout=1");
    act(() => result.current.api.track("while_opted_out"));
    await result.current.api.flush();

    act(() => result.current.api.optIn());
    expect(result.current.api.isOptedOut()).toBe(false);
    expect(result.current.id).toMatch(/^u_[0-9a-f]{32}$/);
    expect(result.current.id).not.toBe(first);
    act(() => result.current.api.track("after"));
    await result.current.api.flush();
    expect(names()).toEqual(["before", "after"]);
    expect(t.ingest.events[1]!.anonymous_id).toBe(result.current.id);
  });

  it("an optOut() in a child's effect, before the SDK ever started, holds; optIn() starts it", async () => {
    function OptsOut() {
      const { optOut } = t.m.useMillimetric();
      useEffect(() => optOut(), [optOut]);
      return null;
    }
    const { result } = renderHook(
      () => ({ api: t.m.useMillimetric(), id: t.m.useAnonymousId() }),
      {
        wrapper: ({ children }) => {
          const Provider = provider({ options: {} }); // autoPageView on: nothing may be sent all the same
          return (
            <Provider>
              <OptsOut />
              {children}
            </Provider>
          );
        },
      },
    );
    await vi.waitFor(() => expect(vi.mocked(t.sdk.init)).toHaveBeenCalled(), { timeout: 10_000 }); // a loaded machine: effects can take more than the default second
    act(() => result.current.api.track("while_opted_out"));
    await result.current.api.flush();
    expect(t.ingest.events).toEqual([]);
    expect(result.current.id).toBeUndefined();

    act(() => result.current.api.optIn());
    await vi.waitFor(() => expect(result.current.id).toMatch(/^u_/), { timeout: 10_000 }); // a loaded machine: effects can take more than the default second
    await result.current.api.flush();
    expect(names()).toEqual(["$pageview"]);
  });

  it("isOptedOut, optOut and optIn are exported for code outside components", () => {
    t.m.optOut();
    expect(t.m.isOptedOut()).toBe(true);
    t.m.optIn();
    expect(t.m.isOptedOut()).toBe(false);
  });
});

describe("<MillimetricProvider> beforeSend, debug, disabled, onError", () => {
  it("passes them to the SDK before init, so the first $pageview goes through beforeSend", async () => {
    history.replaceState(null, "", "/reset?token=s3cr3t");
    const errors: string[] = [];
    render(
      <t.m.MillimetricProvider
        apiKey="pk_test_f6589a94_x"
        host={t.ingest.url}
        beforeSend={(event) => ({ ...event, url: event.url?.replace(/token=[^&]*/, "token=redacted") })}
        onError={(error) => void errors.push(error.code)}
      >
        <p>x</p>
      </t.m.MillimetricProvider>,
    );
    await vi.waitFor(() => expect(vi.mocked(t.sdk.init)).toHaveBeenCalled(), { timeout: 10_000 }); // a loaded machine: effects can take more than the default second
    expect(vi.mocked(t.sdk.configure).mock.invocationCallOrder[0]!).toBeLessThan(vi.mocked(t.sdk.init).mock.invocationCallOrder[0]!);
    await t.sdk.flush();
    expect(t.ingest.events.map((e) => [e.event, e.url])).toEqual([["$pageview", `${location.origin}/reset?token=redacted`]]);
    expect(errors).toEqual([]);
    history.replaceState(null, "", "/");
  });

  it("calls the latest beforeSend and onError after a re-render", async () => {
    const errors: string[] = [];
    function App({ tag }: { tag: string }) {
      const { track } = t.m.useMillimetric();
      useEffect(() => track("render_" + tag), [tag, track]);
      return null;
    }
    const Root = ({ tag }: { tag: string }) => (
      <t.m.MillimetricProvider
        apiKey="pk_test_f6589a94_x"
        host={t.ingest.url}
        options={{ autoPageView: false }}
        beforeSend={(event) => {
          if (tag === "broken") throw new Error("hook bug");
          return { ...event, properties: { ...event.properties, tag } };
        }}
        onError={(error) => void errors.push(tag + ":" + error.code)}
      >
        <App tag={tag} />
      </t.m.MillimetricProvider>
    );
    const view = render(<Root tag="one" />);
    view.rerender(<Root tag="two" />);
    view.rerender(<Root tag="broken" />);
    await t.sdk.flush();
    expect(t.ingest.events.map((e) => [e.event, e.properties?.tag])).toEqual([
      ["render_one", "one"],
      ["render_two", "two"],
    ]);
    expect(errors).toEqual(["broken:before_send_failed"]);
    expect(vi.mocked(t.sdk.configure)).toHaveBeenCalledTimes(1);
  });

  it("disabled: every call accepted, nothing sent; debug: one [millimetric] line per event", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const { result } = renderHook(() => t.m.useMillimetric(), { wrapper: provider({ disabled: true, debug: true }) });
    act(() => result.current.track("x"));
    expect(() => result.current.track("")).toThrow(TypeError);
    await result.current.flush();
    expect(t.ingest.events).toEqual([]);
    expect(log.mock.calls.map((c) => c[0])).toEqual(['[millimetric] not sent "x" (disabled)']);
  });

  it("a provider without them leaves the SDK unconfigured", async () => {
    const { result } = renderHook(() => t.m.useMillimetric(), { wrapper: provider() });
    act(() => result.current.track("x"));
    await result.current.flush();
    expect(names()).toEqual(["x"]);
    expect(vi.mocked(t.sdk.configure)).not.toHaveBeenCalled();
  });
});

describe("coded errors", () => {
  it("a hook outside the provider throws a MillimetricError with code missing_provider", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    let caught: unknown;
    try {
      renderHook(() => t.m.useMillimetric());
    } catch (error) {
      caught = error;
    }
    quiet.mockRestore();
    expect(caught).toBeInstanceOf(t.m.MillimetricError);
    expect(caught).toMatchObject({ code: "missing_provider", name: "MillimetricError" });
  });

  it("a provider without apiKey throws code invalid_key in development; track() validation keeps its TypeError", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    let caught: unknown;
    try {
      render(<t.m.MillimetricProvider apiKey={undefined as unknown as string} />);
    } catch (error) {
      caught = error;
    }
    quiet.mockRestore();
    expect(caught).toBeInstanceOf(t.m.MillimetricError);
    expect(caught).toMatchObject({ code: "invalid_key" });
    cleanup();

    const { result } = renderHook(() => t.m.useMillimetric(), { wrapper: provider() });
    let invalid: unknown;
    try {
      result.current.track("$custom");
    } catch (error) {
      invalid = error;
    }
    expect(invalid).toBeInstanceOf(TypeError);
    expect(invalid).toBeInstanceOf(t.m.MillimetricError);
    expect(invalid).toMatchObject({ code: "invalid_event" });
  });
});
