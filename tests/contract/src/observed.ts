// What a row observes, and the small readers its expectation uses.
import type { Received } from "@millimetric-internal/test-support/stubIngest";

export type { Received };

/** The routes every column's app has (src/columns.ts maps them to the column's paths). */
export type RouteName = "page" | "static" | "cacheable" | "api" | "health" | "webhook" | "late" | "release" | "work" | "flush";

/** One request a row sends: the rest (marker header, body) is added by the runner. */
export interface RowRequest {
  route: RouteName;
  /** @default "GET", or "POST" for api, webhook, release and flush */
  method?: string;
  headers?: Record<string, string>;
  /** The Cookie header, exactly as sent (may hold bytes that are not UTF-8). */
  cookie?: string;
}

/** What one request of a row produced. */
export interface HttpObserved {
  /** The variant's name, for the failure message. */
  variant: string;
  status: number;
  /** Every Set-Cookie line of the response. */
  setCookies: string[];
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Server events this request tracked (their `properties.req` is the request's marker). */
  events: Received[];
  /** Every event the ingest received from the request until the app's flush answered. */
  received: Received[];
  /** Status of the app's flush endpoint, called right after (the app still answers). */
  flushStatus: number;
}

/** What a browser row (13, 14) observed in real Chromium. */
export interface BrowserObserved {
  /** `aid` and `mm_minted` set by the landing response(s), in order. */
  landings: { aid: string | undefined; mmMinted: string | undefined }[];
  /** The browser SDK's stored id (`localStorage.mm_aid`) after the last landing settled. */
  stored: string | null;
  /** The `aid` cookie the browser holds at the end. */
  cookie: string | undefined;
  /** The id the browser held before its cookie was cleared (row 14). */
  before?: string | null;
  /** Server events of the requests the page made afterwards (a navigation, a same-origin fetch). */
  later: Received[];
  /** Console errors and uncaught page errors. */
  problems: string[];
}

/** Row 17: what creating the adapter's middleware with a bad cookie option did. */
export interface CreateObserved {
  variant: string;
  /** The option whose value is bad, as core names it (`cookie.name`). */
  option: string;
  /** One entry per creation point of the adapter: the refusal's message, or undefined when it was accepted. */
  refusals: { via: string; message: string | undefined }[];
}

/** Row 19: events tracked after the response finished. */
export interface LateObserved {
  /** The id of the request that scheduled the work. */
  scheduledBy: string;
  /** The id of the (still open) request that released it. */
  releasedBy: string;
  late: Received[];
  /** `[millimetric]` lines the app printed while the late work ran. */
  diagnostics: string[];
  /** The app's NODE_ENV: the warning is a development one. */
  mode: "development" | "production";
}

/** Row 20: concurrent requests. */
export interface ConcurrencyObserved {
  requests: number;
  failed: number;
  /** Events expected (two per request) and received. */
  expected: number;
  received: number;
  /** Events whose anonymous_id is not the id their request carried. */
  misattributed: { expect: unknown; got: unknown }[];
}

export const ID = /^u_[0-9a-f]{32}$/;

/** The value of the `name` cookie set by the response (the first such line), or undefined. */
export function setCookieValue(setCookies: string[], name: string): string | undefined {
  for (const line of setCookies) {
    const eq = line.indexOf("=");
    if (eq > 0 && line.slice(0, eq).trim() === name) return line.slice(eq + 1).split(";")[0]!.trim();
  }
  return undefined;
}

/** The Set-Cookie lines that carry a visitor: `aid` and `mm_minted`. */
export function visitorCookies(setCookies: string[]): string[] {
  return setCookies.filter((line) => /^\s*(aid|mm_minted)=/.test(line));
}

/** The anonymous ids of events (`undefined` for none; null and "" count as none). */
export function idsOf(events: Received[]): (string | undefined)[] {
  return events.map((e) => (e.anonymous_id == null || e.anonymous_id === "" ? undefined : String(e.anonymous_id)));
}

/** A short description of a request's outcome, for failure messages. */
export function describe(o: HttpObserved): string {
  return JSON.stringify(
    {
      variant: o.variant,
      status: o.status,
      setCookies: o.setCookies.map((c) => (c.length > 120 ? c.slice(0, 120) + "…" : c)),
      events: o.events.map((e) => ({ event: e.event, anonymous_id: e.anonymous_id, user_id: e.user_id })),
    },
    null,
    1,
  );
}
