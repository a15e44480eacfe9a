import { act, cleanup, render, screen } from "@testing-library/react";
import { StrictMode } from "react";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { clearCookies, startIngest } from "./testIngest";
import { freshSdk } from "./testSdk";

// The real browser SDK, a fresh instance per test (see beforeEach), with calls counted.
vi.mock("@millimetric/track", () => import("./testSdk").then((t) => t.passthrough()));

type Mod = typeof import("./index");
let ingest: Awaited<ReturnType<typeof startIngest>>;
let m: Mod;
let sdk: typeof import("@millimetric/track");
const w = window as Window & { __aid?: unknown };

function ShowId() {
  return <output data-testid="aid">{m.useAnonymousId() ?? "none"}</output>;
}

beforeAll(async () => void (ingest = await startIngest()));
afterAll(() => ingest.close());
beforeEach(async () => {
  // A fresh browser SDK (module state) and provider per test, over a clean page.
  vi.resetModules();
  localStorage.clear();
  clearCookies();
  delete w.__aid;
  ingest.events.length = 0;
  await freshSdk();
  m = await import("./index");
  sdk = await import("@millimetric/track");
});
afterEach(cleanup);

const aid = () => screen.findByText(/^u_|^none$/).then(() => screen.getByTestId("aid").textContent);

describe("<MillimetricProvider>", () => {
  it("starts the SDK once under Strict Mode and sends one $pageview with the server's id", async () => {
    w.__aid = { id: "u_fromcookie1", minted: false };
    render(
      <StrictMode>
        <m.MillimetricProvider apiKey="pk_test_f6589a94_x" host={ingest.url}>
          <ShowId />
        </m.MillimetricProvider>
      </StrictMode>,
    );
    await screen.findByText("u_fromcookie1");
    expect(vi.mocked(sdk.init)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(sdk.init).mock.calls[0]![0]).toMatchObject({ key: "pk_test_f6589a94_x", host: ingest.url });
    await sdk.flush();
    const views = ingest.events.filter((e) => e.event === "$pageview");
    expect(views).toHaveLength(1);
    expect(views[0]!.anonymous_id).toBe("u_fromcookie1");
  });

  it("lets a server id read from an existing cookie win over localStorage", async () => {
    localStorage.setItem("mm_aid", "u_stored");
    w.__aid = { id: "u_fromcookie2", minted: false };
    render(
      <m.MillimetricProvider apiKey="pk_test_a" host={ingest.url} options={{ autoPageView: false }}>
        <ShowId />
      </m.MillimetricProvider>,
    );
    expect(await aid()).toBe("u_fromcookie2");
    expect(localStorage.getItem("mm_aid")).toBe("u_fromcookie2");
  });

  it("lets the stored id win over an id minted on this request, and writes it back to the cookie", async () => {
    localStorage.setItem("mm_aid", "u_stored");
    w.__aid = { id: "u_justminted", minted: true };
    render(
      <m.MillimetricProvider apiKey="pk_test_a" host={ingest.url} options={{ autoPageView: false }}>
        <ShowId />
      </m.MillimetricProvider>,
    );
    expect(await aid()).toBe("u_stored");
    expect(document.cookie).toContain("aid=u_stored");
  });

  it("prefers the anonymousId prop over window.__aid", async () => {
    w.__aid = { id: "u_window", minted: false };
    render(
      <m.MillimetricProvider apiKey="pk_test_a" host={ingest.url} anonymousId={{ id: "u_prop", minted: false }}>
        <ShowId />
      </m.MillimetricProvider>,
    );
    expect(await aid()).toBe("u_prop");
  });

  it("mirrors the id into the aid cookie with cookie", async () => {
    render(
      <m.MillimetricProvider apiKey="pk_test_a" host={ingest.url} cookie options={{ autoPageView: false }}>
        <ShowId />
      </m.MillimetricProvider>,
    );
    const id = await aid();
    expect(id).toMatch(/^u_[0-9a-f]{32}$/);
    expect(document.cookie).toBe(`aid=${id}`);
  });

  it("sets no cookie without a server id or the cookie prop", async () => {
    render(
      <m.MillimetricProvider apiKey="pk_test_a" host={ingest.url} options={{ autoPageView: false }}>
        <ShowId />
      </m.MillimetricProvider>,
    );
    expect(await aid()).toMatch(/^u_/);
    expect(document.cookie).toBe("");
  });

  it("renders only its children: no wrapper element", () => {
    const { container } = render(
      <m.MillimetricProvider apiKey="pk_test_a" host={ingest.url}>
        <p>hello</p>
      </m.MillimetricProvider>,
    );
    expect(container.innerHTML).toBe("<p>hello</p>");
  });

  it("refuses a secret key with an error that surfaces", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() =>
      render(
        <m.MillimetricProvider apiKey="sk_live_f6589a94_secret" host={ingest.url}>
          <p>x</p>
        </m.MillimetricProvider>,
      ),
    ).toThrow(/never put a secret key in browser code/);
    quiet.mockRestore();
    expect(sdk.getAnonymousId()).toBeUndefined();
  });

  it("says how to fix a missing apiKey", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() =>
      render(
        <m.MillimetricProvider apiKey={undefined as unknown as string}>
          <p>x</p>
        </m.MillimetricProvider>,
      ),
    ).toThrow(/has no apiKey.*NEXT_PUBLIC_MILLIMETRIC_KEY/);
    quiet.mockRestore();
  });

  it("keeps working when the provider re-renders with new inline options", async () => {
    function App({ n }: { n: number }) {
      return (
        <m.MillimetricProvider apiKey="pk_test_a" host={ingest.url} options={{ autoPageView: false }}>
          <ShowId />
          <span>{n}</span>
        </m.MillimetricProvider>
      );
    }
    const { rerender } = render(<App n={1} />);
    const first = await aid();
    act(() => rerender(<App n={2} />));
    expect(screen.getByText("2")).toBeTruthy();
    expect(screen.getByTestId("aid").textContent).toBe(first);
    expect(vi.mocked(sdk.init)).toHaveBeenCalledTimes(1);
  });
});
