import { emit } from "./emit";

/**
 * Sends a `$pageview` yourself (with `autoPageView: false`, or for virtual pages such as
 * a modal), with `$name` set to `name`.
 *
 * @example
 * ```ts
 * page("Pricing", { variant: "b" });
 * ```
 */
export function page(name?: string, properties?: Record<string, unknown>): void {
  emit("$pageview", properties, { $name: name });
}
