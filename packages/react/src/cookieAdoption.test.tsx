// Pages without a window.__aid script (static pages, the Pages Router, a cached shell):
// the provider takes the server's id from the aid cookie and its mm_minted companion, by
// the same reconciliation rule as the script (core's aidFromCookies + reconcileAnonymousId).
import { cleanup, render, screen } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { clearCookies, startIngest } from "./testIngest";
import { freshSdk } from "./testSdk";

vi.mock("@millimetric/track", () => import("./testSdk").then((t) => t.passthrough()));

type Mod = typeof import("./index");
let ingest: Awaited<ReturnType<typeof startIngest>>;
let m: Mod;
const w = window as Window & { __aid?: unknown };

function ShowId() {
  return <output data-testid="aid">{m.useAnonymousId() ?? "none"}</output>;
}
const aid = () => screen.findByText(/^u_|^none$/).then(() => screen.getByTestId("aid").textContent);

beforeAll(async () => void (ingest = await startIngest()));
afterAll(() => ingest.close());
beforeEach(async () => {
  vi.resetModules();
  localStorage.clear();
  clearCookies();
  delete w.__aid;
  document.getElementById("__aid")?.remove();
  await freshSdk();
  m = await import("./index");
});
afterEach(cleanup);

function mount(props: Record<string, unknown> = {}) {
  render(
    <m.MillimetricProvider apiKey="pk_test_a" host={ingest.url} options={{ autoPageView: false }} {...props}>
      <ShowId />
    </m.MillimetricProvider>,
  );
}

describe("<MillimetricProvider> on a page without window.__aid", () => {
  it("adopts the id of an existing aid cookie over the stored one", async () => {
    localStorage.setItem("mm_aid", "u_stored");
    document.cookie = "aid=u_returning; path=/";
    mount();
    expect(await aid()).toBe("u_returning");
    expect(localStorage.getItem("mm_aid")).toBe("u_returning");
  });

  it("keeps the stored id over an id minted on this request (mm_minted), and writes it back to the cookie", async () => {
    localStorage.setItem("mm_aid", "u_stored");
    document.cookie = "aid=u_justminted; path=/";
    document.cookie = "mm_minted=u_justminted; path=/";
    mount();
    expect(await aid()).toBe("u_stored");
    expect(document.cookie).toContain("aid=u_stored");
    expect(document.cookie).not.toContain("aid=u_justminted;");
  });

  it("adopts a minted cookie id when the browser has none stored", async () => {
    document.cookie = "aid=u_firstvisit; path=/";
    document.cookie = "mm_minted=u_firstvisit; path=/";
    mount();
    expect(await aid()).toBe("u_firstvisit");
    expect(localStorage.getItem("mm_aid")).toBe("u_firstvisit");
  });

  it("treats a companion for another id as not minted", async () => {
    localStorage.setItem("mm_aid", "u_stored");
    document.cookie = "aid=u_cookie; path=/";
    document.cookie = "mm_minted=u_other; path=/";
    mount();
    expect(await aid()).toBe("u_cookie");
  });

  it("ignores an invalid aid cookie", async () => {
    localStorage.setItem("mm_aid", "u_stored");
    document.cookie = "aid=%3C%2Fscript%3E; path=/";
    mount();
    expect(await aid()).toBe("u_stored");
  });

  it("reads a renamed cookie and writes back under its name", async () => {
    localStorage.setItem("mm_aid", "u_stored");
    document.cookie = "site_aid=u_minted2; path=/";
    document.cookie = "mm_minted=u_minted2; path=/";
    mount({ cookie: { name: "site_aid" } });
    expect(await aid()).toBe("u_stored");
    expect(document.cookie).toContain("site_aid=u_stored");
  });

  it("ignores an element with id=__aid (DOM clobbering) and still reads the cookie", async () => {
    const anchor = document.createElement("h2");
    anchor.id = "__aid";
    document.body.append(anchor);
    // Browsers expose it as window.__aid (named access); jsdom does not, so do it by hand.
    w.__aid = anchor;
    localStorage.setItem("mm_aid", "u_stored");
    document.cookie = "aid=u_fromcookie; path=/";
    mount();
    expect(await aid()).toBe("u_fromcookie");
  });

  it("still prefers window.__aid over the cookie", async () => {
    w.__aid = { id: "u_script", minted: false };
    document.cookie = "aid=u_cookie; path=/";
    mount();
    expect(await aid()).toBe("u_script");
  });
});
