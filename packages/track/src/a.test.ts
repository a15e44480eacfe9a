// @vitest-environment node
// The script-tag build, loaded the way a page loads it: a <script data-key data-host>.
import { readFileSync } from "node:fs";
import { JSDOM, VirtualConsole } from "jsdom";
import { afterEach, beforeEach, expect, it } from "vitest";
import { recorder, waitFor } from "./testing";

let srv: Awaited<ReturnType<typeof recorder>>;
beforeEach(async () => {
  srv = await recorder();
});
afterEach(() => srv.close());

function page(attrs: string, errors: unknown[] = []) {
  const virtualConsole = new VirtualConsole();
  virtualConsole.on("error", (m) => errors.push(m));
  virtualConsole.on("jsdomError", (e) => errors.push(e));
  const code = readFileSync(new URL("../dist/a.js", import.meta.url), "utf8");
  const dom = new JSDOM(`<!doctype html><script ${attrs}>${code}</script>`, {
    url: "http://localhost:5173/docs?utm_source=tag",
    runScripts: "dangerously",
    virtualConsole,
    beforeParse(w) {
      // jsdom has no fetch of its own: lend it Node's, as a browser would have one.
      Object.assign(w, { fetch, Request });
    },
  });
  return dom.window as unknown as Window & { mm: Record<string, (...a: any[]) => any> };
}

it("dist/a.js reads data-key/data-host, inits and exposes window.mm", async () => {
  const errors: unknown[] = [];
  const w = page(`data-key="pk_test_tag00000_x" data-host="${srv.host}"`, errors);
  expect(errors).toEqual([]);
  expect(Object.keys(w.mm).sort()).toEqual(["anonymousIdHeaders", "flush", "getAnonymousId", "identify", "isOptedOut", "optIn", "optOut", "page", "reset", "setAnonymousId", "track"]);
  w.mm.track!("from_tag");
  await w.mm.flush!();
  await waitFor(() => srv.events().length === 2);
  expect(srv.events().map((e) => e.event)).toEqual(["$pageview", "from_tag"]);
  expect(srv.requests[0]!.headers.authorization).toBe("Bearer pk_test_tag00000_x");
  expect(srv.events()[0]).toMatchObject({ path: "/docs", anonymous_id: w.mm.getAnonymousId!(), properties: { $utm_source: "tag" } });
  // The id as the header a cross-origin API reads (init ran as the tag loaded).
  expect(w.mm.anonymousIdHeaders!()).toEqual({ "x-millimetric-anonymous-id": w.mm.getAnonymousId!() });
  w.close();
});

it("a secret key in the tag logs an error, sends nothing and leaves window.mm callable", async () => {
  const errors: unknown[] = [];
  const w = page(`data-key="sk_live_f6589a94_secret" data-host="${srv.host}"`, errors);
  expect(errors).toEqual(["[millimetric] needs a pk_ key"]); // a page build: the short production message
  expect(typeof w.mm.track).toBe("function");
  expect(w.mm.anonymousIdHeaders!()).toEqual({}); // the SDK never started: no id, no header
  w.mm.track!("x");
  await w.mm.flush!();
  expect(srv.requests).toHaveLength(0);
  w.close();
});
