// The adapter kit (`@millimetric/track-node/adapter`): the client plumbing Express, Fastify
// and @millimetric/fetch share, and the built entry's promise to carry no client of its own.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AdapterKit, clientFor, flushAfterResponse, flushQuietly, RequestVisitor, waitUntilOf } from "../src/adapter";
import { decideVisitor } from "@millimetric/core";
// By name, as the kit imports them: in these tests the name is the sources (vitest.config.ts).
import { existingClient, getClient, init, MillimetricClient, MillimetricError, type ClientOptions } from "@millimetric/track-node";
import { KEY, rejectionOf, useStubs } from "./stubs";

const pkgDir = fileURLToPath(new URL("..", import.meta.url));
const dist = (f: string) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));
const startStub = useStubs();
let names = 0;
/** A client with fast retries that reports nowhere. */
const quietClient = (host: string, o: ClientOptions = {}) => new MillimetricClient({ key: KEY, host, retryBaseMs: 10, onError: () => {}, ...o });

/** A kit with a registry of its own (one per test: registries are process-wide). */
const kitFor = (defaults?: ConstructorParameters<typeof AdapterKit>[0]["defaults"]) =>
  new AdapterKit({
    name: `test${++names}`,
    defaults,
    handledBy: "the test middleware",
    keyFix: ", or pass test({ key })",
    contextFix: (fn) => `Mount test() before your routes, use req.test.${fn}(), or pass anonymous_id/user_id yourself.`,
    visitorOption: "test({ isVisitorRequest })",
  });

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("millimetric.defaultClient")];
});

describe("client sources", () => {
  it("own a client made from their options (the adapter's defaults under them), borrow the default client otherwise", async () => {
    const s = await startStub();
    const kit = kitFor({ flushAt: 50 });
    const owned = kit.source(undefined, { key: KEY, host: s.url, pacing: false });
    expect(owned.ownsClient).toBe(true);
    expect(owned.peek()).toBeUndefined();
    const client = owned.get();
    expect(client).toBeInstanceOf(MillimetricClient);
    client.track({ event: "batched", user_id: "u1" });
    // flushAt 50 from the defaults: still queued.
    expect(client.stats.queued).toBe(1);
    await kit.flush();
    expect(s.events.map((e) => e.event)).toEqual(["batched"]);

    init({ key: KEY, host: s.url, pacing: false });
    // Options that are all undefined configure nothing: the default client serves them.
    const borrowing = kit.source(undefined, { key: undefined });
    expect(borrowing.ownsClient).toBe(false);
    expect(borrowing.get()).toBe(getClient());
    // track() outside any request goes to the latest source.
    expect(kit.sourceOf(undefined)).toBe(borrowing);
    expect(kit.sourceOf(owned)).toBe(owned);
    await kit.shutdown();
  });

  it("without a key, say what to set and how to pass it with this adapter; clientFor drops (logged once) in production", () => {
    vi.stubEnv("MILLIMETRIC_SECRET_KEY", "");
    const kit = kitFor();
    const source = kit.source();
    expect(source.peek()).toBeUndefined();
    expect(() => source.get()).toThrow(
      "[millimetric] no API key: set MILLIMETRIC_SECRET_KEY to your sk_ key (and MILLIMETRIC_HOST for a local ingest server), or pass test({ key })",
    );
    vi.stubEnv("NODE_ENV", "development");
    expect(() => clientFor(source)).toThrow(MillimetricError);
    vi.stubEnv("NODE_ENV", "production");
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(clientFor(source)).toBeUndefined();
    expect(clientFor(source)).toBeUndefined();
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0]![0]).toMatch(/no API key.*\(events are dropped until then\)$/);
  });

  it("take key and host from a platform's env (Workers) when process.env has none", async () => {
    vi.stubEnv("MILLIMETRIC_SECRET_KEY", "");
    vi.stubEnv("MILLIMETRIC_HOST", "");
    const s = await startStub();
    const kit = kitFor();
    const client = kit.source().get({ MILLIMETRIC_SECRET_KEY: KEY, MILLIMETRIC_HOST: s.url });
    client.track({ event: "from_env", user_id: "u1" });
    await kit.shutdown();
    expect(s.events.map((e) => e.event)).toEqual(["from_env"]);
  });
});

describe("flush and shutdown of every client an adapter sends to", () => {
  it("flush settles all of them, past a failing one; shutdown stops its own and only flushes one the app passed", async () => {
    vi.stubEnv("MILLIMETRIC_SECRET_KEY", "");
    const good = await startStub();
    const bad = await startStub(() => ({ status: 500 }));
    const kit = kitFor();
    const given = quietClient(good.url, { pacing: false });
    kit.source(given);
    const failing = kit.source(undefined, { key: KEY, host: bad.url, maxRetries: 0, retryBaseMs: 1, pacing: false, onError: () => {} }).get();
    const own = kit.source(undefined, { key: KEY, host: good.url, pacing: false, onError: () => {} }).get();
    failing.track({ event: "lost", user_id: "u1" });
    given.track({ event: "given", user_id: "u1" });
    own.track({ event: "own", user_id: "u1" });
    expect(await rejectionOf(kit.flush())).toMatchObject({ code: "retries_exhausted" });
    expect(good.events.map((e) => e.event).sort()).toEqual(["given", "own"]);
    await rejectionOf(kit.shutdown({ timeoutMs: 1000 }));
    own.track({ event: "after_shutdown", user_id: "u1" });
    given.track({ event: "still_running", user_id: "u1" });
    await given.flush();
    expect(good.events.map((e) => e.event)).toContain("still_running");
    expect(good.events.map((e) => e.event)).not.toContain("after_shutdown");
    await given.shutdown();
  });

  it("with nothing anywhere (no client, no key) both resolve at once", async () => {
    vi.stubEnv("MILLIMETRIC_SECRET_KEY", "");
    const kit = kitFor();
    kit.source();
    await expect(kit.flush()).resolves.toBeUndefined();
    await expect(kit.shutdown()).resolves.toBeUndefined();
  });

  it("never create the default client to flush it (it would hold nothing), but flush the one that exists", async () => {
    const s = await startStub();
    vi.stubEnv("MILLIMETRIC_SECRET_KEY", KEY);
    vi.stubEnv("MILLIMETRIC_HOST", s.url);
    const kit = kitFor();
    const borrowing = kit.source();
    await kit.flush();
    expect(borrowing.peek()).toBeUndefined();
    expect(existingClient()).toBeUndefined();
    borrowing.get().track({ event: "borrowed", user_id: "u1" });
    expect(existingClient()).toBe(getClient());
    expect(borrowing.peek()).toBe(getClient());
    await kit.flush();
    expect(s.events.map((e) => e.event)).toEqual(["borrowed"]);
    await kit.shutdown();
  });
});

describe("the after-response seam", () => {
  it("hands one flush to the platform's waitUntil, found among a handler's arguments and bound to its owner", async () => {
    const s = await startStub();
    const client = quietClient(s.url, { flushAt: 50, pacing: false });
    const handed: Array<Promise<unknown>> = [];
    const ctx = {
      handed,
      waitUntil(this: { handed: Array<Promise<unknown>> }, p: Promise<unknown>) {
        this.handed.push(p);
      },
    };
    const waitUntil = waitUntilOf([{ remoteAddr: 1 }, undefined, ctx]);
    expect(waitUntilOf([{}, null, 1])).toBeUndefined();
    client.track({ event: "after", user_id: "u1" });
    expect(flushAfterResponse(client, waitUntil)).toBe(true);
    expect(handed).toHaveLength(1);
    await handed[0];
    expect(s.events.map((e) => e.event)).toEqual(["after"]);
    expect(flushAfterResponse(undefined, waitUntil)).toBe(false);
    expect(flushAfterResponse(client, undefined)).toBe(false);
    expect(handed).toHaveLength(1);
    await client.shutdown();
  });

  it("never throws: a waitUntil that throws and a failed flush are each logged once", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = { flush: () => Promise.reject(new MillimetricError("retries_exhausted", "no luck")) };
    expect(
      flushAfterResponse(broken, () => {
        throw new Error("not here");
      }),
    ).toBe(false);
    await flushQuietly(broken);
    await flushQuietly(broken);
    expect(errors.mock.calls.map((c) => c[0])).toEqual([
      expect.stringMatching(/^\[millimetric\] waitUntil threw \(Error: not here\); events of this request leave in the background instead\.$/),
      "[millimetric] flushing events after the response failed: [millimetric] no luck (shown once)",
    ]);
  });
});

describe("the adapter's messages", () => {
  it("outside a request and without a visitor: a MillimetricError in development naming the fix, one log line per call in production", () => {
    const kit = kitFor();
    vi.stubEnv("NODE_ENV", "development");
    expect(() => kit.missingContext("track")).toThrow(
      "[millimetric] track() was called outside a request handled by the test middleware, so the event has no anonymous_id or user_id. " +
        "Mount test() before your routes, use req.test.track(), or pass anonymous_id/user_id yourself.",
    );
    expect(() => kit.missingContext("aidScript", "so there is no visitor id to hand to the browser")).toThrow(/handled by the test middleware, so there is no visitor id/);
    expect(() => kit.missingVisitor("identify")).toThrow(expect.objectContaining({ code: "missing_context" }));
    expect(() => kit.missingVisitor("identify")).toThrow(/so the test middleware did not invent one for it.*a CORS preflight.*with test\(\{ isVisitorRequest \}\)\.$/);
    vi.stubEnv("NODE_ENV", "production");
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    kit.missingContext("identify");
    kit.missingContext("identify");
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it("one visitor handle: the decision's id, track/identify bound to it, the script with the adapter's nonce or the caller's", () => {
    const sent: Array<{ event: string; anonymous_id?: string; user_id?: string }> = [];
    const client = { track: (e: { event: string }, ids: { anonymous_id?: string; user_id?: () => string }) => (sent.push({ event: e.event, anonymous_id: ids.anonymous_id, user_id: ids.user_id?.() }), "e1") };
    const kit = new AdapterKit({ name: "handle-test", handledBy: "the test", keyFix: "", contextFix: () => "", visitorOption: "" });
    const source = kit.source(client as never);
    const decision = decideVisitor({ header: (name) => ({ cookie: "aid=u_visitor" })[name] });
    const visitor = new RequestVisitor(decision, { kit, source, userId: () => "user_1", nonce: () => "n<1>" });
    expect(visitor).toMatchObject({ anonymousId: "u_visitor", minted: false, optedOut: false, payload: { id: "u_visitor", minted: false } });
    expect(visitor.track({ event: "signup" })).toBe("e1");
    expect(sent).toEqual([{ event: "signup", anonymous_id: "u_visitor", user_id: "user_1" }]);
    expect(visitor.aidScript()).toBe('<script nonce="n&#60;1&#62;">window.__aid={"id":"u_visitor","minted":false};</script>');
    expect(visitor.aidScript({ nonce: "other" })).toContain('nonce="other"');
    expect(visitor.script).toBe(visitor.aidScript());
    const none = new RequestVisitor(decideVisitor({ header: () => undefined }), { kit, source });
    expect([none.anonymousId, none.aidScript()]).toEqual([undefined, ""]);
  });
});

describe("the built ./adapter entry", () => {
  it("imports the client and the default client from the package's own entry, by name: it carries no copy of them", () => {
    for (const file of ["adapter.js", "adapter.cjs"]) {
      const code = readFileSync(dist(file), "utf8");
      const imports = [...code.matchAll(/^(?:import|export)\s[^;]*?from\s*'([^']+)'|require\('([^']+)'\)/gm)].map((m) => m[1] ?? m[2]);
      expect([...new Set(imports)].sort(), file).toEqual(["@millimetric/core", "@millimetric/core/internal", "@millimetric/track-node"]);
      expect(code, file).not.toMatch(/class MillimetricClient|millimetric\.defaultClient|new Delivery\(/);
    }
    for (const file of ["adapter.d.ts", "adapter.d.cts"]) {
      // The client type is the main entry's own: a second declaration of the class (it has
      // private fields) would not assign to the one apps import.
      const types = readFileSync(dist(file), "utf8");
      expect(types, file).toMatch(/^import \{[^}]*\bMillimetricClient\b[^}]*\} from '@millimetric\/track-node';$/m);
      expect(types, file).not.toMatch(/declare class MillimetricClient/);
    }
  });

  it("in Node, ESM and CJS, the kit's clients are the app's MillimetricClient and its default client the app's", () => {
    const check = (load: string) => `${load}
const kit = new AdapterKit({ name: "built", handledBy: "x", keyFix: "", contextFix: () => "", visitorOption: "" });
const own = kit.source(undefined, { key: ${JSON.stringify(KEY)}, host: "http://127.0.0.1:9" }).get();
init({ key: ${JSON.stringify(KEY)}, host: "http://127.0.0.1:9" });
console.log(own instanceof MillimetricClient, kit.source().get() === getClient());`;
    const esm = `import { AdapterKit } from "@millimetric/track-node/adapter";
import { MillimetricClient, init, getClient } from "@millimetric/track-node";`;
    const cjs = `const { AdapterKit } = require("@millimetric/track-node/adapter");
const { MillimetricClient, init, getClient } = require("@millimetric/track-node");`;
    for (const [type, load] of [["module", esm], ["commonjs", cjs]] as const) {
      const r = spawnSync(process.execPath, [`--input-type=${type}`, "-e", check(load)], { cwd: pkgDir, encoding: "utf8", env: { ...process.env, MILLIMETRIC_SECRET_KEY: "" } });
      expect({ type, out: r.stdout.trim(), err: r.stderr.trim() }).toEqual({ type, out: "true true", err: "" });
    }
  });
});
