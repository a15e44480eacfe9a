import * as browser from "@millimetric/track";
import { useMemo } from "react";
import { useMillimetricContext } from "./MillimetricContext";
import { identify, optIn, optOut, reset, setAnonymousId } from "./sdk";

/** What {@link useMillimetric} returns; every function is stable across renders. */
export interface MillimetricApi {
  /**
   * Records an event (validated: on bad input it throws a TypeError, code `invalid_event`,
   * naming the field, in development; production builds drop the call and tell `onError`).
   * @example track("clicked_upgrade", { plan: "pro" })
   */
  track(event: string, properties?: Record<string, unknown>): void;
  /**
   * Links this browser's anonymous id to your user id and tags later events with it.
   * @example identify(user.id, { plan: user.plan })
   */
  identify(userId: string, traits?: Record<string, unknown>): void;
  /**
   * Sends a `$pageview` yourself (virtual pages, or with `autoPageView: false`).
   * @example page("Pricing")
   */
  page(name?: string, properties?: Record<string, unknown>): void;
  /**
   * Logout: a new anonymous id, the user id forgotten. `useAnonymousId()` updates.
   * @example await signOut(); reset();
   */
  reset(): void;
  /**
   * Sends queued events now; resolves when delivered or failed (never rejects).
   * @example await flush(); location.href = "/bye";
   */
  flush(): Promise<void>;
  /**
   * Adopts an id (e.g. one your server owns); throws on an invalid id.
   * @example setAnonymousId(idFromServer)
   */
  setAnonymousId(id: string): void;
  /**
   * The current anonymous id; undefined on the server.
   * @example fetch("/api/x", { headers: { "x-millimetric-anonymous-id": getAnonymousId() ?? "" } })
   */
  getAnonymousId(): string | undefined;
  /**
   * The id as the header an API on another origin reads: `{ "x-millimetric-anonymous-id": id }`,
   * or `{}` when there is none to send (opted out, on the server) — never a missing id.
   * Starts the SDK first, so a child's mount effect already has the id. The API must allow
   * the header in its CORS configuration (`ANONYMOUS_ID_HEADER`).
   * @default `{}` on the server and while the visitor is opted out
   * @example useEffect(() => void fetch(`${API}/plans`, { headers: anonymousIdHeaders() }), [anonymousIdHeaders])
   */
  anonymousIdHeaders(): Record<string, string>;
  /**
   * The visitor opts out: nothing more is sent from this browser, the `mm_optout=1` cookie
   * tells every server adapter, and the anonymous id is forgotten (`useAnonymousId()` updates).
   * @example <button onClick={optOut}>Do not track me</button>
   */
  optOut(): void;
  /**
   * Undoes `optOut()`: events are sent again, under a fresh anonymous id.
   * @example <button onClick={optIn}>Allow analytics</button>
   */
  optIn(): void;
  /**
   * Whether this browser sends nothing for the visitor's choice (`optOut()`, or Do-Not-Track /
   * Global Privacy Control once the SDK runs). `false` on the server: call it in an effect
   * or a handler, not while rendering.
   * @example useEffect(() => setChecked(!isOptedOut()), [isOptedOut])
   */
  isOptedOut(): boolean;
}

/** The API object for the context's `ready`; shared by the hooks. Internal. */
export function useMillimetricApi(hook: string): MillimetricApi {
  const { ready } = useMillimetricContext(hook);
  return useMemo<MillimetricApi>(
    () => ({
      track: (event, properties) => void (ready() && browser.track(event, properties)),
      identify: (userId, traits) => void (ready() && identify(userId, traits)),
      page: (name, properties) => void (ready() && browser.page(name, properties)),
      reset: () => void (ready() && reset()),
      flush: () => (ready() ? browser.flush() : Promise.resolve()),
      setAnonymousId: (id) => void (ready() && setAnonymousId(id)),
      getAnonymousId: () => (ready() ? browser.getAnonymousId() : undefined),
      anonymousIdHeaders: () => (ready() ? browser.anonymousIdHeaders() : {}),
      // Consent needs no started SDK (an opt-out before the first start must hold), and
      // starting it first would mint an id only to forget it.
      optOut: () => optOut(),
      optIn: () => void (optIn(), ready()),
      isOptedOut: () => browser.isOptedOut(),
    }),
    [ready],
  );
}

/**
 * Millimetric's browser API inside a <MillimetricProvider>. Calls made before the
 * provider's own effect (e.g. from a child's effect) start the SDK first; calls made
 * on the server do nothing.
 *
 * @throws Error when used outside <MillimetricProvider>, saying how to fix it.
 * @example
 * ```tsx
 * const { track } = useMillimetric();
 * return <button onClick={() => track("clicked_upgrade", { plan: "pro" })}>Upgrade</button>;
 * ```
 */
export function useMillimetric(): MillimetricApi {
  return useMillimetricApi("useMillimetric()");
}
