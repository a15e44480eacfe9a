import { getAnonymousId, type AidPayload, type InitOptions } from "@millimetric/track";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { MillimetricContext, type MillimetricContextValue } from "./MillimetricContext";
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
   * @default window.__aid (injected by <MillimetricScript> and the other adapters' scripts)
   * @example <MillimetricProvider apiKey={key} anonymousId={{ id: aid, minted: false }}>
   */
  anonymousId?: string | AidPayload;
  /**
   * Mirror the anonymous id into the first-party `aid` cookie (`Path=/; Max-Age=31536000;
   * SameSite=Lax`, `Secure` on https — the attributes the server adapters use), so a server
   * without the Millimetric middleware still reads it from every request.
   * @default false
   * @example <MillimetricProvider apiKey={key} cookie>
   */
  cookie?: boolean;
  /**
   * Any other option of the browser SDK's `init` (`autoPageView`, `flushIntervalMs`,
   * `flushBatchSize`, `ignorePrivacySignals`). The props above win over the same fields here.
   * @default {}
   * @example <MillimetricProvider apiKey={key} options={{ autoPageView: false }}>
   */
  options?: Partial<Omit<InitOptions, "key">>;
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
  const { apiKey, host, anonymousId, cookie, options, children } = props;
  // The latest props, for whoever starts the SDK first (a child's effect runs before ours).
  const config = useRef<StartConfig>({ apiKey });
  config.current = { apiKey, host, anonymousId, cookie, options };

  // Undefined on the server and in the first client render, so hydration matches.
  const [id, setId] = useState<string | undefined>(undefined);
  const ready = useCallback(() => startSdk(config.current), []);

  useEffect(() => {
    if (!ready()) return;
    const sync = () => setId(getAnonymousId());
    sync();
    return subscribe(sync);
  }, [ready, apiKey]);

  const value = useMemo<MillimetricContextValue>(() => ({ ready, anonymousId: id }), [ready, id]);
  return <MillimetricContext.Provider value={value}>{children}</MillimetricContext.Provider>;
}
