import { checkProperties, emit } from "./emit";

/**
 * Sends a `$pageview` yourself (with `autoPageView: false`, or for virtual pages such as
 * a modal), with `$name` set to `name`.
 *
 * @throws MillimetricTypeError (code `invalid_event`, a `TypeError`) naming the field and the
 * rule, in development, when `properties` is not a JSON object of at most 8 KB; production builds drop the call instead and tell
 * `configure({ onError })` (an analytics call never throws at a visitor).
 * @example
 * ```ts
 * page("Pricing", { variant: "b" });
 * ```
 */
export function page(name?: string, properties?: Record<string, unknown>): void {
  if (checkProperties(properties)) emit("$pageview", { ...properties, $name: name });
}
