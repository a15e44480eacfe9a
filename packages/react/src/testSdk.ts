import { vi } from "vitest";

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
  const { MillimetricError, MillimetricTypeError } = await vi.importActual<Sdk>("@millimetric/track");
  return {
    ...Object.fromEntries(NAMES.map((n) => [n, vi.fn((...args: unknown[]) => (real.sdk![n] as Function)(...args))])),
    MillimetricError,
    MillimetricTypeError,
  };
}

/** A fresh real browser SDK (its module state reset) and cleared call counts. */
export async function freshSdk(): Promise<void> {
  vi.resetModules();
  real.sdk = await vi.importActual<Sdk>("@millimetric/track");
  vi.clearAllMocks();
}
