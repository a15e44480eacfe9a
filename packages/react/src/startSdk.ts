import { aidCookieTemplate, configure, init, MillimetricError, pageAid, type AidPayload, type ConfigureOptions, type InitOptions } from "@millimetric/track";
import { mintId } from "@millimetric/core";
import { isProduction } from "@millimetric/core/internal";
import type { MillimetricCookieOptions } from "./MillimetricCookieOptions";

/** Everything the provider passes to the browser SDK's `configure` and `init`. */
export interface StartConfig extends ConfigureOptions {
  apiKey: string | undefined;
  host?: string;
  anonymousId?: string | AidPayload;
  cookie?: boolean | MillimetricCookieOptions;
  options?: Partial<Omit<InitOptions, "key">>;
}

let started: string | undefined;
let reported = false;

/**
 * Inits the browser SDK at most once per key, whoever asks first: the provider's effect
 * or a child's effect (children's effects run before their parent's). `config` is the
 * provider's latest props, read again by the `beforeSend` and `onError` it hands to the
 * SDK, so a new function on a later render takes over. Client only.
 */
export function startSdk(config: { current: StartConfig }): boolean {
  const c = config.current;
  if (typeof window === "undefined") return false;
  if (started !== undefined && started === c.apiKey) return true;
  if (!c.apiKey) {
    const message =
      '[millimetric] <MillimetricProvider> has no apiKey: pass apiKey="pk_…" (in Next.js set NEXT_PUBLIC_MILLIMETRIC_KEY).';
    if (!isProduction()) throw new MillimetricError("invalid_key", message);
    if (!reported) (reported = true), console.error(message);
    return false;
  }
  // Before init, so the first $pageview goes through them too; only when asked for, so
  // the SDK's own path stays as it is for everyone else.
  if (c.beforeSend || c.debug || c.disabled || c.onError) {
    configure({
      beforeSend: c.beforeSend && ((event) => (config.current.beforeSend ? config.current.beforeSend(event) : event)),
      debug: c.debug,
      disabled: c.disabled,
      onError: c.onError && ((error) => config.current.onError?.(error)),
    });
  }
  const o = c.options ?? {};
  const { mirror, ...attributes } = typeof c.cookie === "object" ? c.cookie : { mirror: false };
  // window.__aid, else the aid cookie (static pages, the Pages Router): one rule, in the SDK.
  const given = c.anonymousId ?? o.anonymousId ?? pageAid(attributes);
  // Throws on an sk_/rk_/ak_ key outside production: let it surface, never swallow it.
  init({
    ...o,
    key: c.apiKey,
    host: c.host ?? o.host,
    cookie: c.cookie === true || !!mirror || (c.cookie === undefined && o.cookie),
    anonymousId: mirror ? mirrored(given, aidCookieTemplate(attributes)) : given,
  });
  started = c.apiKey;
  return true;
}

/**
 * The server's id (or none) carrying the cookie the browser mirrors its id into, so init
 * writes it with the app's attributes (a `domain`) even when no server rendered a payload:
 * no id at all becomes one "minted now", which loses to an id this browser already
 * stored, exactly as init's own minting would.
 */
function mirrored(given: string | AidPayload | undefined, cookie: string | undefined): string | AidPayload {
  const payload: AidPayload = typeof given === "string" ? { id: given, minted: false } : (given ?? { id: mintId(), minted: true });
  return { ...payload, cookie: payload.cookie ?? cookie };
}
