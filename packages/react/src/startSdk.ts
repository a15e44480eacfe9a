import { aidCookieTemplate, aidFromCookies, init, type AidCookieOptions, type AidPayload, type InitOptions } from "@millimetric/track";
import { isDevelopment } from "./isDevelopment";

/** Everything the provider passes to the browser SDK's `init`. */
export interface StartConfig {
  apiKey: string | undefined;
  host?: string;
  anonymousId?: string | AidPayload;
  cookie?: boolean | Omit<AidCookieOptions, "secure">;
  options?: Partial<Omit<InitOptions, "key">>;
}

let started: string | undefined;
let reported = false;

/**
 * Inits the browser SDK at most once per key, whoever asks first: the provider's effect
 * or a child's effect (children's effects run before their parent's). Client only.
 */
export function startSdk(c: StartConfig): boolean {
  if (typeof window === "undefined") return false;
  if (started !== undefined && started === c.apiKey) return true;
  if (!c.apiKey) {
    const message =
      '[millimetric] <MillimetricProvider> has no apiKey: pass apiKey="pk_…" (in Next.js set NEXT_PUBLIC_MILLIMETRIC_KEY).';
    if (isDevelopment()) throw new Error(message);
    if (!reported) (reported = true), console.error(message);
    return false;
  }
  const o = c.options ?? {};
  // Throws on an sk_/rk_/ak_ key outside production: let it surface, never swallow it.
  init({
    ...o,
    key: c.apiKey,
    host: c.host ?? o.host,
    cookie: c.cookie === true || (c.cookie === undefined && o.cookie),
    anonymousId: c.anonymousId ?? o.anonymousId ?? serverCookieId(typeof c.cookie === "object" ? c.cookie : undefined),
  });
  started = c.apiKey;
  return true;
}

/**
 * The server's id from its cookies when the page carries no `window.__aid` script (a
 * static page, the Pages Router, a cached shell): core's rule, `aidFromCookies` (the
 * `mm_minted` companion says whether the id was minted on this very request). With a
 * `window.__aid` string or plain object, `undefined`: init adopts that itself.
 */
function serverCookieId(cookie?: Omit<AidCookieOptions, "secure">): AidPayload | undefined {
  const injected = (window as { __aid?: unknown }).__aid;
  if (typeof injected === "string" || (typeof injected === "object" && injected?.constructor === Object)) return undefined;
  const found = aidFromCookies(document.cookie, cookie?.name);
  // The browser writes its own id back under the server's name, domain and path.
  return found && { ...found, cookie: aidCookieTemplate(cookie) };
}
