// Which wrappers flush on exit by default: withMillimetric and the Hono middleware where the
// runtime has process signals, never createRequestScope unless asked; and how the runtime
// is told apart. What a SIGTERM then does is test/shutdown.packed.test.ts (real processes).
import { describe, expect, it } from "vitest";
import { hasProcessSignals } from "./hasProcessSignals";
import { millimetric } from "./hono";
import { createRequestScope, existingClient, init, track, withMillimetric } from "./index";

/** track-node's process-wide flushOnExit registrations (one per wrapper that asked). */
const registrations = (): number =>
  (globalThis as { [k: symbol]: { registrations: unknown[] } | undefined })[Symbol.for("millimetric.flushOnExit")]?.registrations.length ?? 0;

/** How many registrations `make()` added. */
function added(make: () => unknown): number {
  const before = registrations();
  make();
  return registrations() - before;
}

const handler = () => new Response("ok");

describe("flushOnExit", () => {
  it("withMillimetric and the Hono middleware register by default on Node", () => {
    expect(hasProcessSignals()).toBe(true);
    expect(added(() => withMillimetric(handler))).toBe(1);
    expect(added(() => withMillimetric(handler, { key: "sk_test_abcdef12_secretsecretsecret", flushAt: 10 }))).toBe(1);
    expect(added(() => millimetric())).toBe(1);
    expect(added(() => withMillimetric(handler, { flushOnExit: { timeoutMs: 2000, signals: ["SIGTERM"] } }))).toBe(1);
  });

  it("flushOnExit: false registers nothing, and createRequestScope registers only when asked", () => {
    expect(added(() => withMillimetric(handler, { flushOnExit: false }))).toBe(0);
    expect(added(() => millimetric({ flushOnExit: false }))).toBe(0);
    expect(added(() => createRequestScope())).toBe(0);
    expect(added(() => createRequestScope({ flushOnExit: true }))).toBe(1);
  });

  it("the option is not a client option: with it alone, events still go to track-node's default client", async () => {
    // A client option would make the wrapper create a client of its own, which has no key here and throws.
    init({ disabled: true });
    const ids: Array<string | undefined> = [];
    for (const flushOnExit of [true, { timeoutMs: 1000 }, false] as const) {
      const wrapped = withMillimetric(() => (ids.push(track({ event: "visit" })), new Response("ok")), { flushOnExit });
      expect((await wrapped(new Request("http://localhost/", { headers: { "sec-fetch-site": "none" } }))).status).toBe(200);
    }
    expect(ids).toHaveLength(3);
    expect(existingClient()).toBeDefined();
  });
});

describe("hasProcessSignals", () => {
  /** Runs `fn` with `name` on globalThis set to `value`, restored after (synchronously). */
  function withGlobal<T>(name: string, value: unknown, fn: () => T): T {
    const had = Object.getOwnPropertyDescriptor(globalThis, name);
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    try {
      return fn();
    } finally {
      if (had) Object.defineProperty(globalThis, name, had);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  }

  it("Node, Bun, Deno: a process with on()", () => {
    expect(hasProcessSignals()).toBe(true);
  });

  it("Cloudflare Workers (a process from nodejs_compat, no signals): false", () => {
    expect(withGlobal("navigator", { userAgent: "Cloudflare-Workers" }, hasProcessSignals)).toBe(false);
  });

  it("Vercel Edge (EdgeRuntime): false", () => {
    expect(withGlobal("EdgeRuntime", "edge-runtime", hasProcessSignals)).toBe(false);
  });

  it("no process, or one without on(): false", () => {
    expect(withGlobal("process", undefined, hasProcessSignals)).toBe(false);
    expect(withGlobal("process", { env: {} }, hasProcessSignals)).toBe(false);
  });
});
