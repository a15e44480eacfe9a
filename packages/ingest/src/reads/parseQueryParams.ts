import { checkEvent } from "@millimetric/core/internal";
import type { EventFilters } from "../store/EventStore";
import { HttpError } from "../server/HttpError";

const PARAMS = ["from", "to", "event", "user_id", "anonymous_id", "limit"];
const DATE_ONLY = /^\d{4}-\d\d-\d\d$/;
// An answer names at most this many unknown parameters, quoting at most this much of
// each name; the rest are only counted. Otherwise a 16 KiB query of short unknown names
// made a 280 KiB answer, and one 12 000-character name was echoed whole.
const MAX_NAMED_UNKNOWN = 10;
const MAX_QUOTED_NAME = 64;

/**
 * The parameters of `GET /v1/query`: `from` (inclusive) and `to` (exclusive) as an
 * ISO-8601 date-time with a zone or a date (`2026-01-31`, midnight UTC); `event`,
 * `user_id`, `anonymous_id` (exact match, checked with core's field rules);
 * `limit` 1–1000, default 100. Unknown or repeated parameters are rejected so a
 * typo (`userId=`) does not silently return everything; the answer names the first 10
 * unknown ones (64 characters of each name at most) and, when there were more, counts
 * them in `details.unknown_parameters`.
 *
 * @throws HttpError 400 `invalid_params` with `details.fieldErrors`
 * @example
 * ```ts
 * parseQueryParams(new URLSearchParams("event=signup&limit=10")) // { event: "signup", limit: 10 }
 * ```
 */
export function parseQueryParams(query: URLSearchParams): EventFilters {
  // No prototype: `errors["__proto__"] = …` on a plain object sets its prototype
  // instead of a key, and `?__proto__=x` would then pass as no error at all.
  const errors: Record<string, string> = Object.create(null);
  let unknown = 0;
  for (const name of new Set(query.keys())) {
    if (PARAMS.includes(name)) {
      if (query.getAll(name).length > 1) errors[name] = "may be given only once";
    } else if (++unknown <= MAX_NAMED_UNKNOWN) {
      const quoted = name.length > MAX_QUOTED_NAME ? `${name.slice(0, MAX_QUOTED_NAME)}…` : name;
      errors[quoted] = `is not a query parameter (parameters: ${PARAMS.join(", ")})`;
    }
  }
  const filters: EventFilters = { limit: 100 };
  for (const name of ["from", "to"] as const) {
    const value = query.get(name);
    if (value === null || errors[name]) continue;
    const iso = DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value;
    const r = checkEvent({ event: "query", timestamp: iso });
    if (!r.ok) errors[name] = `${r.fieldErrors.timestamp}, or a date like 2026-01-31`;
    else filters[name === "from" ? "fromMs" : "toMs"] = Date.parse(iso);
  }
  if (filters.fromMs !== undefined && filters.toMs !== undefined && filters.fromMs >= filters.toMs) {
    errors.to = "must be later than from";
  }
  const ids: Record<string, string> = {};
  for (const name of ["event", "user_id", "anonymous_id"] as const) {
    const value = query.get(name);
    if (value !== null && !errors[name]) ids[name] = value;
  }
  const r = checkEvent({ event: "query", ...ids });
  if (!r.ok) Object.assign(errors, r.fieldErrors);
  else Object.assign(filters, ids);
  const limit = query.get("limit");
  if (limit !== null && !errors.limit) {
    if (!/^\d{1,4}$/.test(limit) || +limit < 1 || +limit > 1000) errors.limit = "must be an integer from 1 to 1000 (default 100)";
    else filters.limit = +limit;
  }
  for (const _ in errors) {
    throw new HttpError(400, "invalid_params", {
      fieldErrors: errors,
      // Only when some went unnamed: how many unknown parameters the query had.
      ...(unknown > MAX_NAMED_UNKNOWN && { unknown_parameters: unknown }),
    });
  }
  return filters;
}
