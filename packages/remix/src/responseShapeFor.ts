import { MillimetricTypeError } from "@millimetric/core";
import { isProduction, warnOnce } from "@millimetric/core/internal";
import { survivesJson } from "./survivesJson";

/** How a plain loader/action value is sent with a `Set-Cookie` header. */
export type ResponseShape = "data" | "json";

// React Router 7.10+ and 8 hand loaders and actions these besides request/params/context;
// Remix 2 (classic and single fetch alike) never does.
const REACT_ROUTER_ARGS = ["url", "pattern", "unstable_url", "unstable_pattern"];

/**
 * The shape every framework running this loader accepts for `value` with a header:
 *
 * - `option` when the app chose one (`MillimetricRemixOptions.response`);
 * - `"data"` (React Router's `data(value, init)`) when the args show React Router 7.10+
 *   or 8, which keeps Dates, Maps and promises as they are;
 * - otherwise (Remix 2 with or without `future.v3_singleFetch`, older React Router 7) a
 *   JSON `Response`, which classic Remix requires and single fetch and React Router unwrap
 *   into the same data — when `value` survives JSON unchanged. When it does not, nothing
 *   here can tell classic Remix (which needs JSON) from single fetch (which would lose the
 *   Dates): an error in development, and in production one log line and JSON (the cookie
 *   must still be set).
 */
export function responseShapeFor(args: unknown, value: unknown, option: ResponseShape | undefined): ResponseShape {
  if (option) return option;
  if (typeof args === "object" && args !== null && REACT_ROUTER_ARGS.some((key) => key in args)) return "data";
  // Nothing returned (an action that only tracks) goes out as JSON null.
  if (value === undefined || survivesJson(value)) return "json";
  const message =
    "[millimetric] The data your loader or action returns holds values JSON cannot carry (a Date, Map, BigInt, promise or class instance), and its arguments do not say " +
    "whether this app runs Remix 2 classic (loaders return JSON) or single fetch / React Router (loaders return data()). " +
    'Pass millimetricLoader(args, loader, { response: "data" }) with future.v3_singleFetch or React Router, or { response: "json" } for classic Remix 2 ' +
    "(also to withMillimetric(fn, options)).";
  // A TypeError still (what it threw before codes), coded invalid_config: the fix is the `response` option.
  if (!isProduction()) throw new MillimetricTypeError("invalid_config", message);
  warnOnce("response-shape", `${message} Sending JSON meanwhile.`);
  return "json";
}
