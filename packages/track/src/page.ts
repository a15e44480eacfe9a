import { checkProperties, emit } from "./emit";

/**
 * Sends a `$pageview` yourself (with `autoPageView: false`, or for virtual pages such as
 * a modal), with `$name` set to `name`.
 *
 * @throws TypeError when `properties` is not a JSON object of at most 8 KB.
 * @example
 * ```ts
 * page("Pricing", { variant: "b" });
 * ```
 */
export function page(name?: string, properties?: Record<string, unknown>): void {
  checkProperties(properties);
  emit("$pageview", { ...properties, $name: name });
}
