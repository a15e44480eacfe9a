import { aidCookieTemplate, type AidCookieOptions } from "../ids/aidCookie";
import { MillimetricTypeError } from "../errors/MillimetricError";
import type { VisitorOptions } from "./VisitorOptions";

/**
 * {@link VisitorOptions} checked and prepared once, when an adapter is created, so the
 * per-request decision does no option work. Made by {@link visitorPolicy}.
 */
export interface VisitorPolicy {
  /** The id cookie's name. */
  readonly cookieName: string;
  /** Cookie attributes for a plain-http request. */
  readonly plainCookie: AidCookieOptions;
  /** Cookie attributes for an https request. */
  readonly secureCookie: AidCookieOptions;
  /** What `window.__aid.cookie` tells the browser (`undefined` for the default cookie). */
  readonly cookieTemplate: string | undefined;
  readonly ignorePrivacySignals: boolean;
}

// RFC 6265: a cookie name is an RFC 7230 token; attribute values may not hold `;` or controls.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ATTRIBUTE_VALUE = /^[^;\x00-\x1f\x7f]*$/;
const DOMAIN = /^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;
const SAME_SITE = ["Lax", "Strict", "None"];

/**
 * Checks an app's {@link VisitorOptions} and prepares them for {@link decideVisitor}. Call it
 * once, where the adapter is created: a bad cookie option fails the app's start with a
 * message naming the option, instead of writing a broken `Set-Cookie` on every request.
 *
 * @throws MillimetricTypeError (`invalid_config`) naming the option and the rule.
 * @example
 * ```ts
 * const policy = visitorPolicy({ cookie: { domain: "example.com" } });
 * // per request
 * const decision = decideVisitor({ header, https }, policy);
 * ```
 */
export function visitorPolicy(options: VisitorOptions = {}): VisitorPolicy {
  const cookie = options.cookie ?? {};
  if (typeof cookie !== "object" || cookie === null) invalid("cookie", "must be an object of cookie attributes");
  checkCookie(cookie);
  return {
    cookieName: cookie.name ?? "aid",
    plainCookie: { ...cookie, secure: cookie.secure ?? false },
    secureCookie: { ...cookie, secure: cookie.secure ?? true },
    cookieTemplate: aidCookieTemplate(cookie),
    ignorePrivacySignals: options.ignorePrivacySignals === true,
  };
}

function checkCookie(cookie: AidCookieOptions): void {
  const { name, path, domain, maxAge, sameSite, secure } = cookie;
  if (name !== undefined && (typeof name !== "string" || !TOKEN.test(name))) {
    invalid("cookie.name", `must be a cookie name (letters, digits and !#$%&'*+-.^_\`|~; no "=", ";", spaces or control characters), got ${JSON.stringify(name)}`);
  }
  if (path !== undefined && (typeof path !== "string" || !path.startsWith("/") || !ATTRIBUTE_VALUE.test(path))) {
    invalid("cookie.path", `must start with "/" and hold no ";" or control characters, got ${JSON.stringify(path)}`);
  }
  if (domain !== undefined && (typeof domain !== "string" || !DOMAIN.test(domain))) {
    invalid("cookie.domain", `must be a host name such as "example.com", got ${JSON.stringify(domain)}`);
  }
  if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0)) {
    invalid("cookie.maxAge", `must be a whole number of seconds (0 or more), got ${JSON.stringify(maxAge)}`);
  }
  if (sameSite !== undefined && !SAME_SITE.includes(sameSite)) {
    invalid("cookie.sameSite", `must be "Lax", "Strict" or "None", got ${JSON.stringify(sameSite)}`);
  }
  if (secure !== undefined && typeof secure !== "boolean") invalid("cookie.secure", `must be true or false, got ${JSON.stringify(secure)}`);
}

function invalid(option: string, rule: string): never {
  throw new MillimetricTypeError("invalid_config", `[millimetric] ${option} ${rule}.`);
}
