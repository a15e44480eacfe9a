import { getAnonymousId, type AidPayload, type ConfigureOptions, type InitOptions, type MillimetricEvent } from "@millimetric/track";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { MillimetricContext, type MillimetricContextValue } from "./MillimetricContext";
import type { MillimetricCookieOptions } from "./MillimetricCookieOptions";
import { rememberProvider } from "./latestProvider";
import { subscribe } from "./sdk";
import { startSdk, type StartConfig } from "./startSdk";

/** Props of {@link MillimetricProvider}. */
export interface MillimetricProviderProps {
  /**
   * Your project's browser key (`pk_live_…`). A secret `sk_` key is refused with an error:
   * it must never reach a browser.
   * @example <MillimetricProvider apiKey={process.env.NEXT_PUBLIC_MILLIMETRIC_KEY!}>
   */
  apiKey: string;
  /**
   * Where events go.
   * @default "https://api.millimetric.ai"
   * @example <MillimetricProvider apiKey={key} host="http://localhost:8787">
   */
  host?: string;
  /**
   * The id your server used for this visitor (a bare id, or `{ id, minted }`). An id the
   * server read from an existing cookie wins over the browser's stored id; an id it minted
   * on this request loses to it, and the browser's id is written back to the cookie.
   * @default window.__aid (injected by the server adapters' scripts), else the id in the
   * `aid` cookie (minted on this request when the `mm_minted` cookie holds the same id)
   * @example <MillimetricProvider apiKey={key} anonymousId={{ id: aid, minted: false }}>
   */
  anonymousId?: string | AidPayload;
  /**
   * The `aid` cookie. `true` mirrors the browser's id into it on every start (option B of
   * the server-side recipe, for a server without the Millimetric middleware). Without it
   * the provider still reads the id a server put in the cookie when the page has no
   * `window.__aid` (static pages, the Pages Router), and writes the browser's id back when
   * it wins. Pass the cookie options your server adapter uses when you changed them
   * (`name`, `domain`, `path`, `maxAge`, `sameSite`), so the id is read from that cookie
   * and written back with the same attributes, replacing it instead of adding a second one.
   * Add `mirror: true` to keep that cookie equal to the browser's id, as `true` does with
   * the defaults (an SPA whose API or other pages live on subdomains of one site).
   * @default the `aid` cookie with its defaults, read but not mirrored
   * @example <MillimetricProvider apiKey={key} cookie>
   * @example <MillimetricProvider apiKey={key} cookie={{ domain: "example.com" }}>
   * @example <MillimetricProvider apiKey={key} cookie={{ domain: "example.com", mirror: true }}>
   */
  cookie?: boolean | MillimetricCookieOptions;
  /**
   * Any other option of the browser SDK's `init` (`autoPageView`, `flushIntervalMs`,
   * `flushBatchSize`, `ignorePrivacySignals`). The props above win over the same fields here.
   * @default {}
   * @example <MillimetricProvider apiKey={key} options={{ autoPageView: false }}>
   */
  options?: Partial<Omit<InitOptions, "key">>;
  /**
   * Sees every event after validation, before it is queued: return it (changed or not) to
   * send it, or `null` to drop it. A hook that throws drops that event only and reports it
   * (`onError`, code `before_send_failed`). The latest function passed is the one called.
   * @default none: events are sent as tracked
   * @example <MillimetricProvider apiKey={key} beforeSend={(e) => ({ ...e, url: e.url?.replace(/token=[^&]*()/, "token=redacted") })}>
   */
  beforeSend?: (event: MillimetricEvent) => MillimetricEvent | null;
  /**
   * One `[millimetric]` console line per event and per delivery result. Read when the SDK
   * starts.
   * @default false
   * @example <MillimetricProvider apiKey={key} debug={process.env.NODE_ENV !== "production"}>
   */
  debug?: boolean;
  /**
   * Validate and accept every call, send nothing (tests, preview deployments). Read when
   * the SDK starts.
   * @default false
   * @example <MillimetricProvider apiKey={key} disabled={isPreview}>
   */
  disabled?: boolean;
  /**
   * Receives a `MillimetricError` when an event is lost: `before_send_failed` (the hook
   * threw), `http_error` (the ingest refused a batch) and, in production builds,
   * `invalid_event` (a call that broke a rule, dropped; development throws it instead).
   * The latest function passed is the one called.
   * @default console in development builds
   * @example <MillimetricProvider apiKey={key} onError={(e) => Sentry.captureException(e)}>
   */
  onError?: ConfigureOptions["onError"];
  /** Your app; rendered as is, with no wrapper element. */
  children?: ReactNode;
}

/**
 * Starts the Millimetric browser SDK once (Strict Mode included), adopting the server's
 * anonymous id, and gives the hooks their context. It renders nothing but its children,
 * on the server and in the browser: no hydration mismatch, no layout shift.
 *
 * @example
 * ```tsx
 * <MillimetricProvider apiKey="pk_live_…">
 *   <App />
 * </MillimetricProvider>
 * ```
 */
export function MillimetricProvider(props: MillimetricProviderProps): ReactNode {
  const { apiKey, host, anonymousId, cookie, options, beforeSend, debug, disabled, onError, children } = props;
  // The latest props, for whoever starts the SDK first (a child's effect runs before ours).
  const config = useRef<StartConfig>({ apiKey });
  config.current = { apiKey, host, anonymousId, cookie, options, beforeSend, debug, disabled, onError };
  // So anonymousIdHeaders() outside components can start the SDK with these props before
  // our effect runs (children's effects and render-time fetches come first).
  rememberProvider(config);

  // Undefined on the server and in the first client render, so hydration matches.
  const [id, setId] = useState<string | undefined>(undefined);
  const ready = useCallback(() => startSdk(config), []);

  useEffect(() => {
    if (!ready()) return;
    const sync = () => setId(getAnonymousId());
    sync();
    return subscribe(sync);
  }, [ready, apiKey]);

  const value = useMemo<MillimetricContextValue>(() => ({ ready, anonymousId: id }), [ready, id]);
  return <MillimetricContext.Provider value={value}>{children}</MillimetricContext.Provider>;
}
