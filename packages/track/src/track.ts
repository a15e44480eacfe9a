import { emit } from "./emit";

/**
 * Records an event. It is stamped with the time of this call, a random `event_id`, the
 * ids, `url`/`path`/`referrer` and `$` context (viewport, language, timezone, `utm_*` and
 * click ids), then queued. Does nothing before {@link init}, on the server, or when
 * the visitor's browser sends Do-Not-Track / Global Privacy Control.
 *
 * @throws MillimetricTypeError (code `invalid_event`, a `TypeError`) naming the field and the
 * rule, in development, when the event is invalid (it never reaches a batch); production builds drop the call instead and tell
 * `configure({ onError })` (an analytics call never throws at a visitor).
 * @example
 * ```ts
 * track("clicked_upgrade", { plan: "pro" });
 * ```
 */
// emit itself, not a wrapper: this is the bundle's hottest few bytes.
export const track: (event: string, properties?: Record<string, unknown>) => void = emit;
