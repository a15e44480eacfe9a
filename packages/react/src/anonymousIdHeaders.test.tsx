// The id as a request header for an API on another origin (issue 28): a child's mount
// effect runs before the provider's, so the README's old recipe
// (`{ "x-millimetric-anonymous-id": getAnonymousId() }`) sent the string "undefined" there.
// The hook's anonymousIdHeaders() and the package's start the SDK with the provider's
// props first: the first request already carries the id every later event carries.
import { act, render, screen } from "@testing-library/react";
import { useEffect, type ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { freshSdkPerTest } from "./testSdk";

vi.mock("@millimetric/track", () => import("./testSdk").then((t) => t.passthrough()));

const t = freshSdkPerTest();
const HEADER = "x-millimetric-anonymous-id";

function Provider({ children, ...props }: { children?: ReactNode } & Record<string, unknown>) {
  return (
    <t.m.MillimetricProvider apiKey="pk_test_f6589a94_x" host={t.ingest.url} {...props}>
      {children}
    </t.m.MillimetricProvider>
  );
}

function ShowId() {
  return <output data-testid="aid">{t.m.useAnonymousId() ?? "none"}</output>;
}
const shownId = () => screen.findByText(/^u_/).then(() => screen.getByTestId("aid").textContent);

/** Records what `read()` returns in a child's mount effect (before the provider's effect). */
function OnMount({ read, into }: { read: () => unknown; into: unknown[] }) {
  useEffect(() => void into.push(read()), []);
  return null;
}

describe("anonymousIdHeaders() in a child's mount effect", () => {
  it("useMillimetric().anonymousIdHeaders: the header with the id the provider settles and the $pageview carries", async () => {
    const seen: unknown[] = [];
    const Child = () => {
      const { anonymousIdHeaders } = t.m.useMillimetric();
      return <OnMount read={anonymousIdHeaders} into={seen} />;
    };
    render(
      <Provider>
        <Child />
        <ShowId />
      </Provider>,
    );
    const id = await shownId();
    expect(seen).toEqual([{ [HEADER]: id }]);
    await act(() => t.m.flush());
    expect(t.ingest.events.find((e) => e.event === "$pageview")?.anonymous_id).toBe(id);
  });

  it("the package's anonymousIdHeaders(), outside any hook (an API client module): the same, once a provider rendered", async () => {
    const seen: unknown[] = [];
    render(
      <Provider>
        <OnMount read={() => t.m.anonymousIdHeaders()} into={seen} />
        <ShowId />
      </Provider>,
    );
    const id = await shownId();
    expect(seen).toEqual([{ [HEADER]: id }]);
  });

  it("the old recipe, for the record: getAnonymousId() is still undefined there, a header of it the string 'undefined'", async () => {
    const seen: unknown[] = [];
    render(
      <Provider>
        <OnMount read={() => new Headers({ [HEADER]: t.m.getAnonymousId() as string }).get(HEADER)} into={seen} />
        <ShowId />
      </Provider>,
    );
    await shownId();
    expect(seen).toEqual(["undefined"]);
  });

  it("is {} before any provider rendered, and on an opted-out visitor's pages (never a missing id)", async () => {
    expect(t.m.anonymousIdHeaders()).toEqual({});
    document.cookie = "mm_optout=1; path=/";
    const seen: unknown[] = [];
    const Child = () => {
      const { anonymousIdHeaders } = t.m.useMillimetric();
      return <OnMount read={anonymousIdHeaders} into={seen} />;
    };
    render(
      <Provider>
        <Child />
        <OnMount read={() => t.m.anonymousIdHeaders()} into={seen} />
      </Provider>,
    );
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen).toEqual([{}, {}]);
  });

  it("follows the id: reset() gives the next request the new one", async () => {
    render(
      <Provider>
        <ShowId />
      </Provider>,
    );
    const first = await shownId();
    expect(t.m.anonymousIdHeaders()).toEqual({ [HEADER]: first });
    act(() => t.m.reset());
    expect(t.m.anonymousIdHeaders()[HEADER]).toMatch(/^u_[0-9a-f]{32}$/);
    expect(t.m.anonymousIdHeaders()[HEADER]).not.toBe(first);
  });
});

describe("cookie={{ …, mirror: true }}: the SPA keeps the aid cookie equal to its id, with the app's attributes", () => {
  /** Every value written to document.cookie. */
  const writes = () => {
    const set = vi.spyOn(document, "cookie", "set");
    return () => set.mock.calls.map(([v]) => String(v));
  };

  it("writes a fresh visitor's id with the attributes (the domain), before the first request leaves", async () => {
    const written = writes();
    const seen: unknown[] = [];
    render(
      <Provider cookie={{ name: "site_aid", domain: "localhost", mirror: true }}>
        <OnMount read={() => [t.m.anonymousIdHeaders(), document.cookie]} into={seen} />
        <ShowId />
      </Provider>,
    );
    const id = await shownId();
    expect(written()).toContainEqual(`site_aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax; Domain=localhost`);
    expect(seen).toEqual([[{ [HEADER]: id }, `site_aid=${id}`]]);
  });

  it("keeps a returning visitor's stored id, and writes it", async () => {
    localStorage.setItem("mm_aid", "u_stored");
    render(
      <Provider cookie={{ mirror: true }}>
        <ShowId />
      </Provider>,
    );
    expect(await shownId()).toBe("u_stored");
    expect(document.cookie).toBe("aid=u_stored");
  });

  it("adopts the id a server put in the cookie (an existing one wins over the stored id) and keeps it there", async () => {
    localStorage.setItem("mm_aid", "u_stored");
    document.cookie = "site_aid=u_fromserver; path=/";
    const written = writes();
    render(
      <Provider cookie={{ name: "site_aid", domain: "localhost", mirror: true }}>
        <ShowId />
      </Provider>,
    );
    expect(await shownId()).toBe("u_fromserver");
    expect(written()).toContainEqual("site_aid=u_fromserver; Path=/; Max-Age=31536000; SameSite=Lax; Domain=localhost");
    act(() => t.m.reset()); // later changes follow, with the same attributes
    expect(written().at(-1)).toMatch(/^site_aid=u_[0-9a-f]{32}; Path=\/; Max-Age=31536000; SameSite=Lax; Domain=localhost$/);
  });

  it("without mirror the object still only reads (unchanged): a fresh visitor's id is not written", async () => {
    render(
      <Provider cookie={{ name: "site_aid" }}>
        <ShowId />
      </Provider>,
    );
    await shownId();
    expect(document.cookie).toBe("");
  });
});
