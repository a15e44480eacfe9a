// @vitest-environment jsdom
// The browser SDK applies three of core's rules in its own compact code, for the size
// budget: the id reconciliation, the properties limit and the opt-out cookie. These
// properties hold them to core's functions, so a rule changed in one place and not the
// other fails here.
import { isOptedOut, isValidId, OPT_OUT_COOKIE, reconcileAnonymousId } from "@millimetric/core";
import { propertiesError } from "@millimetric/core/internal";
import fc from "fast-check";
import { expect, it, vi } from "vitest";
import { sandbox } from "./testing";

const { load } = sandbox();
const RUNS = { numRuns: 150 };

const id = fc.oneof(
  fc.constantFrom("u_local", "u_server", "a", "x".repeat(128), "x".repeat(129), "", "a b", "</script>", "u_é"),
  fc.stringMatching(/^[\w-]{1,8}$/),
  fc.string({ maxLength: 6 }),
);
const server = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  id,
  fc.record({ id, minted: fc.boolean() }),
  fc.record({ id: fc.anything(), minted: fc.anything() }, { requiredKeys: [] }),
  fc.integer(),
);

it("init settles the same id as core's reconcileAnonymousId, and writes the cookie exactly when it says so", async () => {
  await fc.assert(
    fc.asyncProperty(fc.option(id, { nil: undefined }), server, async (stored, aid) => {
      localStorage.clear();
      if (stored !== undefined) localStorage.setItem("mm_aid", stored);
      const writes: string[] = [];
      const spy = vi.spyOn(document, "cookie", "set").mockImplementation((v: string) => void writes.push(v));
      const mm = await load();
      mm.configure({ disabled: true }); // the test helpers' way to send nothing
      mm.init({ key: "pk_test_x", host: "http://127.0.0.1:9", autoPageView: false, flushIntervalMs: 3_600_000, anonymousId: aid as never });
      spy.mockRestore();
      const expected = reconcileAnonymousId(stored, aid);
      const got = mm.getAnonymousId()!;
      if (expected.id !== undefined) expect(got).toBe(expected.id);
      else expect(got).toMatch(/^u_[0-9a-f]{32}$/);
      expect(isValidId(got)).toBe(true);
      expect(writes.length).toBe(expected.writeCookie ? 1 : 0);
    }),
    {
      ...RUNS,
      // The cases the rule is about, every run; the random ones around them.
      examples: [
        ["u_local", { id: "u_server", minted: false }],
        ["u_local", { id: "u_server", minted: true }],
        ["u_local", { id: "u_local", minted: true }],
        [undefined, { id: "u_server", minted: true }],
        ["</script>", { id: "u_server", minted: true }],
        ["u_local", { id: "</script>", minted: false }],
        ["u_local", "u_string"],
        ["u_local", undefined],
      ],
    },
  );
});

it("track() accepts exactly the properties core's propertiesError accepts, apart from non-plain objects that serialise to an object", async () => {
  const mm = await load();
  mm.configure({ disabled: true }); // the test helpers' way to send nothing
  mm.init({ key: "pk_test_x", host: "http://127.0.0.1:9", autoPageView: false, flushIntervalMs: 3_600_000 });
  const value = fc.oneof(
    fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
    fc.record({ big: fc.string({ minLength: 2700, maxLength: 8300, unit: fc.constantFrom("a", "é", "€", "😀") }) }),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.constantFrom("text", 1, true, 1n, new Date(0)),
  );
  fc.assert(
    fc.property(value, (p) => {
      let threw = false;
      try {
        mm.track("e", p as never);
      } catch {
        threw = true;
      }
      expect(threw).toBe(propertiesError(p) !== undefined);
    }),
    RUNS,
  );
});

it("the opt-out cookie is read from document.cookie exactly as core's isOptedOut reads it from a Cookie header", async () => {
  const { hasOptOutCookie } = await import("./optOutCookie");
  // What document.cookie can hold: name=value pairs joined by "; ", names and values
  // without ";" and trimmed by the browser's cookie store; a nameless cookie is its value.
  const piece = fc.constantFrom("1", "%31", '"', "%", "%3", "%25", "%22", "0", "=", "x", " ", "2", "%32");
  const value = fc.array(piece, { maxLength: 5 }).map((p) => p.join("").trim());
  const name = fc.constantFrom(OPT_OUT_COOKIE, OPT_OUT_COOKIE, "a", `x${OPT_OUT_COOKIE}`, `${OPT_OUT_COOKIE}x`, "");
  const cookie = fc.tuple(name, value).map(([n, v]) => (n ? `${n}=${v}` : v.replace(/=/g, "")));
  const jar = fc.array(cookie, { maxLength: 4 }).map((c) => c.filter(Boolean).join("; "));
  const read = vi.spyOn(document, "cookie", "get");
  fc.assert(
    fc.property(jar, (header) => {
      read.mockReturnValue(header);
      expect(hasOptOutCookie()).toBe(isOptedOut((n) => (n == "cookie" ? header : undefined), true));
    }),
    { numRuns: 1000, examples: [[`${OPT_OUT_COOKIE}=%31`], [`${OPT_OUT_COOKIE}="1"`], [`${OPT_OUT_COOKIE}="%31"`], [`${OPT_OUT_COOKIE}=%221%22`]] },
  );
  read.mockRestore();
});
