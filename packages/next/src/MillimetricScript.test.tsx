import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

// <MillimetricScript> used to read the request (headers()), which made every route
// dynamic. It is kept for old layouts and must now read nothing and render nothing.
const headers = vi.hoisted(() => vi.fn(async () => new Headers({ cookie: "aid=u_1" })));
vi.mock("next/headers", () => ({ headers }));

const { MillimetricScript } = await import("./index");

describe("<MillimetricScript> (deprecated)", () => {
  it("renders nothing and never reads the request, so a layout that keeps it stays static", () => {
    expect(MillimetricScript({})).toBeNull();
    expect(renderToStaticMarkup(<MillimetricScript nonce="n1" cookie={{ domain: "example.com" }} />)).toBe("");
    expect(headers).not.toHaveBeenCalled();
  });
});
