import { cleanup } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { clearCookies, startIngest } from "./testIngest";

type Sdk = typeof import("@millimetric/track");
// On globalThis: vi.resetModules() also reloads this file, the spies must see the new SDK.
const real: { sdk?: Sdk } = ((globalThis as { __mmTestSdk?: { sdk?: Sdk } }).__mmTestSdk ??= {});
const NAMES = [
  "init",
  "track",
  "identify",
  "page",
  "flush",
  "getAnonymousId",
  "anonymousIdHeaders",
  "setAnonymousId",
  "reset",
  "optOut",
  "optIn",
  "isOptedOut",
  "configure",
  "aidFromCookies",
  "aidCookieTemplate",
  "pageAid",
] as const;

/**
 * The module `vi.mock("@millimetric/track", …)` returns in tests: every function is a spy
 * that calls the real browser SDK instance loaded by the last {@link freshSdk}. The error
 * classes are the real ones (their `instanceof` checks a brand, so any copy answers).
 */
export async function passthrough() {
  const { MillimetricError, MillimetricTypeError, ANONYMOUS_ID_HEADER } = await vi.importActual<Sdk>("@millimetric/track");
  return {
    ...Object.fromEntries(NAMES.map((n) => [n, vi.fn((...args: unknown[]) => (real.sdk![n] as Function)(...args))])),
    MillimetricError,
    MillimetricTypeError,
    ANONYMOUS_ID_HEADER,
  };
}

/** A fresh real browser SDK (its module state reset) and cleared call counts. */
export async function freshSdk(): Promise<void> {
  vi.resetModules();
  real.sdk = await vi.importActual<Sdk>("@millimetric/track");
  vi.clearAllMocks();
}

/**
 * What the hook tests share: a recording ingest for the file, and before each test a fresh
 * SDK, an empty localStorage, no cookies, no `window.__aid` and no recorded events; React
 * trees are unmounted after each. The file still declares its own
 * `vi.mock("@millimetric/track", …)` (vitest hoists it per file).
 */
export function freshSdkPerTest() {
  const t = {} as { ingest: Awaited<ReturnType<typeof startIngest>>; m: typeof import("./index"); sdk: Sdk };
  beforeAll(async () => void (t.ingest = await startIngest()));
  afterAll(() => t.ingest.close());
  beforeEach(async () => {
    await freshSdk();
    localStorage.clear();
    clearCookies();
    delete (window as { __aid?: unknown }).__aid;
    t.ingest.events.length = 0;
    t.m = await import("./index");
    t.sdk = await import("@millimetric/track");
  });
  afterEach(cleanup);
  return t;
}
